"""The pure rules of a litigation matter (injury_claims.litigation): case numbers, the appeal period, claimed vs
reserved vs awarded."""

import datetime
from decimal import Decimal as D

import pytest
from django.utils import translation

from injury_claims import litigation as rule


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.mark.parametrize(
    ("text", "parsed"),
    [
        ("（2026）吉0102民初123号", ("吉0102", "民初", 123)),  # a basic court: province code + 4 digits
        ("(2026)吉01民终7号", ("吉01", "民终", 7)),  # an intermediate court: + 2 digits
        ("（2026）吉民终1号", ("吉", "民终", 1)),  # the high court: its one-character code
        ("（2026）最高法民终1号", ("最高法", "民终", 1)),
        (
            "（2026）京73知民初15号",
            ("京73", "知民初", 15),
        ),  # a specialised court's 专门审判代字 before the type
        (" （2026）吉0102民初第123号 ", ("吉0102", "民初", 123)),  # spaces and 第 as people type them
    ],
)
def test_case_numbers_of_the_supreme_courts_format_are_read(text, parsed):
    """法〔2015〕137号 Art. 3 (as amended 2018): "“(”+收案年度+“)”+法院代字+专门审判代字+类型代字+案件编号+“号”"."""
    number = rule.parse_case_no(text)
    assert (number.court, number.type, number.serial) == parsed
    assert str(number).startswith("（2026）") and str(number).endswith("号")


@pytest.mark.parametrize(
    "text",
    [
        "2026吉0102民初123号",
        "（2026）吉0102民初123",
        "（26）吉0102民初123号",
        "（2026）吉012民初123号",
        "（2026）0102民初1号",
    ],
)
def test_malformed_case_numbers_are_refused_with_the_format(text):
    problem = rule.case_no_problem(text, expected_type=rule.FIRST_INSTANCE_TYPE, this_year=2026)
    assert "（2026）吉0102民初123号" in problem


def test_the_year_and_the_instance_type_are_checked():
    assert rule.case_no_problem(
        "（2015）吉0102民初1号", expected_type="民初", this_year=2026
    )  # before the format
    assert rule.case_no_problem("（2027）吉0102民初1号", expected_type="民初", this_year=2026)  # not yet
    assert rule.case_no_problem("（2016）吉0102民初1号", expected_type="民初", this_year=2026) == ""
    assert "民终" in rule.case_no_problem("（2026）吉01民初1号", expected_type="民终", this_year=2026)


def weekdays(day: datetime.date) -> bool:
    return day.weekday() < 5


def test_the_appeal_period_is_15_days_from_service_not_counting_the_day_of_service():
    """民事诉讼法 Art. 171 "判决书送达之日起十五日内"; Art. 85 "期间开始的时和日，不计算在期间内"."""
    served = datetime.date(2026, 3, 2)  # a Monday: the 15th day after is Tuesday 17 March
    assert rule.appeal_deadline(served, weekdays) == datetime.date(2026, 3, 17)


def test_a_last_day_on_a_rest_day_moves_to_the_next_working_day():
    """Art. 85: "期间届满的最后一日是法定休假日的，以法定休假日后的第一日为期间届满的日期"."""
    served = datetime.date(2026, 3, 6)  # + 15 = Saturday 21 March → Monday 23 March
    assert rule.appeal_deadline(served, weekdays) == datetime.date(2026, 3, 23)
    holidays = {datetime.date(2026, 3, 23)}
    assert rule.appeal_deadline(served, lambda d: weekdays(d) and d not in holidays) == datetime.date(
        2026, 3, 24
    )


def test_claimed_reserved_awarded_totals_and_what_to_look_at():
    rows = [
        rule.ItemRow("medical", claimed=D("50000"), reserved=D("30000"), awarded=D("42000")),
        rule.ItemRow("nursing", claimed=D("6000"), reserved=D("7000"), awarded=D("6500")),
    ]
    totals = rule.totals(rows)
    assert (totals.claimed, totals.reserved, totals.awarded) == (D("56000"), D("37000"), D("48500"))
    assert totals.reserve_shortfall == D("11500")
    assert rule.row_warnings(rows[0], "Medical") == []
    warnings = rule.row_warnings(rows[1], "Nursing")
    assert (
        len(warnings) == 2 and "reserve ¥7,000.00 is above" in warnings[0] and "changed claim" in warnings[1]
    )
    assert rule.totals([rule.ItemRow("medical", D("1"), D("1"))]).awarded is None  # no judgment yet
