"""The bad-input harness for the forms: the corpus, the Hypothesis strategies and the check of one submission.

An :class:`Endpoint` is one form as a person posts it (url, signed-in client, data the form accepts, and the form
class bound like the view binds it). :func:`submit` replaces one field of the valid data with a bad value, posts
it inside a savepoint that is rolled back afterwards (so every example starts from the same records and the
fixtures are built once per endpoint), and checks what a person would notice:

- never a server error: 200 or 400 with the form and its message, or the normal redirect only when the form
  bound with the same data is valid — and then the value was saved as given (stripped) and nothing else broke;
- a refused post shows a specific message in the default language (zh-hans: Chinese characters in every
  message), never a raw English Django message;
- a refused post changes nothing: the fingerprint of every product table is the same before and after;
- markup in the value never comes back unescaped, on the form page or on the page the redirect leads to.
"""

from __future__ import annotations

import html
import os
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django import forms
from django.db import transaction
from django.http import QueryDict
from django.utils.http import urlencode
from hypothesis import HealthCheck, Phase, example, settings
from hypothesis import strategies as st

from tests.badinput.integrity import changed_tables, fingerprint

# --- the corpus -------------------------------------------------------------------------------------------------
OTHER_ORG = (
    "<<the id of another branch's record>>"  # resolved per field: a record outside the field's choices
)
HTML_PAYLOADS = ("<script>alert(1)</script>", '"><img src=x onerror=alert(1)>')

#: The fixed core corpus: every endpoint gets each of these, in one field after the other (``@example``).
CORE = (
    "",
    "长" * 100_000,
    "abc",
    "2026-02-30",
    "a\x00b",
    "\u202eevil.exe",
    '=HYPERLINK("http://x")',
    "'; DROP TABLE hospitals_hospital; --",
    HTML_PAYLOADS[1],
    OTHER_ORG,
)
#: The rest of the fixed corpus, drawn by Hypothesis among its generated values.
MORE = (
    "1e309",
    "-1",
    "   \t ",
    "x" * 100_000,
    ["a", "b"],
    "-0",
    "NaN",
    "123456789012.123456789012",
    "0000-01-01",
    "99999-01-01",
    "2026-13-01",
    "2026-01-01T25:61",
    "\x1b[31m红\x1b[0m",
    "a\u200bb\ufeff",
    "+86 1",
    "@SUM(A1)",
    HTML_PAYLOADS[0],
    "吉林省人民医院🏥",
    "no-such-choice",
    "99999999999999999999",
)

_ODD = st.sampled_from(
    [
        "-",
        "=",
        "+",
        "@",
        "'",
        '"',
        "<",
        ">",
        "&",
        ";",
        "%",
        "\\",
        "\x00",
        "\x07",
        "\x1b",
        "\u202e",
        "\u200b",
        "\ufeff",
        "\u3000",
        "长",
        "🏥",
        "١",
        "１",
        "\r\n",
    ]
)
_TEXT = st.one_of(
    st.text(max_size=40),
    st.lists(st.one_of(_ODD, st.text(max_size=4)), max_size=12).map("".join),
    st.builds(lambda prefix, rest: prefix + rest, st.sampled_from("=+-@\t\r"), st.text(max_size=20)),
)
_NUMBERS = st.one_of(
    st.integers(min_value=-(10**22), max_value=10**22).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
    st.decimals(allow_nan=True, allow_infinity=True, places=None).map(str),
    st.sampled_from(["1e309", "-1e309", "inf", "-0.0", "1_000", "1,000", "１２", "0x10", "12.3456789012345"]),
)
_DATES = st.one_of(
    st.tuples(
        st.integers(min_value=0, max_value=99999), st.integers(min_value=0, max_value=13), st.integers(0, 32)
    ).map(lambda t: f"{t[0]:04d}-{t[1]:02d}-{t[2]:02d}"),
    st.dates().map(lambda d: d.strftime("%Y/%m/%d")),
    st.datetimes().map(lambda d: d.isoformat()),
    st.sampled_from(["2026-02-29", "2026-02-30T08:00", "24:00", "today", "2026年1月1日"]),
)
#: Hypothesis' share of the corpus: generated text, numbers, dates, ids and lists for any field.
VALUES = st.one_of(
    st.sampled_from(MORE),
    _TEXT,
    _NUMBERS,
    _DATES,
    st.just(OTHER_ORG),
    st.lists(_TEXT, min_size=2, max_size=3),
)


GENERATED = max(
    1, int(os.environ.get("BADINPUT_GENERATED", "3"))
)  # Hypothesis' examples per form, beyond the core


def with_core_corpus(test=None, *, generated: int | None = None):
    """Hypothesis settings of the corpus tests: reproducible (no example database, derandomised), no deadline,
    the endpoint's fixtures reused by every example (each runs in its own rolled-back savepoint), and the fixed
    core corpus as explicit examples, each in the next field of the form.

    ``generated``: Hypothesis' examples per form for this module (default ``BADINPUT_GENERATED``); used bare
    (``@with_core_corpus``) or called (``@with_core_corpus(generated=1)``)."""
    if test is None:
        return lambda test: with_core_corpus(test, generated=generated)
    for slot, value in enumerate(CORE):
        test = example(slot=slot, value=value)(test)
    return settings(
        max_examples=generated or GENERATED,  # beyond the explicit examples, which always run
        phases=[Phase.explicit, Phase.generate],  # no shrinking: a failure is reported as found
        derandomize=True,
        database=None,
        deadline=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )(test)


# --- one form as a person posts it ------------------------------------------------------------------------------
@dataclass
class Endpoint:
    name: str
    url: str
    client: Any
    data: dict
    form: Callable[[dict], forms.BaseForm] | None = None  # (data) -> the form bound like the view binds it
    skip: tuple[str, ...] = ()  # fields not to fuzz (files: the uploads corpus)
    files: Callable[[], dict] | None = None  # fresh files for each post (a valid upload the form needs)
    ok_status: tuple[int, ...] = (302,)  # what a valid post answers
    fields: list[str] = field(default_factory=list)
    before: dict | None = None  # the fingerprint every example starts from
    transformed: tuple[str, ...] = ()  # fields not stored as typed (encrypted, normalised)

    def __post_init__(self):
        if not self.fields and self.form is not None:
            bound = self.form(self.data)
            self.fields = [
                name
                for name, f in bound.fields.items()
                if name not in self.skip and not isinstance(f, forms.FileField)
            ]


class Together:
    """A form and its formsets bound as the view binds them: their fields by posted name, valid when all are."""

    def __init__(self, *parts):
        self.parts = parts
        self.fields = {}
        for part in parts:
            for form in getattr(part, "forms", [part]):
                self.fields.update({form.add_prefix(name): f for name, f in form.fields.items()})

    def is_valid(self) -> bool:
        return all([part.is_valid() for part in self.parts])  # noqa: C419 - validate every part


POSTED = {"count": 0}  # every submission that reached the server (reported by the tests' docstring)
CJK = re.compile(r"[\u4e00-\u9fff]")
# The messages of a form (not a step's standing reasons why it is disabled, data-testid="blocked-…").
ERRORS = re.compile(r'<ul class="errorlist[^"]*"(?![^>]*data-testid="blocked-)[^>]*>(.*?)</ul>', re.S)
TOASTS = re.compile(r'<div class="toast toast-(?:error|warning)">(.*?)</div>', re.S)
# A form's message outside a list: a block with role="alert", or an inline element of class "errorlist".
ALERTS = re.compile(
    r'<(div|p) role="alert"[^>]*>(.*?)</\1>|<(small|span|p) class="errorlist"[^>]*>(.*?)</\3>', re.S
)
# A refusal with its reasons in a block of its own (e.g. the fast track's "cannot take the fast track" article).
ARTICLES = re.compile(r'<article [^>]*role="alert"[^>]*>(.*?)</article>', re.S)
ITEMS = re.compile(r"<li>(.*?)</li>", re.S)
TAGS = re.compile(r"<[^>]+>")


def messages_of(body: str) -> list[str]:
    found = [
        html.unescape(TAGS.sub("", m)).strip() for block in ERRORS.findall(body) for m in ITEMS.findall(block)
    ]
    found += [html.unescape(TAGS.sub("", m)).strip() for m in TOASTS.findall(body)]
    found += [html.unescape(TAGS.sub("", a or b)).strip() for _t, a, _u, b in ALERTS.findall(body)]
    found += [
        html.unescape(TAGS.sub("", m)).strip()
        for block in ARTICLES.findall(body)
        for m in ITEMS.findall(block)
    ]
    return found


def resolve(endpoint: Endpoint, name: str, value):
    """The corpus' placeholder for another branch's record: the id of a record of the field's model that the
    field does not offer this person (or an unknown choice when the field has no model)."""
    if value != OTHER_ORG:
        return value
    form_field = endpoint.form(endpoint.data).fields.get(name) if endpoint.form else None
    queryset = getattr(form_field, "queryset", None)
    if queryset is None:
        return "no-such-choice"
    outside = queryset.model._default_manager.exclude(pk__in=queryset.values("pk")).values_list(
        "pk", flat=True
    )
    pk = outside.first()
    value = str(pk) if pk is not None else "999999"
    return [value] if isinstance(form_field, forms.ModelMultipleChoiceField) else value


def stored_as_given(before_rows: dict, value) -> bool:
    """Whether a changed row holds the value as the form cleans free text (stripped)."""
    wanted = value.strip() if isinstance(value, str) else None
    if not wanted:
        return True
    return any(wanted in cell for cells in before_rows for cell in cells if isinstance(cell, str))


def as_posted(data: dict) -> QueryDict:
    """The data as the view reads it (a list posts every value; a single-value field reads the last)."""
    return QueryDict(urlencode(data, doseq=True))


def submit(endpoint: Endpoint, slot: int, value) -> None:
    """Post the endpoint's valid data with one field replaced by ``value`` and check the answer (see the module)."""
    if not endpoint.fields:
        return
    name = endpoint.fields[slot % len(endpoint.fields)]
    value = resolve(endpoint, name, value)
    data = {**endpoint.data, name: value}
    bound = endpoint.form(as_posted(data)) if endpoint.form else None
    expected_valid = bound.is_valid() if bound is not None else None
    form_field = bound.fields.get(name) if bound is not None else None
    free_text = type(form_field) in (forms.CharField, forms.EmailField) and not isinstance(
        form_field.widget, forms.HiddenInput
    )
    with transaction.atomic():
        # Every example starts from the same records (the previous one was rolled back): read them once.
        before = endpoint.before = endpoint.before or fingerprint()
        response = endpoint.client.post(
            endpoint.url, {**data, **(endpoint.files() if endpoint.files else {})}
        )
        POSTED["count"] += 1
        where = f"{endpoint.name}: {name}={str(value)[:60]!r}"
        body = response.content.decode(errors="replace") if response.status_code != 302 else ""
        if response.status_code == 302:
            # A step posted from a page may come back to it with the reasons as toasts (post/redirect/get).
            page = endpoint.client.get(response["Location"])
            toasts = [html.unescape(TAGS.sub("", m)).strip() for m in TOASTS.findall(page.content.decode())]
            if toasts:
                body = page.content.decode(errors="replace")
        assert response.status_code in (200, 400, *endpoint.ok_status), f"{where}: {response.status_code}"
        for payload in HTML_PAYLOADS:
            assert payload not in body, f"{where}: the markup came back unescaped"
        after = fingerprint()
        if response.status_code in endpoint.ok_status and not messages_of(body):
            assert expected_valid is not False, f"{where}: the form refuses it, the view took it"
            if response.status_code == 302:
                changed = changed_tables(before, after)
                assert changed, f"{where}: answered as saved, nothing changed"
                if free_text and isinstance(value, str) and name not in endpoint.transformed:
                    from tests.badinput.integrity import rows

                    new = [r for t in changed for r in rows(t)]
                    assert stored_as_given(new, value), f"{where}: saved, but not as given"
                if any(p in str(value) for p in HTML_PAYLOADS):
                    shown = page.content.decode(errors="replace")
                    for payload in HTML_PAYLOADS:
                        assert payload not in shown, f"{where}: the markup comes back unescaped after saving"
        else:
            messages = messages_of(body)
            assert messages, f"{where}: {response.status_code} without a message"
            english = [m for m in messages if not CJK.search(m)]
            assert not english, f"{where}: untranslated message {english}"
            assert after == before, f"{where}: refused, yet changed {changed_tables(before, after)}"
        endpoint.client.cookies.pop("messages", None)
        transaction.set_rollback(True)


def accepts(endpoint: Endpoint) -> None:
    """The endpoint's data is valid: posted as is, it is taken (so the corpus meets the real validation, not a
    refusal for some other reason)."""
    with transaction.atomic():
        response = endpoint.client.post(
            endpoint.url, {**endpoint.data, **(endpoint.files() if endpoint.files else {})}
        )
        POSTED["count"] += 1
        body = response.content.decode(errors="replace") if response.status_code != 302 else ""
        assert response.status_code in endpoint.ok_status, f"{endpoint.name}: {response.status_code}"
        assert not messages_of(body), f"{endpoint.name}: {messages_of(body)}"
        if response.status_code == 302:
            page = endpoint.client.get(response["Location"]).content.decode()
            assert not TOASTS.findall(page), f"{endpoint.name}: {TOASTS.findall(page)}"
        endpoint.client.cookies.pop("messages", None)
        transaction.set_rollback(True)


def pytest_terminal_summary(terminalreporter):
    """How many submissions of the corpus reached the server in this process (without xdist: the whole run)."""
    if POSTED["count"]:
        terminalreporter.write_line(
            f"bad-input corpus (forms): {POSTED['count']} submissions reached the server"
        )
