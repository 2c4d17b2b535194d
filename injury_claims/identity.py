"""Identity rules as pure functions over plain data: the resident ID number (GB 11643-1999) and the vehicle plate
(GA 36). Each returns what it found or raises ``ValueError`` with a translated, specific message."""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

from django.utils.translation import gettext as _

from organization.pii import normalise

# GB 11643-1999 §5: weights of the 17 digits, and the check character for the sum modulo 11.
ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
ID_CHECK = "10X98765432"
# The first two digits name the province-level division (GB/T 2260).
PROVINCE_CODES = frozenset(
    [
        "11",
        "12",
        "13",
        "14",
        "15",
        "21",
        "22",
        "23",
        "31",
        "32",
        "33",
        "34",
        "35",
        "36",
        "37",
        "41",
        "42",
        "43",
        "44",
        "45",
        "46",
        "50",
        "51",
        "52",
        "53",
        "54",
        "61",
        "62",
        "63",
        "64",
        "65",
        "71",
        "81",
        "82",
    ]
)


@dataclass(frozen=True)
class IdNumber:
    number: str
    birth_date: datetime.date
    sex: str  # "M" or "F": the 17th digit, odd for men (GB 11643 §4.2.3)
    region: str  # the 6-digit address code


def check_digit(first17: str) -> str:
    return ID_CHECK[sum(int(d) * w for d, w in zip(first17, ID_WEIGHTS, strict=True)) % 11]


def parse_id_number(value: str, *, today: datetime.date | None = None) -> IdNumber:
    """An 18-character resident ID number: region, birth date, sequence, check character."""
    number = normalise(value)
    if not re.fullmatch(r"\d{17}[\dX]", number):
        raise ValueError(_("An ID number has 18 characters: 17 digits and a digit or X."))
    if number[:2] not in PROVINCE_CODES:
        raise ValueError(
            _("The ID number's first two digits name no province (%(code)s).") % {"code": number[:2]}
        )
    try:
        born = datetime.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError as exc:
        raise ValueError(
            _("The ID number's birth date %(date)s does not exist.") % {"date": number[6:14]}
        ) from exc
    today = today or datetime.date.today()
    if born > today or born.year < 1900:
        raise ValueError(
            _("The ID number's birth date %(date)s is not possible.") % {"date": born.isoformat()}
        )
    expected = check_digit(number[:17])
    if number[17] != expected:
        raise ValueError(
            _("The ID number's check character is wrong: it should be %(expected)s. Check the digits.")
            % {"expected": expected}
        )
    return IdNumber(number, born, "M" if int(number[16]) % 2 else "F", number[:6])


# Civil plates: a province's abbreviation, the issuing authority's letter (no I or O), then 5 characters of
# letters and digits (no I or O) with an optional trailing 挂/学/警/港/澳 — or, for new-energy vehicles, 6 characters.
PROVINCE_ABBREVIATIONS = "京津冀晋蒙辽吉黑沪苏浙皖闽赣鲁豫鄂湘粤桂琼渝川贵云藏陕甘青宁新"
_PLATE = re.compile(
    rf"^[{PROVINCE_ABBREVIATIONS}][A-HJ-NP-Z]"
    r"(?:[A-HJ-NP-Z0-9]{5}|[A-HJ-NP-Z0-9]{4}[挂学警港澳]|[DF][A-HJ-NP-Z0-9]{5}|[A-HJ-NP-Z0-9]{5}[DF])$"
)


def parse_plate(value: str) -> str:
    """A mainland plate in its normal written form (粤B12345, 京AD12345, 吉A1234挂)."""
    plate = normalise(value).replace("·", "").replace("-", "")
    if not _PLATE.fullmatch(plate):
        raise ValueError(
            _(
                "“%(plate)s” is not a mainland plate: a province character, a letter, then 5 letters or digits "
                "(6 for new-energy vehicles), e.g. 吉A12345."
            )
            % {"plate": value}
        )
    return plate


def age_on(birth_date: datetime.date, day: datetime.date) -> int:
    """Age in full years (周岁) on a day."""
    return day.year - birth_date.year - ((day.month, day.day) < (birth_date.month, birth_date.day))
