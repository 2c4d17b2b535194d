"""A scan stored by a step that is then refused leaves no file behind (issue 14, point 2): the court's document
filed while the person's costs are in review is refused by the step's guard after its scan was written; the
transaction rolls back and the scan is deleted with it."""

from __future__ import annotations

import pytest
from django.urls import reverse

from injury_claims.models import Judgment
from tests.badinput.upload_support import PDF, Integrity, assert_refused, form_errors, upload, zh
from tests.conftest import client_for
from tests.injury_claims.conftest import claim, follow_up_handler  # noqa: F401 - fixtures
from tests.injury_claims.test_litigation import CASE, TODAY, _defended, medic, officer, person  # noqa: F401

pytestmark = pytest.mark.django_db


def test_a_judgment_refused_by_its_step_leaves_no_scan_in_the_media_folder(person, officer, medic):  # noqa: F811
    import datetime

    matter = _defended(person, officer, medic)
    type(person).objects.filter(pk=person.pk).update(state="cost_review")
    client = client_for(officer)
    before = Integrity()
    response = client.post(
        reverse("injury_claims:litigation_judgment", args=[matter.pk]),
        {
            "expected_state": "first_instance",
            "kind": "mediation",
            "case_no": CASE,
            "decided_on": (TODAY - datetime.timedelta(days=42)).isoformat(),
            "served_on": (TODAY - datetime.timedelta(days=40)).isoformat(),
            "award_medical": "42000.50",
            "scan": upload("调解书.pdf", PDF),
        },
    )
    wanted = zh("The person's costs are in review: wait for its decision before closing per the court.")
    assert_refused(response, before, form_errors(response, "judgment_form"), wanted)
    assert not Judgment.objects.exists()
