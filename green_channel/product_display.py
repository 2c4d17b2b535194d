"""A product's terms as the product page lists them: every term with its label, and "not stated" where the manual
is silent (an empty choice or a null figure — never another manual's value). No queries: the caller prefetched."""

from __future__ import annotations

from django.db import models
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from .choices import NOT_STATED
from .models import ProductService, ServiceProduct

PRODUCT_TERMS = (
    "insurance_product",
    "manual_title",
    "service_hours",
    "hours_from",
    "hours_until",
    "weekdays_only",
    "activation",
    "activation_delay_days",
    "term",
    "extends_on_renewal",
    "max_extensions",
    "waiting_from",
    "no_waiting_in_renewal_years",
    "illness_list",
    "illness_scope",
    "min_hospital_grade",
    "public_hospital_required",
    "min_sum_insured",
    "no_show_counts_as_used",
    "network_list_name",
    "network_cities",
    "network_institutions",
)
SERVICE_TERMS = (
    "kind",
    "uses_per",
    "uses_limit",
    "waiting",
    "waiting_days",
    "requires_diagnosis",
    "clock_start",
    "cancellation",
    "cancellation_notice",
    "cancellation_notice_unit",
)


def _value(instance: models.Model, name: str) -> tuple[str, bool]:
    """The shown value and whether the manual states it."""
    field = instance._meta.get_field(name)
    value = getattr(instance, name)
    if value is None or value == "":
        return str(NOT_STATED), False
    if field.choices:
        return str(getattr(instance, f"get_{name}_display")()), True
    if isinstance(value, bool):
        return (_("Yes") if value else _("No")), True
    if isinstance(field, models.DecimalField):
        return "¥" + number_format(value, 2, force_grouping=True), True
    if isinstance(field, models.TimeField):
        return value.strftime("%H:%M"), True
    return str(value), True


def term_rows(instance: models.Model, names: tuple[str, ...]) -> list[dict]:
    rows = []
    for name in names:
        shown, stated = _value(instance, name)
        label = instance._meta.get_field(name).verbose_name
        rows.append({"name": name, "label": label, "value": shown, "stated": stated})
    return rows


def product_terms(product: ServiceProduct) -> list[dict]:
    return term_rows(product, PRODUCT_TERMS)


def service_terms(service: ProductService) -> list[dict]:
    return term_rows(service, SERVICE_TERMS)
