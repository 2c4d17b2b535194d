"""Matching a network list's rows to the hospital registry: pure functions over plain data, no ORM.

A vendor writes "北京大学第一医院（北大医院）", "长春 " or "深圳市第2人民医院"; the registry holds "北京大学第一医院" in
"长春市". Names and cities are normalised (:func:`name_key`, :func:`city_key`) and a row is matched when exactly one
registry hospital of that name (or one of its other names) is in the same city. None or several: the row is
undecided, with the candidates listed, and a person decides (green_channel.network_services.decide_entry).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

# Full-width and half-width brackets, and the other pairs vendors use around a campus or a former name.
_BRACKETS = re.compile(r"[()（）\[\]【】〔〕<>《》]")
_BRACKETED = re.compile(r"[(（\[【〔<《][^()（）\[\]【】〔〕<>《》]*[)）\]】〕>》]")
_SPACES = re.compile(r"[\s\u3000·•・.。,，、\-_—]+")
# A private hospital's company form: "XX医院有限公司" is "XX医院".
_COMPANY_SUFFIXES = ("股份有限公司", "有限责任公司", "有限公司")
_CHINESE_DIGITS = {str(n): c for n, c in enumerate("〇一二三四五六七八九")}
_ORDINAL = re.compile(r"第(\d{1,2})")
_CITY_SUFFIXES = ("市", "地区")


def _ordinal(match: re.Match) -> str:
    number = int(match.group(1))
    if number <= 10:
        return "第" + ("十" if number == 10 else _CHINESE_DIGITS[str(number)])
    tens, ones = divmod(number, 10)
    return (
        "第"
        + ("" if tens == 1 else _CHINESE_DIGITS[str(tens)])
        + "十"
        + (_CHINESE_DIGITS[str(ones)] if ones else "")
    )


def _clean(text: str) -> str:
    text = unicodedata.normalize("NFKC", text or "").casefold()
    return _SPACES.sub("", text)


def name_key(name: str) -> str:
    """The name as matching reads it: half-width, lower case, no spaces or punctuation, brackets dropped (their
    content kept), "第2" written "第二", a company suffix dropped."""
    text = _BRACKETS.sub("", _clean(name))
    text = _ORDINAL.sub(_ordinal, text)
    for suffix in _COMPANY_SUFFIXES:
        if text.endswith(suffix) and len(text) > len(suffix):
            text = text[: -len(suffix)]
            break
    return text


def short_key(name: str) -> str:
    """The name without what its brackets hold ("北京大学第一医院（北大医院）" → "北京大学第一医院"): a second try."""
    return name_key(_BRACKETED.sub("", unicodedata.normalize("NFKC", name or "")))


def city_key(city: str) -> str:
    """ "长春市", "长春" and " 长春 " are one city."""
    text = _BRACKETS.sub("", _clean(city))
    for suffix in _CITY_SUFFIXES:
        if text.endswith(suffix) and len(text) > len(suffix) + 1:
            return text[: -len(suffix)]
    return text


@dataclass(frozen=True)
class RegistryHospital:
    id: int
    name: str
    city: str = ""
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class Match:
    """The outcome for one row: ``hospital_id`` when exactly one candidate; ``reason`` explains it."""

    hospital_id: int | None
    candidates: tuple[int, ...]
    reason: str

    @property
    def matched(self) -> bool:
        return self.hospital_id is not None


@dataclass
class RegistryIndex:
    """The registry by name key (full and short), each hospital with its city key ('' when it gives none)."""

    by_name: dict[str, set[int]] = field(default_factory=dict)
    by_short: dict[str, set[int]] = field(default_factory=dict)
    city_of: dict[int, str] = field(default_factory=dict)


def build_index(hospitals: Iterable[RegistryHospital]) -> RegistryIndex:
    index = RegistryIndex()
    for hospital in hospitals:
        index.city_of[hospital.id] = city_key(hospital.city)
        for name in (hospital.name, *hospital.aliases):
            if not name or not name.strip():
                continue
            index.by_name.setdefault(name_key(name), set()).add(hospital.id)
            index.by_short.setdefault(short_key(name), set()).add(hospital.id)
    return index


def _in_city(ids: set[int], city: str, index: RegistryIndex) -> tuple[int, ...]:
    """The hospitals of that city, and those whose registry entry gives no city."""
    return tuple(sorted(i for i in ids if index.city_of.get(i, "") in ("", city)))


def match(city: str, name: str, index: RegistryIndex) -> Match:
    """Exactly one registry hospital of this name in this city: matched. None or several: undecided, with the
    candidates (several of that name in the city, or the same name elsewhere when none is in the city)."""
    wanted_city = city_key(city)
    full, short = name_key(name), short_key(name)
    candidates = _in_city(index.by_name.get(full, set()), wanted_city, index)
    if not candidates:
        candidates = _in_city(index.by_short.get(short, set()), wanted_city, index)
    if len(candidates) == 1:
        return Match(candidates[0], candidates, str(_("One registry hospital of this name in this city.")))
    if candidates:
        return Match(
            None, candidates, str(_("Several registry hospitals of this name in this city: choose one."))
        )
    elsewhere = tuple(sorted(index.by_name.get(full, set()) | index.by_short.get(short, set())))
    if elsewhere:
        return Match(
            None,
            elsewhere,
            str(_("A registry hospital of this name is in another city: check the city.")),
        )
    return Match(None, (), str(_("No registry hospital of this name in this city.")))


@dataclass(frozen=True)
class Decision:
    """A person's earlier decision on a row: the hospital chosen, or None for "not in the registry"."""

    hospital_id: int | None
    decided_by_id: int
    decided_at: object


def carried_over(decisions: dict[tuple[str, str], Decision], city: str, name: str) -> Decision | None:
    """A person's decision on the same (city, hospital name) in the previous version, which a new version keeps."""
    return decisions.get((city_key(city), name_key(name)))
