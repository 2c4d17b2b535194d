"""Every error is shown (issue 7, point 9): each form of the product is posted with a bad value in each of its
fields in turn; the page must show every message the form gives for that field, and nothing may change.

The bad value is chosen by the field's type (too long for its maximum, not one of its choices, an impossible
date, not a number, a file that is not what it claims); the expected messages come from binding the same form
class with the same data, so the test fails whenever a template drops a field's errors.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

import pytest
from django import forms
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from documents.forms import VerifyForm
from hospitals.forms.activity import (
    EmergencyDispatchForm,
    HkCaseForm,
    MaintenanceForm,
    MedicalAdvisorForm,
    TrainingForm,
)
from hospitals.forms.evaluation import EvaluationForm
from hospitals.forms.pipeline import (
    AgreementForm,
    EligibilityForm,
    FilingForm,
    FunctionDecisionForm,
    SigningForm,
)
from hospitals.forms.registry import HospitalForm, HospitalImportForm
from hospitals.forms.steps import EvaluationDecisionForm, RectifyForm
from hospitals.models import (
    Agreement,
    AnnualEvaluation,
    Cooperation,
    EligibilityCheck,
    Function,
    FunctionApproval,
    Hospital,
)
from injury_claims.forms.reference import (
    CompensationStandardForm,
    DisabilityAidForm,
    DrugItemForm,
    ReferenceImportForm,
)
from injury_claims.models import CompensationStandard, DisabilityAid, DrugItem
from organization.roles import Role
from sla.forms import CalendarImportForm, RescheduleForm
from tests.conftest import client_for
from tests.hospitals.conftest import in_network, make_hospital
from workflow.forms import ReasonsForm

TODAY = timezone.localdate()


@dataclass
class Case:
    """One form as a person meets it: where it is posted, by whom, with which valid data."""

    name: str
    url: str
    form: Any  # (data, files) -> a bound form like the view's
    data: dict
    files: dict = field(default_factory=dict)
    client: Any = None
    counts: Any = None  # () -> a value that must not change when the post is refused


def bad_value(form_field: forms.Field):
    """A value this field must refuse, or None when its type has none (free text without a limit, a tick box)."""
    if isinstance(form_field.widget, forms.HiddenInput):
        return None
    if isinstance(form_field, forms.FileField):
        return SimpleUploadedFile(
            "bad.pdf", b"this is not what the name says", content_type="application/pdf"
        )
    if isinstance(form_field, forms.MultipleChoiceField | forms.ModelMultipleChoiceField):
        return ["no-such-choice"]
    if isinstance(form_field, forms.ChoiceField | forms.ModelChoiceField):
        return "no-such-choice"
    if isinstance(form_field, forms.DateTimeField):
        return "2026-13-40T25:61"
    if isinstance(form_field, forms.DateField):
        return "2026-02-30"
    if isinstance(form_field, forms.IntegerField | forms.DecimalField | forms.FloatField):
        return "abc"
    if isinstance(form_field, forms.EmailField):
        return "not-an-address"
    if isinstance(form_field, forms.CharField) and form_field.max_length:
        return "长" * (form_field.max_length + 1)
    return None


def messages_in(body: str, messages: list[str]) -> list[str]:
    return [m for m in messages if escape(m) not in body and m not in body]


# --- the forms ---------------------------------------------------------------------------------------------------
def hospital_data(hospital=None) -> dict:
    data = {
        "name": "吉林省人民医院",
        "province": "22",
        "city": "长春市",
        "address": "工农大路1183号",
        "nature": "public",
        "grade": "3a",
        "kind": "general",
        "beds": "1500",
        "emergency_phone": "0431-85595114",
    }
    if hospital is not None:
        data["name"], data["city"] = hospital.name, hospital.city
    return data


@pytest.fixture
def world(orgs, make_user):
    head = make_user(orgs.jilin, Role.BRANCH_CLAIMS_HEAD, username="fe_head")
    hq = make_user(orgs.hq, Role.HQ_NETWORK_APPROVER, username="fe_hq")
    admin = make_user(orgs.hq, Role.ADMINISTRATOR, username="fe_admin", is_staff=True)
    hospital = make_hospital(orgs.jilin)
    preparing = Cooperation.objects.create(hospital=hospital, org=orgs.jilin, state="negotiating")
    active = in_network(
        Cooperation.objects.create(hospital=make_hospital(orgs.jilin, name="长春市中心医院"), org=orgs.jilin)
    )
    renewal = in_network(
        Cooperation.objects.create(hospital=make_hospital(orgs.jilin, name="长春市第二医院"), org=orgs.jilin),
        state="renewal_due",
    )
    submitted = Cooperation.objects.create(
        hospital=make_hospital(orgs.jilin, name="长春市第三医院"), org=orgs.jilin, state="submitted"
    )
    approved = Cooperation.objects.create(
        hospital=make_hospital(orgs.jilin, name="长春市第四医院"),
        org=orgs.jilin,
        state="approved",
        decided_at=timezone.now(),
    )
    agreement = Agreement.objects.create(
        cooperation=approved,
        functions=[Function.EMERGENCY, Function.GUARANTEE],
        term_start=TODAY,
        term_end=TODAY + dt.timedelta(days=900),
        insurer_signatory="张总",
        hospital_signatory="李院长",
    )
    FunctionApproval.objects.create(agreement=agreement, function=Function.GUARANTEE, requested_by=head)
    evaluation = AnnualEvaluation.objects.create(
        cooperation=renewal,
        org=orgs.jilin,
        year=TODAY.year,
        treatment_practice="规范",
        cooperation_quality="良好",
        complaints="无",
        recommendation="renew",
        submitted_by=head,
    )
    from sla.services.reminders import schedule_reminder

    reminder = schedule_reminder(head, subject=orgs.jilin, org=orgs.jilin, on=TODAY, title="回访")
    return {
        "head": head,
        "hq": hq,
        "admin": admin,
        "hospital": hospital,
        "preparing": preparing,
        "active": active,
        "renewal": renewal,
        "submitted": submitted,
        "agreement": agreement,
        "evaluation": evaluation,
        "reminder": reminder,
    }


def cases(w) -> list[Case]:
    head, hq = client_for(w["head"]), client_for(w["hq"])
    user = w["head"]
    preparing, active, submitted = w["preparing"], w["active"], w["submitted"]

    def step(cooperation, name, form_class, data, client=head):
        return Case(
            f"step {name}",
            reverse("hospitals:act", args=[cooperation.pk, name]),
            lambda d, f: form_class(d, instance=cooperation, auto_id=f"id_{name}_%s"),
            {"expected_state": cooperation.state, **data},
            client=client,
            counts=lambda: Cooperation.objects.get(pk=cooperation.pk).state,
        )

    activity = {
        "trainings": (TrainingForm, {"on": TODAY.isoformat(), "topic": "培训", "attendees": "3"}),
        "advisors": (
            MedicalAdvisorForm,
            {
                "doctor": "张医生",
                "specialty": "骨科",
                "term_start": TODAY.isoformat(),
                "term_end": (TODAY + dt.timedelta(days=365)).isoformat(),
                "annual_fee": "100",
            },
        ),
        "dispatches": (
            EmergencyDispatchForm,
            {
                "at": (timezone.localtime() - dt.timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"),
                "customer_type": "insured",
                "response_minutes": "10",
                "outcome": "admitted",
            },
        ),
        "hk-cases": (HkCaseForm, {"opened_on": TODAY.isoformat(), "reference": "HK-1"}),
    }
    drug = DrugItem.objects.create(code="FE1", name="阿莫西林胶囊", category="a", unit="盒")
    reference_editor = client_for(w["admin"])  # HQ's administrator keeps the reference data
    drug_data = {"code": "FE2", "name": "头孢呋辛酯片", "kind": "drug", "category": "b", "unit": "盒"}
    found = [
        Case(
            "hospital create",
            reverse("hospitals:create"),
            lambda d, f: HospitalForm(d),
            hospital_data() | {"name": "新医院"},
            client=head,
            counts=lambda: Hospital.objects.count(),
        ),
        Case(
            "hospital edit",
            reverse("hospitals:edit", args=[w["hospital"].pk]),
            lambda d, f: HospitalForm(d, instance=Hospital.objects.get(pk=w["hospital"].pk)),
            hospital_data(w["hospital"]),
            client=head,
            counts=lambda: list(Hospital.objects.filter(pk=w["hospital"].pk).values()),
        ),
        Case(
            "hospital import",
            reverse("hospitals:import"),
            lambda d, f: HospitalImportForm(d, f),
            {},
            client=head,
            counts=lambda: Hospital.objects.count(),
        ),
        Case(
            "eligibility",
            reverse("hospitals:eligibility", args=[preparing.pk]),
            lambda d, f: EligibilityForm(d, cooperation=preparing),
            {"method": "direct"},
            client=head,
            counts=lambda: EligibilityCheck.objects.count(),
        ),
        Case(
            "agreement draft",
            reverse("hospitals:agreement", args=[preparing.pk]),
            lambda d, f: AgreementForm(d),
            {
                "functions": ["emergency"],
                "term_start": TODAY.isoformat(),
                "term_end": (TODAY + dt.timedelta(days=365)).isoformat(),
                "insurer_signatory": "张总",
                "hospital_signatory": "李院长",
            },
            client=head,
            counts=lambda: Agreement.objects.count(),
        ),
        Case(
            "signing",
            reverse("hospitals:agreement_signing", args=[w["agreement"].pk]),
            lambda d, f: SigningForm(d, f, agreement=w["agreement"]),
            {"signed_on": TODAY.isoformat()},
            client=head,
            counts=lambda: list(
                Agreement.objects.filter(pk=w["agreement"].pk).values("signed_on", "signed_scan")
            ),
        ),
        Case(
            "filing",
            reverse("hospitals:agreement_filing", args=[w["agreement"].pk]),
            lambda d, f: FilingForm(d),
            {"filed_on": TODAY.isoformat()},
            client=head,
            counts=lambda: list(Agreement.objects.filter(pk=w["agreement"].pk).values("filed_with_hq_on")),
        ),
        step(
            active,
            "request_rectification",
            RectifyForm,
            {"note": "收费不规范", "deadline": (TODAY + dt.timedelta(days=30)).isoformat()},
        ),
        Case(
            "annual evaluation",
            reverse("hospitals:evaluate", args=[active.pk]),
            lambda d, f: EvaluationForm(d),
            {
                "year": str(TODAY.year),
                "treatment_practice": "规范",
                "cooperation_quality": "良好",
                "complaints": "无",
                "recommendation": "renew",
            },
            client=head,
            counts=lambda: AnnualEvaluation.objects.count(),
        ),
        Case(
            "step decide (evaluation)",
            reverse("hospitals:evaluation_act", args=[w["evaluation"].pk, "decide"]),
            lambda d, f: EvaluationDecisionForm(d, instance=w["evaluation"], auto_id="id_decide_%s"),
            {"expected_state": "submitted", "decision": "renew"},
            client=hq,
            counts=lambda: AnnualEvaluation.objects.get(pk=w["evaluation"].pk).state,
        ),
        Case(
            "function decision",
            reverse("hospitals:agreement_function", args=[w["agreement"].pk, "guarantee"]),
            lambda d, f: FunctionDecisionForm(d),
            {"decision": "approve"},
            client=hq,
            counts=lambda: FunctionApproval.objects.get().status,
        ),
        step(active, "terminate", ReasonsForm, {"note": "不规范"}),
        step(submitted, "reject", ReasonsForm, {"note": "不符合"}, client=hq),
        Case(
            "maintenance",
            reverse("hospitals:maintenance_add", args=[active.pk]),
            lambda d, f: MaintenanceForm(d),
            {"kind": "visit", "on": TODAY.isoformat(), "note": "拜访"},
            client=head,
            counts=lambda: active.maintenance.count(),
        ),
        Case(
            "reminder reschedule",
            reverse("sla:reminder_reschedule", args=[w["reminder"].pk]),
            lambda d, f: RescheduleForm(d),
            {"due_on": (TODAY + dt.timedelta(days=3)).isoformat()},
            client=head,
            counts=lambda: (
                w["reminder"]
                .__class__.objects.filter(pk=w["reminder"].pk)
                .values_list("due_on", "note")
                .get()
            ),
        ),
        Case(
            "calendar import",
            reverse("sla:calendar"),
            lambda d, f: CalendarImportForm(d, f),
            {},
            client=client_for(w["admin"]),
            counts=lambda: __import__("sla.models", fromlist=["CalendarDay"]).CalendarDay.objects.count(),
        ),
        Case(
            "verify",
            reverse("documents:verify"),
            lambda d, f: VerifyForm(d, f),
            {"number": "CA-2026-000001", "sha256": "a" * 64},
            client=head,
        ),
        Case(
            "reference drug create",
            reverse("injury_claims:reference_create", args=["drugs"]),
            lambda d, f: DrugItemForm(d),
            drug_data,
            client=reference_editor,
            counts=lambda: DrugItem.objects.count(),
        ),
        Case(
            "reference drug edit",
            reverse("injury_claims:reference_edit", args=["drugs", drug.pk]),
            lambda d, f: DrugItemForm(d, instance=DrugItem.objects.get(pk=drug.pk)),
            {**drug_data, "code": "FE1"},
            client=reference_editor,
            counts=lambda: list(DrugItem.objects.filter(pk=drug.pk).values()),
        ),
        Case(
            "reference standard create",
            reverse("injury_claims:reference_create", args=["standards"]),
            lambda d, f: CompensationStandardForm(d),
            {
                "province": "22",
                "stat_year": "2022",
                "effective_from": "2023-09-01",
                "source": "吉高法〔2023〕112号",
                "wages-TOTAL_FORMS": "0",
                "wages-INITIAL_FORMS": "0",
            },
            client=reference_editor,
            counts=lambda: CompensationStandard.objects.count(),
        ),
        Case(
            "reference aid create",
            reverse("injury_claims:reference_create", args=["aids"]),
            lambda d, f: DisabilityAidForm(d),
            {"name": "普通轮椅", "category": "mobility", "unit": "台", "reference_price": "1200"},
            client=reference_editor,
            counts=lambda: DisabilityAid.objects.count(),
        ),
        Case(
            "reference import",
            reverse("injury_claims:reference_import", args=["drugs"]),
            lambda d, f: ReferenceImportForm(d, f, list_name="drugs"),
            {},
            client=reference_editor,
            counts=lambda: DrugItem.objects.count(),
        ),
        *search_cases(w),
    ]
    for kind, (form_class, data) in activity.items():
        found.append(
            Case(
                f"activity {kind}",
                reverse("hospitals:activity_add", args=[kind]),
                lambda d, f, form_class=form_class: form_class(d, user=user),
                {"hospital": w["active"].hospital_id, **data},
                client=head,
                counts=lambda form_class=form_class: form_class._meta.model.objects.count(),
            )
        )
    return found


def search_cases(w) -> list[Case]:
    """Saving a search, and evaluating someone who worked on a case (injury_claims.views.search)."""
    from injury_claims.forms.search import EvaluationForm, SaveSearchForm
    from injury_claims.models import EvaluationCriterion, SavedSearch, StaffEvaluation
    from injury_claims.selectors.evaluation import active_criteria, workers_of
    from injury_claims.services.claims import register_claim
    from tests.factories import UserFactory
    from tests.injury_claims.conftest import claim_data, person_data

    head = w["head"]
    handler = UserFactory(org=head.org, roles=[Role.INJURY_FOLLOW_UP], username="fe_follow")
    claim = register_claim(claim_data(head.org, handler), [person_data()], by=handler)
    person = claim.persons.get()
    EvaluationCriterion.objects.get_or_create(
        code="fe_timeliness", defaults={"name": "时效", "max_points": 10}
    )

    def evaluation_form(d, f):
        workers = [x for x in workers_of(person) if x["staff"].pk != head.pk]
        return EvaluationForm(d, workers=workers, criteria=active_criteria())

    return [
        Case(
            "save a search",
            reverse("injury_claims:search_save"),
            lambda d, f: SaveSearchForm(d, owner=head),
            {"name": "大额", "query": "estimate_min=5000"},
            client=client_for(head),
            counts=lambda: SavedSearch.objects.count(),
        ),
        Case(
            "evaluate staff",
            reverse("injury_claims:evaluate", args=[person.pk]),
            evaluation_form,
            {
                "worker": f"{handler.pk}:handling",
                **{f"score_{c.code}": "5" for c in active_criteria()},
                "comment": "及时",
            },
            client=client_for(head),
            counts=lambda: StaffEvaluation.objects.count(),
        ),
    ]


def test_every_form_shows_every_error_next_to_its_field_and_changes_nothing(world):
    checked, problems = 0, []
    for case in cases(world):
        probe = case.form(case.data, {})
        fields = [(name, bad_value(f)) for name, f in probe.fields.items()]
        fields = [(name, value) for name, value in fields if value is not None]
        assert fields, f"{case.name}: no field to check"
        for name, value in fields:
            files = {name: value} if isinstance(value, SimpleUploadedFile) else {}
            data = case.data if files else {**case.data, name: value}
            if files:
                value.seek(0)
            bound = case.form(data, files)
            if files:
                value.seek(0)
            expected = bound.errors.get(name, [])
            if not expected:
                continue
            before = case.counts() if case.counts else None
            response = case.client.post(case.url, {**data, **files})
            body = response.content.decode()
            checked += 1
            missing = messages_in(body, list(expected))
            if response.status_code != 200 or missing:
                problems.append(f"{case.name}.{name} ({response.status_code}): not shown {missing}")
            if case.counts and case.counts() != before:
                problems.append(f"{case.name}.{name}: the refused post changed something")
    assert problems == [], "\n".join(problems)
    assert checked >= 40


def test_every_filter_shows_why_a_value_is_ignored(world, orgs, make_user):
    """The GET filters of the lists: a bad value is reported (and that filter ignored), never silently dropped."""
    from hospitals.forms.activity import ActivityFilterForm, FeedFilterForm
    from hospitals.forms.coverage import CoverageDayForm
    from hospitals.forms.registry import HospitalFilterForm
    from injury_claims.forms.search import SearchForm
    from injury_claims.selectors.search import search_choices
    from sla.forms import DashboardFilterForm, InboxFilterForm

    hq = world["hq"]
    manager = make_user(orgs.jilin, Role.BRANCH_MANAGER, username="fe_manager")
    filters = [
        ("hospitals:list", hq, lambda d: HospitalFilterForm(d, cities=["长春市"])),
        ("hospitals:coverage", hq, lambda d: CoverageDayForm(d)),
        ("hospitals:activity", hq, lambda d: ActivityFilterForm(d, user=hq)),
        ("hospitals:feed", hq, lambda d: FeedFilterForm(d, user=hq, verbs=[])),
        ("home", manager, lambda d: InboxFilterForm(d)),
        ("sla:dashboard", manager, lambda d: DashboardFilterForm(d, user=manager)),
        ("injury_claims:search", manager, lambda d: SearchForm(d, **search_choices(manager))),
    ]
    checked, problems = 0, []
    for url_name, user, make in filters:
        for name, form_field in make({}).fields.items():
            value = bad_value(form_field)
            if value is None:
                continue
            expected = make({name: value}).errors.get(name, [])
            if not expected:
                continue
            body = client_for(user).get(reverse(url_name), {name: value}).content.decode()
            checked += 1
            if missing := messages_in(body, list(expected)):
                problems.append(f"{url_name}?{name}: not shown {missing}")
    assert problems == [], "\n".join(problems)
    assert checked >= 10
