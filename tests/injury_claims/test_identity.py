"""Identity rules: GB 11643 ID numbers and mainland plates, as pure functions."""

import datetime

import pytest

from injury_claims.identity import age_on, check_digit, parse_id_number, parse_plate


@pytest.fixture(autouse=True)
def english():
    """The rules' messages are matched in their English source form."""
    from django.utils import translation

    with translation.override("en"):
        yield


def test_a_valid_id_number_gives_birth_date_and_sex():
    parsed = parse_id_number("11010119900307755" + check_digit("11010119900307755"))
    assert parsed.birth_date == datetime.date(1990, 3, 7)
    assert parsed.sex == "M"  # 17th digit 5 is odd


@pytest.mark.parametrize(
    ("value", "fragment"),
    [
        ("11010119900307755", "18 characters"),
        ("110101199003077551", "check character"),
        ("990101199003077550", "no province"),
        ("110101199002307750", "does not exist"),
    ],
)
def test_bad_id_numbers_are_refused_with_the_reason(value, fragment):
    with pytest.raises(ValueError, match=fragment):
        parse_id_number(value)


def test_full_width_digits_and_lower_x_are_normalised():
    first17 = "11010519491231002"
    number = first17 + check_digit(first17)
    full_width = "".join(chr(ord(c) + 0xFEE0) if c.isdigit() else c for c in number.lower())
    assert parse_id_number(full_width).number == number


@pytest.mark.parametrize("plate", ["吉A12345", "粤B·D12345", "京AD12345", "吉A1234挂", "沪C12345"])
def test_mainland_plates(plate):
    assert parse_plate(plate)


@pytest.mark.parametrize("plate", ["吉I12345", "A12345", "吉A1234", "港A12345", "吉AO2345"])
def test_bad_plates(plate):
    with pytest.raises(ValueError, match="not a mainland plate"):
        parse_plate(plate)


def test_age_in_full_years():
    assert age_on(datetime.date(1960, 5, 2), datetime.date(2020, 5, 1)) == 59
    assert age_on(datetime.date(1960, 5, 2), datetime.date(2020, 5, 2)) == 60
