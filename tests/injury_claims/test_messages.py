"""Seed 001 p28 ("车险人伤处理模块主要升级变化 增加人伤跟踪和审核环节发送短信和电子邮件功能"): SMS at the follow-up and
review steps to the handler and the reviewer (their notifications), and to the injured person where they agreed —
their number encrypted at rest, masked wherever it is shown or logged."""

from __future__ import annotations

import datetime
import json
import logging
from decimal import Decimal

import pytest
from django.db import connection
from django.utils import timezone

from injury_claims.services import claims as services
from injury_claims.services import reviews as review_services
from sla.models import Delivery, Notification
from sla.notifications import send_delivery

from .conftest import claim_data, person_data
from .test_claims import _first, _submit_costs

pytestmark = pytest.mark.django_db

MOBILE = "13912345678"


def _texts(person) -> list[str]:
    return list(
        Delivery.objects.filter(notification__isnull=True, object_id=person.pk)
        .order_by("pk")
        .values_list("text", flat=True)
    )


@pytest.fixture
def agreed(orgs, follow_up_handler):
    """A claim with one injured person who agreed to SMS messages and one who did not."""
    claim = services.register_claim(
        claim_data(orgs.jilin, follow_up_handler),
        [
            person_data("张伟", mobile=MOBILE, consents_to_messages=True),
            person_data("李娜", mobile="13800001111", consents_to_messages=False),
        ],
        by=follow_up_handler,
    )
    return claim.persons.get(name="张伟"), claim.persons.get(name="李娜")


def test_the_injured_who_agreed_is_told_who_follows_them_up_and_the_other_is_not(agreed, follow_up_handler):
    zhang, li = agreed
    [text] = _texts(zhang)
    assert "张伟" in text and zhang.claim.report_no in text and "调解" in text
    assert _texts(li) == []
    delivery = Delivery.objects.get(object_id=zhang.pk, notification__isnull=True)
    assert delivery.channel == "sms" and delivery.address == "139****5678"


def test_the_number_is_encrypted_in_the_database(agreed):
    zhang, _li = agreed
    delivery = Delivery.objects.get(object_id=zhang.pk, notification__isnull=True)
    with connection.cursor() as cursor:
        cursor.execute("SELECT address, sealed_address FROM sla_delivery WHERE id = %s", [delivery.pk])
        address, sealed = cursor.fetchone()
    assert MOBILE not in address and MOBILE not in sealed and sealed
    assert delivery.sealed_address == MOBILE


def test_a_scheduled_follow_up_tells_the_injured_the_day_once(agreed, follow_up_handler):
    zhang, _li = agreed
    day = timezone.localdate() + datetime.timedelta(days=3)
    _first(zhang, follow_up_handler, outcome="visit", next_on=day)
    texts = _texts(zhang)
    assert len(texts) == 2 and str(day) in texts[1]


def test_approved_costs_are_told_to_the_injured_and_to_the_handler(agreed, follow_up_handler, reviewers):
    zhang, li = agreed
    low, _high = reviewers
    review = _submit_costs(zhang, follow_up_handler, amount=Decimal("500"), first=True)
    review_services.decide_review(review, "approve", by=low, expected_state="pending")
    assert "审核" in _texts(zhang)[-1]
    assert Notification.objects.filter(
        recipient=follow_up_handler, kind="injury_claims.person_changed"
    ).exists()
    review = _submit_costs(li, follow_up_handler, amount=Decimal("500"), first=True)
    review_services.decide_review(review, "approve", by=low, expected_state="pending")
    assert _texts(li) == []  # did not agree


def test_the_message_goes_to_the_whole_number_and_the_log_masks_it(agreed, settings, tmp_path, caplog):
    zhang, _li = agreed
    delivery = Delivery.objects.get(object_id=zhang.pk, notification__isnull=True)
    settings.SMS_BACKEND = "file"
    settings.VAR_DIR = tmp_path
    assert send_delivery(delivery.pk) == Delivery.Status.SENT
    [record] = [json.loads(line) for line in (tmp_path / "sms.log").read_text(encoding="utf-8").splitlines()]
    assert record["to"] == MOBILE and "张伟" in record["text"]
    assert send_delivery(delivery.pk) is None  # sent once

    settings.SMS_BACKEND = "console"
    Delivery.objects.filter(pk=delivery.pk).update(status="failed", next_attempt_at=timezone.now())
    with caplog.at_level(logging.INFO, logger="sla.sms"):
        assert send_delivery(delivery.pk) == Delivery.Status.SENT
    assert "139****5678" in caplog.text and MOBILE not in caplog.text


def test_a_failing_gateway_is_retried_for_the_injured_too(agreed, settings):
    zhang, _li = agreed
    delivery = Delivery.objects.get(object_id=zhang.pk, notification__isnull=True)
    settings.SMS_BACKEND = "http"
    settings.SMS_HTTP_URL = "http://127.0.0.1:9/sms"  # nothing listens there
    settings.SMS_HTTP_TIMEOUT = 1
    assert send_delivery(delivery.pk) == Delivery.Status.FAILED
    delivery.refresh_from_db()
    assert delivery.attempts == 1 and delivery.next_attempt_at is not None


def test_the_person_page_lists_the_messages_with_the_number_masked(agreed, follow_up_handler):
    from django.urls import reverse

    from tests.conftest import client_for

    zhang, li = agreed
    page = (
        client_for(follow_up_handler).get(reverse("injury_claims:person", args=[zhang.pk])).content.decode()
    )
    assert "139****5678" in page and MOBILE not in page and "我司也可通过调解与您协商结案" in page
    other = client_for(follow_up_handler).get(reverse("injury_claims:person", args=[li.pk])).content.decode()
    assert "未同意接收短信进度通知" in other
