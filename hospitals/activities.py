"""The kinds of network activity record (seed 000, 考核: trainings with a closed-book exam, the expert team of
medical advisors, emergency service on 95512 dispatch, the Hong Kong project), declared once: the page, the
service that records them and the change feed read this table."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .models import EmergencyDispatch, HkCase, MedicalAdvisor, Training


def _year_bounds(year: int) -> tuple[datetime.date, datetime.date]:
    return datetime.date(year, 1, 1), datetime.date(year, 12, 31)


def _trainings(year: int) -> models.QuerySet:
    return Training.objects.filter(on__year=year).order_by("-on", "-pk")


def _advisors(year: int) -> models.QuerySet:
    """Advisors serving at any time in the year, the most recently appointed first."""
    first, last = _year_bounds(year)
    return MedicalAdvisor.objects.filter(term_start__lte=last, term_end__gte=first).order_by(
        "-term_start", "-pk"
    )


def _dispatches(year: int) -> models.QuerySet:
    return EmergencyDispatch.objects.filter(at__year=year).order_by("-at", "-pk")


def _hk_cases(year: int) -> models.QuerySet:
    return HkCase.objects.filter(opened_on__year=year).order_by("-opened_on", "-pk")


def _training_summary(t: Training) -> str:
    exam = _("closed-book exam, pass rate %(rate)s%%") % {"rate": t.pass_rate} if t.closed_book_exam else ""
    parts = [f"{t.on:%Y-%m-%d} {t.topic}", _("%(n)s attendees") % {"n": t.attendees}, exam]
    return "; ".join(p for p in parts if p)


def _advisor_summary(a: MedicalAdvisor) -> str:
    return f"{a.doctor} ({a.specialty}) {a.term_start:%Y-%m-%d} – {a.term_end:%Y-%m-%d}, ¥{a.annual_fee:,.2f}"


def _dispatch_summary(d: EmergencyDispatch) -> str:
    at = timezone.localtime(d.at)
    return "; ".join(
        [
            f"{at:%Y-%m-%d %H:%M} {d.get_customer_type_display()}",
            _("response %(n)s min") % {"n": d.response_minutes},
            str(d.get_outcome_display()),
        ]
    )


def _hk_summary(c: HkCase) -> str:
    parts = [f"{c.reference} {c.opened_on:%Y-%m-%d}", _("on time") if c.on_time else _("not on time")]
    if c.complaint:
        parts.append(_("verified complaint") if c.complaint_verified else _("complaint"))
    return "; ".join(str(p) for p in parts)


@dataclass(frozen=True)
class ActivityKind:
    key: str  # section id, data-testid, URL segment and the prefix of its page parameter
    partial: str  # template partial name
    title: str
    model: type[models.Model]
    records: Callable[[int], models.QuerySet]  # (year) -> that year's records, unscoped
    verb: str  # the event put on the hospital's record
    summary: Callable[[models.Model], str]

    @property
    def page_param(self) -> str:
        return f"{self.partial}_page"

    @property
    def event(self) -> str:
        """The htmx event that refreshes the section after a record is added."""
        return f"{self.key}-changed"


KINDS: dict[str, ActivityKind] = {
    kind.key: kind
    for kind in (
        ActivityKind(
            "trainings",
            "trainings",
            gettext_lazy("Trainings"),
            Training,
            _trainings,
            "training_recorded",
            _training_summary,
        ),
        ActivityKind(
            "advisors",
            "advisors",
            gettext_lazy("Medical advisors"),
            MedicalAdvisor,
            _advisors,
            "advisor_recorded",
            _advisor_summary,
        ),
        ActivityKind(
            "dispatches",
            "dispatches",
            gettext_lazy("Emergency dispatches"),
            EmergencyDispatch,
            _dispatches,
            "dispatch_recorded",
            _dispatch_summary,
        ),
        ActivityKind(
            "hk-cases",
            "hk_cases",
            gettext_lazy("HK-project cases"),
            HkCase,
            _hk_cases,
            "hk_case_recorded",
            _hk_summary,
        ),
    )
}
