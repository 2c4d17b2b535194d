"""Network-list versions (green_channel.network_services): each import a new current version numbered 1, 2, 3 …,
the older ones kept; rows matched to the registry; people's decisions carried over; two people deciding one row."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from green_channel.models import MatchStatus, NetworkEntry, NetworkListVersion, ServiceProduct
from green_channel.network_demo import seed_demo_networks
from green_channel.network_import import NetworkRow
from green_channel.network_services import NetworkImportRefused, decide_entry, import_network_list
from green_channel.selectors import in_network, network_hospitals
from organization.roles import Role
from tests.hospitals.conftest import make_hospital

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture
def product():
    return ServiceProduct.objects.get(code="cancer-31-cities")


@pytest.fixture
def hq_agent(orgs, make_user):
    return make_user(orgs.hq, Role.GREEN_CHANNEL_AGENT, username="hq_agent")


@pytest.fixture
def registry(orgs):
    return {
        "jd1": make_hospital(orgs.jilin),  # 吉林大学第一医院, 长春市
        "sz": make_hospital(
            orgs.shenzhen, name="北京大学深圳医院", province="44", city="深圳市", aliases="北大深圳医院"
        ),
        "jl_a": make_hospital(orgs.jilin, name="吉林市中心医院", city="吉林市"),
    }


def rows(*items) -> list[NetworkRow]:
    return [NetworkRow(n, city, name, dept) for n, (city, name, dept) in enumerate(items, start=2)]


LIST = rows(
    ("长春", "吉林大学第一医院", "肿瘤科、心内科"),
    ("深圳", "北大深圳医院", "肿瘤科"),
    ("长春", "吉林省肿瘤医院", "放疗科"),
    ("北京", "吉林市中心医院", ""),
)


def test_an_import_is_version_1_with_its_rows_matched_and_counted(product, registry, hq_agent):
    version = import_network_list(product, LIST, file_name="名单.xlsx", by=hq_agent, note="首版")
    assert (version.number, version.is_current, version.file_name, version.uploaded_by) == (
        1,
        True,
        "名单.xlsx",
        hq_agent,
    )
    entries = {e.hospital_name: e for e in version.entries.all()}
    assert entries["吉林大学第一医院"].status == MatchStatus.AUTO
    assert entries["吉林大学第一医院"].hospital == registry["jd1"]
    assert entries["吉林大学第一医院"].departments == "肿瘤科、心内科"
    assert entries["北大深圳医院"].hospital == registry["sz"]  # by its other name
    assert entries["吉林省肿瘤医院"].status == MatchStatus.UNDECIDED
    assert entries["吉林省肿瘤医院"].candidates == []
    # the same name in another city: not matched, offered as a candidate
    assert entries["吉林市中心医院"].status == MatchStatus.UNDECIDED
    assert entries["吉林市中心医院"].candidates == [registry["jl_a"].pk]
    assert (version.entry_count, version.city_count, version.matched_count, version.undecided_count) == (
        4,
        3,
        2,
        2,
    )


def test_a_newer_import_supersedes_the_older_which_stays_readable(product, registry, hq_agent):
    first = import_network_list(product, LIST, file_name="v1.xlsx", by=hq_agent)
    second = import_network_list(product, LIST[:2], file_name="v2.xlsx", by=hq_agent)
    third = import_network_list(product, LIST[:1], file_name="v3.csv", by=hq_agent)
    first.refresh_from_db()
    second.refresh_from_db()
    assert [first.number, second.number, third.number] == [1, 2, 3]
    assert [first.is_current, second.is_current, third.is_current] == [False, False, True]
    assert first.entries.count() == 4 and second.entries.count() == 2
    assert list(network_hospitals(product).values_list("hospital_name", flat=True)) == ["吉林大学第一医院"]
    # numbers are per product
    other = ServiceProduct.objects.get(code="ruitai")
    assert import_network_list(other, LIST, file_name="r.xlsx", by=hq_agent).number == 1


def test_one_current_version_per_product_is_a_constraint(product, hq_agent):
    from django.db import IntegrityError, transaction

    NetworkListVersion.objects.create(product=product, number=1, file_name="a")
    with pytest.raises(IntegrityError), transaction.atomic():
        NetworkListVersion.objects.create(product=product, number=2, file_name="b")


def test_rows_with_errors_import_nothing(product, hq_agent):
    with pytest.raises(NetworkImportRefused):
        import_network_list(
            product, LIST, errors=[{"row": 3, "messages": ["x"]}], file_name="bad.xlsx", by=hq_agent
        )
    assert not NetworkListVersion.objects.filter(product=product).exists()


def test_decisions_are_carried_over_to_the_next_version(product, registry, hq_agent):
    """A new version carries over people's decisions on the same (city, hospital name)."""
    first = import_network_list(product, LIST, file_name="v1.xlsx", by=hq_agent)
    absent = first.entries.get(hospital_name="吉林省肿瘤医院")
    chosen = first.entries.get(hospital_name="吉林市中心医院")
    decide_entry(absent.pk, hospital=None, by=hq_agent, expected_revision=0)
    decide_entry(chosen.pk, hospital=registry["jl_a"], by=hq_agent, expected_revision=0)
    again = rows(
        ("长春市", "吉林省肿瘤医院 ", "放疗科"),  # written a little differently: the same row
        ("北京", "吉林市中心医院", "心内科"),
        ("长春", "吉林大学第一医院", ""),
        ("上海", "复旦大学附属中山医院", ""),
    )
    second = import_network_list(product, again, file_name="v2.xlsx", by=hq_agent)
    entries = {e.hospital_name.strip(): e for e in second.entries.all()}
    assert entries["吉林省肿瘤医院"].status == MatchStatus.ABSENT
    assert entries["吉林省肿瘤医院"].decided_by == hq_agent
    assert entries["吉林市中心医院"].status == MatchStatus.MANUAL
    assert entries["吉林市中心医院"].hospital == registry["jl_a"]
    assert entries["吉林大学第一医院"].status == MatchStatus.AUTO
    assert entries["复旦大学附属中山医院"].status == MatchStatus.UNDECIDED
    assert (second.matched_count, second.absent_count, second.undecided_count) == (2, 1, 1)


def test_a_decision_moves_the_counts(product, registry, hq_agent):
    version = import_network_list(product, LIST, file_name="v1.xlsx", by=hq_agent)
    entry = version.entries.get(hospital_name="吉林省肿瘤医院")
    decided = decide_entry(entry.pk, hospital=registry["jd1"], by=hq_agent, expected_revision=0)
    assert (decided.status, decided.hospital, decided.decided_by, decided.revision) == (
        MatchStatus.MANUAL,
        registry["jd1"],
        hq_agent,
        1,
    )
    version.refresh_from_db()
    assert (version.matched_count, version.undecided_count) == (3, 1)
    decide_entry(
        entry.pk, hospital=None, by=hq_agent, expected_revision=1
    )  # changed: now not in the registry
    version.refresh_from_db()
    assert (version.matched_count, version.absent_count, version.undecided_count) == (2, 1, 1)


def test_two_people_deciding_one_row_one_wins_the_other_is_told(product, registry, hq_agent, orgs, make_user):
    other = make_user(orgs.hq, Role.ADMINISTRATOR, username="hq_admin", first_name="王")
    version = import_network_list(product, LIST, file_name="v1.xlsx", by=hq_agent)
    entry = version.entries.get(hospital_name="吉林省肿瘤医院")
    decide_entry(entry.pk, hospital=None, by=other, expected_revision=0)  # both saw revision 0
    with pytest.raises(ValidationError) as caught:
        decide_entry(entry.pk, hospital=registry["jd1"], by=hq_agent, expected_revision=0)
    assert "decided this row meanwhile" in caught.value.messages[0]
    entry.refresh_from_db()
    assert (entry.status, entry.decided_by) == (MatchStatus.ABSENT, other)


def test_a_superseded_version_is_not_decided(product, registry, hq_agent):
    first = import_network_list(product, LIST, file_name="v1.xlsx", by=hq_agent)
    import_network_list(product, LIST, file_name="v2.xlsx", by=hq_agent)
    entry = first.entries.get(hospital_name="吉林省肿瘤医院")
    with pytest.raises(ValidationError, match="superseded"):
        decide_entry(entry.pk, hospital=None, by=hq_agent, expected_revision=0)


def test_in_network_by_registry_hospital_or_by_name(product, registry, hq_agent, django_assert_num_queries):
    import_network_list(product, LIST, file_name="v1.xlsx", by=hq_agent)
    with django_assert_num_queries(1):
        found = in_network(product, registry["jd1"].pk)
    assert found and found.entry.hospital_name == "吉林大学第一医院"
    assert in_network(product, "吉林省肿瘤医院", "长春市")
    assert in_network(product, "吉林省肿瘤医院").entry.city == "长春"
    assert not in_network(product, "吉林省肿瘤医院", "深圳")
    assert in_network(product, "北京大学深圳医院")  # the registry's name of a matched row
    assert not in_network(product, registry["jl_a"].pk)  # undecided: no registry hospital yet
    assert not in_network(ServiceProduct.objects.get(code="ruitai"), registry["jd1"].pk)


def test_the_demo_imports_three_lists_once(orgs):
    make_hospital(orgs.jilin)
    assert seed_demo_networks() == {"network_lists": 3}
    assert seed_demo_networks() == {"network_lists": 0}
    version = NetworkListVersion.objects.get(product__code="cancer-31-cities")
    assert version.entry_count == 24 and version.matched_count >= 1 and version.undecided_count >= 1
    assert NetworkEntry.objects.filter(
        version=version, hospital_name="吉林大学第一医院", status="auto"
    ).exists()
