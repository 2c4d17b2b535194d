"""Matching network-list rows to the registry (green_channel.network_matching): pure, no database."""

from __future__ import annotations

import pytest

from green_channel.network_matching import (
    Decision,
    build_index,
    carried_over,
    city_key,
    match,
    name_key,
    short_key,
)
from green_channel.network_matching import (
    RegistryHospital as H,
)

REGISTRY = build_index(
    [
        H(1, "吉林大学第一医院", "长春市", ("吉大一院",)),
        H(2, "吉林市中心医院", "吉林市"),
        H(3, "深圳市第二人民医院", "深圳市"),
        H(4, "中心医院", "延吉市"),
        H(
            5, "中心医院", "延吉市"
        ),  # two of one name in one city (not allowed by the registry, but a branch's alias)
        H(6, "北京大学深圳医院", "深圳市"),
        H(7, "博爱医院有限公司", "深圳市"),
        H(8, "无城市医院", ""),
    ]
)


@pytest.fixture(autouse=True)
def _english():
    """The reasons are asserted as their English msgids (the product's language is zh-hans)."""
    from django.utils import translation

    with translation.override("en"):
        yield


@pytest.mark.parametrize(
    ("written", "key"),
    [
        ("吉林大学第一医院", "吉林大学第一医院"),
        (" 吉林大学　第一医院 ", "吉林大学第一医院"),  # spaces, a full-width space
        ("吉林大学第一医院（本部）", "吉林大学第一医院本部"),  # full-width brackets dropped, content kept
        ("吉林大学第一医院(本部)", "吉林大学第一医院本部"),
        ("深圳市第２人民医院", "深圳市第二人民医院"),  # full-width digit, "第2" written "第二"
        ("第12人民医院", "第十二人民医院"),
        ("第20医院", "第二十医院"),
        ("博爱医院有限公司", "博爱医院"),
        ("ABC Hospital", "abchospital"),
    ],
)
def test_names_are_normalised(written, key):
    assert name_key(written) == key


def test_short_key_drops_what_brackets_hold():
    assert short_key("北京大学第一医院（北大医院）") == "北京大学第一医院"


@pytest.mark.parametrize(
    ("written", "key"), [("长春市", "长春"), ("长春", "长春"), (" 长春 ", "长春"), ("吉林市", "吉林")]
)
def test_cities_are_normalised(written, key):
    assert city_key(written) == key


def test_exactly_one_in_the_city_is_matched():
    found = match("长春", "吉林大学第一医院", REGISTRY)
    assert found.matched and found.hospital_id == 1 and found.candidates == (1,)
    assert "One registry hospital" in found.reason


def test_other_names_match_too():
    assert match("长春市", "吉大一院", REGISTRY).hospital_id == 1


def test_written_differently_still_matches():
    assert match("深圳", "深圳市第2人民医院", REGISTRY).hospital_id == 3
    assert match("深圳", "博爱医院", REGISTRY).hospital_id == 7
    assert (
        match("长春", "吉林大学第一医院（本部）", REGISTRY).hospital_id == 1
    )  # by the name without the brackets


def test_the_same_name_in_another_city_is_not_matched_but_offered():
    found = match("北京", "吉林大学第一医院", REGISTRY)
    assert not found.matched and found.candidates == (1,)
    assert "another city" in found.reason


def test_several_in_the_city_are_undecided_with_the_candidates():
    found = match("延吉", "中心医院", REGISTRY)
    assert not found.matched and found.candidates == (4, 5)


def test_none_is_undecided_without_candidates():
    found = match("上海", "复旦大学附属中山医院", REGISTRY)
    assert not found.matched and found.candidates == ()


def test_a_registry_hospital_without_a_city_matches_by_name():
    assert match("任何城市", "无城市医院", REGISTRY).hospital_id == 8


def test_earlier_decisions_are_found_by_normalised_city_and_name():
    decisions = {(city_key("长春市"), name_key("吉林省肿瘤医院")): Decision(None, 9, None)}
    assert carried_over(decisions, "长春", " 吉林省肿瘤医院") == Decision(None, 9, None)
    assert carried_over(decisions, "吉林", "吉林省肿瘤医院") is None
