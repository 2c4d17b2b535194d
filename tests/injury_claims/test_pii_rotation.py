"""Rotating the personal-information key (README.md, "Production checklist"): `manage.py rotate_pii_keys`.

Data encrypted under key A; the keys become "B,A" (B encrypts, both decrypt) and the command re-encrypts every
value under B and re-computes its keyed hash; then B alone decrypts everything and lookups by ID number still
find the people — also in between, before the command has reached them.
"""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection

from green_channel.models import InsuredPerson
from green_channel.selectors import find_policies
from injury_claims.models import InjuredPerson
from injury_claims.services import claims as services
from organization.pii import blind_index
from organization.roles import Role
from tests.green_channel.conftest import make_policy

from .conftest import VALID_ID

pytestmark = pytest.mark.django_db

CUSTOMER_ID = "220102198806061234"


def rotate(*args: str) -> str:
    out = StringIO()
    call_command("rotate_pii_keys", *args, stdout=out)
    return out.getvalue()


def stored(table: str, pk: int, column: str) -> str:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {column} FROM {table} WHERE id = %s", [pk])  # noqa: S608
        return cursor.fetchone()[0]


def test_rotation_re_encrypts_every_value_under_the_new_key_and_people_are_still_found(
    settings, orgs, make_user, claim, follow_up_handler
):
    agent = make_user(orgs.jilin, Role.GREEN_CHANNEL_AGENT)
    settings.PII_KEYS = ["key-A"]
    zhang = claim.persons.order_by("pk").first()
    services.update_person(zhang, {"id_number": VALID_ID, "mobile": "13912345678"}, by=follow_up_handler)
    policy = make_policy(orgs.jilin, "cancer-31-cities", number="GCP2024000001", id_number=CUSTOMER_ID)
    token_a = stored("injury_claims_injuredperson", zhang.pk, "id_number")

    settings.PII_KEYS = ["key-B", "key-A"]
    # Before the command has run, the agent still finds the customer by ID number (hash under A).
    assert [p.pk for p in find_policies(agent, CUSTOMER_ID)] == [policy.pk]
    assert "4 values would be re-encrypted" in rotate("--dry-run")
    assert stored("injury_claims_injuredperson", zhang.pk, "id_number") == token_a
    # A record the application saves meanwhile is written under B, and the command leaves it alone.
    InsuredPerson.objects.get(pk=policy.insured_id).save()
    output = rotate("--batch-size", "1")
    assert "2 values re-encrypted" in output, output
    assert "0 values re-encrypted" in rotate()  # idempotent: a second run (or a resumed one) changes nothing
    assert stored("injury_claims_injuredperson", zhang.pk, "id_number") != token_a

    settings.PII_KEYS = ["key-B"]
    zhang = InjuredPerson.objects.get(pk=zhang.pk)
    assert (zhang.id_number, zhang.mobile) == (VALID_ID, "13912345678")
    assert InjuredPerson.objects.get(id_hash=blind_index(VALID_ID)).pk == zhang.pk
    assert InjuredPerson.objects.get(mobile_hash=blind_index("13912345678")).pk == zhang.pk
    assert InsuredPerson.objects.get(pk=policy.insured_id).id_number == CUSTOMER_ID
    assert [p.pk for p in find_policies(agent, CUSTOMER_ID)] == [policy.pk]
