"""Races on imports: two people importing the same hospital file at once (the registry: all or nothing, the
name+city unique), and two people importing the same network list of a green-channel product at once."""

from __future__ import annotations

from functools import partial

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from green_channel.models import NetworkListVersion, ServiceProduct
from hospitals.imports import process_import
from hospitals.models import Hospital, HospitalImport
from organization.roles import Role
from tests.conftest import english_client
from tests.hospitals.test_import import HEADER_ZH, csv_bytes

from .harness import Pairs, Tally, is_translated

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

LOST_RACE = (
    "A hospital with the same name and city as one in the file was added while the import ran. "
    "Nothing was imported; upload the file again to see which."
)
ALREADY = "is already in the registry"


def hospital_file(n: int) -> bytes:
    rows = [
        [f"并发导入医院{n:04d}{k}", "吉林省", "长春市", "朝阳区", f"人民大街{k}号", "公立", "三级甲等", "综合医院", "300", "0431-85595114", "是"]
        for k in range(3)
    ]  # fmt: skip
    return csv_bytes(rows, header=HEADER_ZH)


def test_two_people_import_the_same_hospital_file_at_once(orgs, make_user):
    """Both uploads are accepted; the two imports then run side by side in two workers. One creates the three
    hospitals; the other imports nothing and says why (the name+city taken while it ran, or already in the
    registry by the time it checked) — never six hospitals, never three and a half."""
    assert is_translated(LOST_RACE)
    clients = [
        english_client(make_user(orgs.jilin, Role.BRANCH_CLAIMS_HEAD, username=f"jl_head_{who}"))
        for who in "ab"
    ]
    url = reverse("hospitals:import")
    tally = Tally("hospitals: two imports of the same registry file at once")
    with Pairs() as pairs:
        for n in range(50):
            content = hospital_file(n)
            uploads = [
                partial(c.post, url, {"file": SimpleUploadedFile(f"名单{n}.csv", content)}) for c in clients
            ]
            a, b = pairs.run(*uploads)
            assert [a.result().status_code, b.result().status_code] == [302, 302]
            made = list(HospitalImport.objects.filter(original_name=f"名单{n}.csv").order_by("pk"))
            assert len(made) == 2
            a, b = pairs.run(
                partial(process_import, made[0].pk, "en"), partial(process_import, made[1].pk, "en")
            )
            a.result(), b.result()
            tally.pairs += 1
            for imp in made:
                imp.refresh_from_db()
            statuses = sorted(imp.status for imp in made)
            assert statuses == ["done", "failed"], statuses
            (winner,) = (imp for imp in made if imp.status == "done")
            (loser,) = (imp for imp in made if imp.status == "failed")
            tally.win("first upload" if winner.pk == made[0].pk else "second upload")
            told = " | ".join(m for e in loser.errors for m in e["messages"])
            assert LOST_RACE in told or ALREADY in told, told
            tally.stale_messages += 1
            created = Hospital.objects.filter(name__startswith=f"并发导入医院{n:04d}")
            if created.count() != 3 or winner.created_count != 3:
                tally.lost_updates += 1
            assert created.count() == 3 and winner.created_count == 3 and loser.created_count == 0
            page = clients[0].get(reverse("hospitals:import_status", args=[loser.pk]))
            assert page.status_code == 200
    tally.done()


NETWORK_HEADER = "城市,医院名称,科室"


def test_two_people_import_the_same_network_list_at_once(orgs, make_user):
    """Two HQ agents upload the same list of a product at the same instant. The imports of a product run one after
    the other (the product's row is locked): two versions with consecutive numbers, exactly one of them current,
    each complete — the second a copy of the first, not a mix of both."""
    code = "cancer-31-cities"
    product = ServiceProduct.objects.get(code=code)
    clients = [
        english_client(make_user(orgs.hq, Role.GREEN_CHANNEL_AGENT, username=f"hq_agent_{who}"))
        for who in "ab"
    ]
    url = reverse("green_channel:network_import", args=[code])
    tally = Tally("green_channel: two imports of the same network list at once")
    with Pairs() as pairs:
        for n in range(50):
            rows = [f"长春,并发名单医院{n:03d}{k},肿瘤科" for k in range(3)]
            content = "\r\n".join([NETWORK_HEADER, *rows]).encode()
            uploads = [
                partial(c.post, url, {"file": SimpleUploadedFile(f"network{n}.csv", content), "note": who})
                for c, who in zip(clients, "ab", strict=True)
            ]
            a, b = pairs.run(*uploads)
            tally.pairs += 1
            assert [a.result().status_code, b.result().status_code] == [302, 302]
            versions = list(NetworkListVersion.objects.filter(product=product, file_name=f"network{n}.csv"))
            assert len(versions) == 2
            numbers = sorted(v.number for v in versions)
            assert numbers[1] == numbers[0] + 1
            assert NetworkListVersion.objects.filter(product=product, is_current=True).count() == 1
            current = NetworkListVersion.objects.get(product=product, is_current=True)
            assert current.number == numbers[1] and current in versions
            for version in versions:
                entries = sorted(version.entries.values_list("hospital_name", flat=True))
                if entries != [f"并发名单医院{n:03d}{k}" for k in range(3)]:
                    tally.lost_updates += 1
                assert version.entry_count == 3 and len(entries) == 3
            tally.both_applied_in_turn += 1
            tally.win(f"current by {current.note}")
    tally.done()
