"""Cross-cutting HTTP rules: private pages are never cached, request bodies have a ceiling (issue 7, 9 and 10)."""

import pytest
from django.test import override_settings
from django.urls import reverse

from hospitals.models import HospitalImport
from tests.conftest import client_for


def test_authenticated_pages_are_private_and_not_stored(claims_head):
    response = client_for(claims_head).get(reverse("home"))
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"


def test_authenticated_redirects_and_errors_are_private_too(claims_head):
    client = client_for(claims_head)
    assert client.get("/no-such-page/")["Cache-Control"] == "private, no-store"


@override_settings(MAX_REQUEST_BYTES=1024)
def test_a_body_over_the_ceiling_is_refused_before_anything_reads_it(claims_head):
    client = client_for(claims_head)
    response = client.post(reverse("hospitals:import"), {"file": "x" * 4096})
    assert response.status_code == 413
    assert "too large" in response.content.decode() or "过大" in response.content.decode()
    assert not HospitalImport.objects.exists()


@override_settings(MAX_REQUEST_BYTES=1024)
def test_the_refusal_reaches_htmx_as_a_toast(claims_head):
    response = client_for(claims_head).post(
        reverse("hospitals:import"), {"file": "x" * 4096}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 413 and "toast" in response["HX-Trigger"]


@pytest.mark.parametrize(("meta", "status"), [({"HTTP_TRANSFER_ENCODING": "chunked"}, 411)])
def test_a_body_of_unknown_length_is_refused(claims_head, meta, status):
    client = client_for(claims_head)
    response = client.generic("POST", reverse("hospitals:import"), b"", **meta, CONTENT_LENGTH="")
    assert response.status_code == status
