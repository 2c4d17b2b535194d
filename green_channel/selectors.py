"""Read side of the green channel: the policies of an insured person found by ID number, and the plain facts that
feed the pure entitlement rules (green_channel.entitlements) — a constant number of queries per policy."""

from __future__ import annotations

import datetime

from django.db.models import Prefetch, QuerySet

from organization.pii import blind_index

from . import terms as rules
from .entitlements import entitlements
from .models import Diagnosis, Policy, ProductService, ServiceProduct

GRADE_LEVEL = {"3a": 3, "3b": 3, "3c": 3, "2a": 2, "2b": 2, "2c": 2, "1": 1}


def policies_for_id_number(user, id_number: str) -> QuerySet[Policy]:
    """The insured person's policies in the user's scope, found by the keyed hash of the ID number."""
    return (
        Policy.objects.visible_to(user)
        .filter(insured__id_hash=blind_index(id_number))
        .select_related("insured", "product")
    )


def product_terms(product: ServiceProduct) -> rules.ProductTerms:
    """The product's administered terms as the pure rules read them (its services prefetched or one query)."""
    return rules.ProductTerms(
        services=tuple(service_terms(s) for s in product.services.all()),
        activation=rules.Activation(product.activation),
        activation_delay_days=product.activation_delay_days,
        term=rules.Term(product.term),
        extends_on_renewal=product.extends_on_renewal,
        max_extensions=product.max_extensions,
        waiting_from=rules.WaitingFrom(product.waiting_from),
        no_waiting_in_renewal_years=product.no_waiting_in_renewal_years,
        min_sum_insured=product.min_sum_insured,
        min_hospital_grade=product.min_hospital_grade,
        public_hospital_required=product.public_hospital_required,
    )


def service_terms(service: ProductService) -> rules.ServiceTerms:
    return rules.ServiceTerms(
        key=str(service.pk),
        name=service.name,
        uses_per=rules.UsesPer(service.uses_per),
        uses_limit=service.uses_limit,
        waiting=rules.Waiting(service.waiting),
        waiting_days=service.waiting_days,
        requires_diagnosis=service.requires_diagnosis,
    )


def policy_facts(policy: Policy) -> rules.PolicyFacts:
    return rules.PolicyFacts(
        starts_on=policy.starts_on,
        ends_on=policy.last_day,
        cooling_off_days=policy.cooling_off_days,
        grace_period_days=policy.grace_period_days,
        sum_insured=policy.sum_insured,
        renewal_payments=tuple(
            rules.RenewalPayment(due_on=p.due_on, paid_on=p.paid_on) for p in policy.renewal_payments.all()
        ),
        waiting_period_days=policy.waiting_period_days,
        is_renewal=policy.is_renewal,
    )


def diagnosis_facts(diagnosis: Diagnosis | None) -> rules.Diagnosis:
    if diagnosis is None:
        return rules.Diagnosis()
    if diagnosis.hospital is not None:
        grade = GRADE_LEVEL.get(diagnosis.hospital.grade)
        public = diagnosis.hospital.nature == diagnosis.hospital.Nature.PUBLIC
    else:
        grade, public = diagnosis.hospital_grade, diagnosis.hospital_public
    return rules.Diagnosis(
        in_illness_list=diagnosis.in_illness_list, hospital_grade=grade, hospital_public=public
    )


def entitlements_for_policy(policy_id: int, on: datetime.date | None = None) -> rules.Entitlements:
    """The policy's entitlements on ``on`` (today in Asia/Shanghai by default), in five queries."""
    from django.utils import timezone

    policy = (
        Policy.objects.select_related("product")
        .prefetch_related(
            Prefetch("product__services", queryset=ProductService.objects.order_by("order", "pk")),
            "renewal_payments",
            "uses",
        )
        .get(pk=policy_id)
    )
    diagnosis = Diagnosis.objects.select_related("hospital").filter(policy=policy).first()
    uses: dict[str, list[datetime.date]] = {}
    for use in policy.uses.all():
        uses.setdefault(str(use.service_id), []).append(use.used_on)
    return entitlements(
        product_terms(policy.product),
        policy_facts(policy),
        diagnosis_facts(diagnosis),
        uses,
        on or timezone.localdate(),
    )


# The network lists (issue 12 point 2), for later users: which hospitals are in a product's current list, and is
# this one (green_channel.network_selectors).
from .network_selectors import InNetwork as InNetwork  # noqa: E402
from .network_selectors import in_network as in_network  # noqa: E402
from .network_selectors import network_hospitals as network_hospitals  # noqa: E402
