"""Bad files as the bank's return file of a payment batch (issue 14, point 2): each is refused whole with its
messages in Chinese, no payment is marked paid and nothing else is written. One batch serves the whole corpus (its
setup is a claim paid through to approval): every file is checked on its own against the snapshot taken before it."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from injury_claims.services import payment_batch as batches
from tests.badinput.upload_support import (
    HOSTILE_TEXT,
    PDF,
    PNG,
    Integrity,
    assert_refused,
    csv_bytes,
    entity_bomb_xlsx,
    form_errors,
    oversize,
    truncated,
    upload,
    xls,
    xlsx,
    zh,
    zip_bomb_xlsx,
)
from tests.conftest import client_for
from tests.injury_claims.conftest import follow_up_handler, reviewers  # noqa: F401 - fixtures
from tests.injury_claims.test_settlement_reports import ACCOUNT, approvers, standard, to_pay  # noqa: F401

pytestmark = pytest.mark.django_db
HEADER = ["序号", "账号", "金额", "流水号", "日期"]


def corpus(amount) -> list[tuple[str, str, bytes, str | None]]:
    today = timezone.localdate().isoformat()
    good = [1, ACCOUNT, f"{amount}", "BOC001", today]
    unreadable = zh("This file is not an Excel workbook that can be opened.")
    return [
        ("empty", "r.csv", b"", zh("The submitted file is empty.")),
        ("pdf", "r.pdf", PDF, zh("Upload an Excel workbook (.xlsx) or a CSV file (.csv).")),
        ("png named .xlsx", "r.xlsx", PNG, zh("This file is named .xlsx but is not an Excel workbook.")),
        ("xls where xlsx is expected", "r.xls", xls([HEADER, good]), None),
        ("xls content named .xlsx", "r.xlsx", xls([HEADER, good]), None),
        ("truncated xlsx", "r.xlsx", truncated(xlsx([HEADER, good])), unreadable),
        ("zip bomb", "r.xlsx", zip_bomb_xlsx(), "unpacks"),
        ("styles zip bomb", "r.xlsx", zip_bomb_xlsx("xl/styles.xml"), "unpacks"),
        ("entity bomb", "r.xlsx", entity_bomb_xlsx(), unreadable),
        ("utf-16", "r.csv", ",".join(HEADER).encode("utf-16"), None),
        ("over 5 MB", "r.csv", oversize(5 * 1024 * 1024, csv_bytes([HEADER, good])), None),
        ("missing headers", "r.csv", csv_bytes([good]), None),
        ("english headers", "r.csv", csv_bytes([["no", "account", "amount", "reference", "date"], good]), None),
        ("header only", "r.csv", csv_bytes([HEADER]), None),
        ("another batch's 序号", "r.csv", csv_bytes([HEADER, [999, *good[1:]]]), None),
        ("duplicate rows", "r.csv", csv_bytes([HEADER, good, good]), None),
        ("impossible date", "r.csv", csv_bytes([HEADER, [*good[:4], "2026-02-30"]]), None),
        ("impossible amount", "r.csv", csv_bytes([HEADER, [good[0], ACCOUNT, "NaN", *good[3:]]]), None),
        ("negative amount", "r.csv", csv_bytes([HEADER, [good[0], ACCOUNT, f"-{amount}", *good[3:]]]), None),
        ("future date", "r.csv", csv_bytes([HEADER, [*good[:4], (timezone.localdate() + datetime.timedelta(days=3)).isoformat()]]), None),
        *[
            (f"hostile reference {text!r} beside a repeated 序号", "r.csv", csv_bytes([HEADER, [*good[:3], text, today], good]), None)
            for text in HOSTILE_TEXT[:4]
        ],
        ("100,000 rows", "r.csv", csv_bytes([HEADER, *[[n, ACCOUNT, "1.00", f"R{n}", today] for n in range(100_000)]]), None),
    ]  # fmt: skip


def test_every_bad_return_file_is_refused_whole_in_chinese_and_pays_nothing(to_pay, approvers):  # noqa: F811
    _first, _second, one, _two = to_pay
    calculator = approvers[0]
    batch = batches.make_batch(calculator, [one.pk])
    client = client_for(calculator)
    url = reverse("injury_claims:payment_batch_return", args=[batch.pk])
    checked = 0
    for case, name, content, expected in corpus(one.amount):
        if expected == "unpacks":
            expected = zh(
                "This workbook unpacks to %(size)s MB, more than the %(max)s MB a list of this size can need. "
                "Open it in Excel, save it again and upload that copy.",
                size="1,024",
                max=50,
            )
        before = Integrity()
        response = client.post(url, {"file": upload(name, content)})
        errors = form_errors(response, "return_form") + [m for _row, m in response.context["problems"]]
        try:
            assert_refused(response, before, errors, expected)
        except AssertionError as exc:
            raise AssertionError(f"{case}: {exc}") from exc
        checked += 1
    one.refresh_from_db()
    assert one.status == "pending" and checked == len(corpus(one.amount))
