"""The persona matrix (issue 7, point 4): every named URL of the product, for every persona, with GET, a POST that
carries a valid CSRF token, and a method no view accepts (PUT) — against real records of two branches.

Personas: an HQ network approver; the Jilin branch claims head; a claims adjuster of a Jilin sub-branch; the
Shenzhen claims head (another branch: Jilin's records are 404 to them); a Jilin green-channel agent (a role with
no business in the network or with mediators); anonymous. The records in the URLs are Jilin's.

The table below is the expected outcome, one row per URL name; a test asserts that it names exactly the URLconf's
patterns, so a new view without its row fails. The Django admin (its own staff-only login) is outside the table
and checked separately.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from documents.models import IssuedDocument, Job
from hospitals.models import Agreement, AnnualEvaluation, Cooperation, Function, HospitalImport
from organization.roles import Role
from sla.notifications import notify
from sla.services.reminders import schedule_reminder
from tests.hospitals.conftest import make_hospital

PERSONAS = ("hq", "head", "sub", "other", "norole", "anon")
CSRF = "a" * 32
TODAY = timezone.localdate()

# name: (GET, POST) outcomes for hq head sub other norole anon; PUT answers 405 unless WRONG_METHOD says otherwise.
# Reading the rows: 302 for anonymous is the login redirect; 404 is "not yours or not there"; 403 "you may see it
# but not do this"; 200 on POST is a form shown again with its errors (the matrix posts no data).
EXPECTED = {
    "home": ("200 200 200 200 200 302", "405 405 405 405 405 405"),
    "healthz": ("200 200 200 200 200 200", "405 405 405 405 405 405"),
    "readyz": ("200 200 200 200 200 200", "405 405 405 405 405 405"),
    # The matrix's clients connect from loopback, which may scrape (tests/config/test_metrics.py: nobody else).
    "metrics": ("200 200 200 200 200 200", "405 405 405 405 405 405"),
    "set_language": ("302 302 302 302 302 302", "302 302 302 302 302 302"),
    "login": ("302 302 302 302 302 200", "302 302 302 302 302 200"),
    "logout": ("405 405 405 405 405 405", "302 302 302 302 302 302"),
    "password_change": ("200 200 200 200 200 302", "200 200 200 200 200 302"),
    "password_change_done": ("200 200 200 200 200 302", "405 405 405 405 405 302"),
    "organization:org_list": ("200 200 200 200 200 302", "405 405 405 405 405 405"),
    "organization:org_detail": ("200 200 404 404 200 302", "405 405 405 405 405 405"),
    "sla:reminder_done": ("405 405 405 405 405 405", "404 302 404 404 404 302"),
    "sla:reminder_reschedule": ("404 200 404 404 404 302", "404 200 404 404 404 302"),
    "sla:notifications": ("200 200 200 200 200 302", "405 405 405 405 405 405"),
    "sla:notification_read": ("405 405 405 405 405 405", "404 302 404 404 404 302"),
    "sla:notifications_read_all": ("405 405 405 405 405 405", "302 302 302 302 302 302"),
    "sla:dashboard": ("200 200 403 200 403 302", "405 405 405 405 405 405"),
    "sla:calendar": ("404 404 404 404 404 302", "404 404 404 404 404 302"),
    # The green channel: its agents only (the vendor's staff: tests/green_channel/test_bookings.py).
    "green_channel:lookup": ("404 404 404 404 200 302", "404 404 404 404 200 302"),
    "green_channel:booking_new": ("404 404 404 404 200 302", "404 404 404 404 200 302"),
    "green_channel:bookings": ("404 404 404 404 200 302", "405 405 405 405 405 405"),
    "green_channel:booking": ("404 404 404 404 200 302", "405 405 405 405 405 405"),
    "green_channel:booking_act": ("405 405 405 405 405 405", "404 404 404 404 302 302"),
    "hospitals:list": ("200 200 200 200 404 302", "405 405 405 405 405 405"),
    "hospitals:create": ("403 200 200 200 404 302", "403 200 200 200 404 302"),
    "hospitals:edit": ("403 200 200 404 404 302", "403 200 200 404 404 302"),
    "hospitals:export": ("405 405 405 405 405 405", "302 302 302 302 404 302"),
    "hospitals:import": ("403 200 200 200 404 302", "403 200 200 200 404 302"),
    "hospitals:import_template": ("200 200 200 200 404 302", "405 405 405 405 405 405"),
    "hospitals:import_status": ("404 200 200 404 404 302", "405 405 405 405 405 405"),
    "hospitals:detail": ("200 200 200 404 404 302", "405 405 405 405 405 405"),
    "hospitals:board": ("200 200 200 200 404 302", "405 405 405 405 405 405"),
    "hospitals:approvals": ("200 404 404 404 404 302", "405 405 405 405 405 405"),
    "hospitals:act": ("405 405 405 405 405 405", "403 200 200 404 404 302"),
    "hospitals:eligibility": ("403 200 200 404 404 302", "403 200 200 404 404 302"),
    "hospitals:agreement": ("403 200 200 404 404 302", "403 200 200 404 404 302"),
    "hospitals:agreement_print": ("405 405 405 405 405 405", "403 302 302 404 404 302"),
    "hospitals:agreement_review": ("405 405 405 405 405 405", "403 403 403 404 404 302"),  # the legal post's
    "hospitals:agreement_function": ("405 405 405 405 405 405", "200 403 403 404 404 302"),
    "hospitals:propose": ("405 405 405 405 405 405", "403 302 302 404 404 302"),
    "hospitals:evaluate": ("403 200 403 404 404 302", "403 200 403 404 404 302"),
    "hospitals:evaluation_act": ("405 405 405 405 405 405", "200 403 403 404 404 302"),
    "hospitals:agreement_signing": ("405 405 405 405 405 405", "403 200 200 404 404 302"),
    "hospitals:agreement_filing": ("405 405 405 405 405 405", "403 200 200 404 404 302"),
    "hospitals:agreement_scan": ("200 200 200 404 404 302", "405 405 405 405 405 405"),
    "hospitals:coverage": ("200 200 200 200 404 302", "405 405 405 405 405 405"),
    "hospitals:coverage_org": ("200 200 200 404 404 302", "405 405 405 405 405 405"),
    "hospitals:activity": ("200 200 200 200 404 302", "405 405 405 405 405 405"),
    "hospitals:activity_add": ("403 200 200 200 404 302", "403 200 200 200 404 302"),
    "hospitals:maintenance_list": ("200 200 200 404 404 302", "405 405 405 405 405 405"),
    "hospitals:maintenance_add": ("403 200 200 404 404 302", "403 200 200 404 404 302"),
    "hospitals:feed": ("200 200 200 200 404 302", "405 405 405 405 405 405"),
    "injury_claims:mediators": ("404 200 404 200 404 302", "405 405 405 405 405 405"),
    "injury_claims:mediator_letter": ("405 405 405 405 405 405", "404 302 404 404 404 302"),
    # Reference data (seed 001): every claims role and all HQ staff read it, only HQ's administrators and claims
    # heads change it (none of these personas): readers get 403 on a write, the green-channel agent 404.
    "injury_claims:reference_index": ("200 200 200 200 404 302", "405 405 405 405 405 405"),
    "injury_claims:reference_list": ("200 200 200 200 404 302", "405 405 405 405 405 405"),
    "injury_claims:reference_export": ("200 200 200 200 404 302", "405 405 405 405 405 405"),
    "injury_claims:reference_create": ("403 403 403 403 404 302", "403 403 403 403 404 302"),
    "injury_claims:reference_import": ("403 403 403 403 404 302", "403 403 403 403 404 302"),
    "injury_claims:reference_edit": ("200 200 200 200 404 302", "403 403 403 403 404 302"),
    "injury_claims:claims": ("404 200 200 200 404 302", "405 405 405 405 405 405"),
    "injury_claims:claim_new": ("404 200 200 200 404 302", "404 200 200 200 404 302"),
    "injury_claims:claim": ("404 200 404 404 404 302", "405 405 405 405 405 405"),
    "injury_claims:survey_step": ("405 405 405 405 405 405", "404 302 404 404 404 302"),
    "injury_claims:person_add": ("404 200 404 404 404 302", "404 200 404 404 404 302"),
    "injury_claims:person": ("404 200 404 404 404 302", "405 405 405 405 405 405"),
    "injury_claims:person_edit": ("404 200 404 404 404 302", "404 200 404 404 404 302"),
    "injury_claims:follow_up": ("405 405 405 405 405 405", "404 200 404 404 404 302"),
    "injury_claims:bill_new": ("404 200 404 404 404 302", "404 200 404 404 404 302"),
    "injury_claims:person_step": ("405 405 405 405 405 405", "404 302 404 404 404 302"),
    "injury_claims:reveal": ("405 405 405 405 405 405", "404 200 404 404 404 302"),
    "injury_claims:finding": ("405 405 405 405 405 405", "404 404 404 404 404 302"),
    "injury_claims:attachment": ("404 200 404 404 404 302", "405 405 405 405 405 405"),
    "injury_claims:reviews": ("404 200 200 200 404 302", "405 405 405 405 405 405"),
    "injury_claims:review": ("404 200 404 404 404 302", "404 403 404 404 404 302"),
    "injury_claims:review_step": ("405 405 405 405 405 405", "404 403 404 404 404 302"),
    "injury_claims:search": ("404 200 200 200 404 302", "405 405 405 405 405 405"),
    "injury_claims:search_save": ("405 405 405 405 405 405", "404 200 200 200 404 302"),
    "injury_claims:search_delete": ("405 405 405 405 405 405", "404 302 404 404 404 302"),
    "injury_claims:search_export": ("404 200 200 200 404 302", "405 405 405 405 405 405"),
    "injury_claims:overview": ("404 200 404 200 404 302", "405 405 405 405 405 405"),
    "injury_claims:evaluate": ("404 200 404 404 404 302", "404 200 404 404 404 302"),
    "injury_claims:evaluations": ("404 200 404 200 404 302", "405 405 405 405 405 405"),
    "injury_claims:settlements": ("404 200 200 200 404 302", "405 405 405 405 405 405"),
    "injury_claims:settlement": ("404 200 404 404 404 302", "405 405 405 405 405 405"),
    "injury_claims:settlement_facts": ("405 405 405 405 405 405", "404 200 404 404 404 302"),
    "injury_claims:settlement_document": ("405 405 405 405 405 405", "404 200 404 404 404 302"),
    "injury_claims:settlement_calculate": ("405 405 405 405 405 405", "404 200 404 404 404 302"),
    "injury_claims:settlement_step": ("405 405 405 405 405 405", "404 302 404 404 404 302"),
    "injury_claims:settlement_payment": ("405 405 405 405 405 405", "404 200 404 404 404 302"),
    "injury_claims:settlement_paid": ("405 405 405 405 405 405", "404 200 404 404 404 302"),
    # The printed forms (issue 10): whoever sees the claim prints (a job, or back with why not yet); others 404.
    # The fast track (issue 11 point 1): the claim's people of the branch; the form of a person who already has one
    # goes to it; a step posted without its form is shown again with the errors.
    "injury_claims:fast_track_new": ("404 302 404 404 404 302", "404 302 404 404 404 302"),
    "injury_claims:fast_track": ("404 200 404 404 404 302", "405 405 405 405 405 405"),
    "injury_claims:fast_track_step": ("405 405 405 405 405 405", "404 200 404 404 404 302"),
    "injury_claims:fast_track_scan": ("405 405 405 405 405 405", "404 200 404 404 404 302"),
    "injury_claims:fast_track_print": ("405 405 405 405 405 405", "404 302 404 404 404 302"),
    "injury_claims:print_calculation_sheet": ("405 405 405 405 405 405", "404 302 404 404 404 302"),
    "injury_claims:print_payment_notice": ("405 405 405 405 405 405", "404 302 404 404 404 302"),
    "injury_claims:print_closing_report": ("405 405 405 405 405 405", "404 302 404 404 404 302"),
    # The bank's payment batches (issue 10 point 5): the calculator/approver and the claims head in their scope; a
    # claims reader who does not pay 403; the POSTs without data show the form again with its errors.
    "injury_claims:payments": ("404 200 403 200 404 302", "405 405 405 405 405 405"),
    "injury_claims:payment_batch_new": ("405 405 405 405 405 405", "404 200 403 200 404 302"),
    "injury_claims:payment_batch": ("404 200 403 404 404 302", "405 405 405 405 405 405"),
    "injury_claims:payment_batch_file": ("405 405 405 405 405 405", "404 200 403 404 404 302"),
    "injury_claims:payment_batch_return": ("405 405 405 405 405 405", "404 200 403 404 404 302"),
    # The settlement reports (issue 10 point 7): managers and heads of a branch (their own), HQ claims staff; the
    # export is a job.
    "injury_claims:settlement_reports": ("404 200 404 200 404 302", "405 405 405 405 405 405"),
    "injury_claims:settlement_reports_export": ("405 405 405 405 405 405", "404 302 404 302 404 302"),
    # Mediation (issue 11, 人伤调解): whoever reads the claim reads it; only its authorised mediator drafts and steps
    # (the claims head is not a mediator: 403); printing is for every reader (a job, or back with why not yet).
    "injury_claims:mediation_open": ("405 405 405 405 405 405", "404 403 404 404 404 302"),
    "injury_claims:mediation": ("404 200 404 404 404 302", "405 405 405 405 405 405"),
    "injury_claims:mediation_plan": ("404 403 404 404 404 302", "404 403 404 404 404 302"),
    "injury_claims:mediation_step": ("405 405 405 405 405 405", "404 403 404 404 404 302"),
    "injury_claims:mediation_scan": ("405 405 405 405 405 405", "404 403 404 404 404 302"),
    "injury_claims:print_mediation_plan": ("405 405 405 405 405 405", "404 302 404 404 404 302"),
    "injury_claims:print_mediation_agreement": ("405 405 405 405 405 405", "404 302 404 404 404 302"),
    # Litigation (人伤涉诉): the litigation officers and the claims head work a matter of their scope, medical review
    # gives opinions (the claims head is not a medical reviewer: 403); readers of the claims see the list.
    "injury_claims:litigations": ("404 200 200 200 404 302", "405 405 405 405 405 405"),
    "injury_claims:litigation_open": ("404 200 404 404 404 302", "404 200 404 404 404 302"),
    "injury_claims:litigation": ("404 200 404 404 404 302", "405 405 405 405 405 405"),
    "injury_claims:litigation_claims": ("405 405 405 405 405 405", "404 200 404 404 404 302"),
    "injury_claims:litigation_plan": ("405 405 405 405 405 405", "404 200 404 404 404 302"),
    "injury_claims:litigation_opinion": ("405 405 405 405 405 405", "404 403 404 404 404 302"),
    "injury_claims:litigation_hearing": ("405 405 405 405 405 405", "404 200 404 404 404 302"),
    "injury_claims:litigation_hearing_edit": ("404 200 404 404 404 302", "404 200 404 404 404 302"),
    "injury_claims:litigation_judgment": ("405 405 405 405 405 405", "404 200 404 404 404 302"),
    "injury_claims:litigation_step": ("405 405 405 405 405 405", "404 302 404 404 404 302"),
    "injury_claims:print_litigation_summary": ("405 405 405 405 405 405", "404 302 404 404 404 302"),
    # The medical-fee guarantee (seed 000): the claim's people; approval, prepayment and recovery are the 核赔
    # post's (the head records prepayments: the empty form comes back; nothing to recover before approval: 403).
    "injury_claims:guarantees": ("404 200 200 200 404 302", "405 405 405 405 405 405"),
    "injury_claims:guarantee_new": ("404 200 404 404 404 302", "404 200 404 404 404 302"),
    "injury_claims:guarantee": ("404 200 404 404 404 302", "405 405 405 405 405 405"),
    "injury_claims:guarantee_step": ("405 405 405 405 405 405", "404 302 404 404 404 302"),
    "injury_claims:guarantee_prepayment": ("405 405 405 405 405 405", "404 200 404 404 404 302"),
    "injury_claims:guarantee_recovery": ("405 405 405 405 405 405", "404 403 404 404 404 302"),
    "injury_claims:guarantee_print": ("405 405 405 405 405 405", "404 302 404 404 404 302"),
    "injury_claims:claim_vip": ("404 200 404 404 404 302", "404 302 404 404 404 302"),
    # The hospital-deposit advance (issue 12 point 6, 住院费用垫付): the green-channel agents of the policy's org only;
    # the new page needs ?policy= (without it: 404); a step posted without its form is shown again with the errors.
    "green_channel:deposits": ("404 404 404 404 200 302", "405 405 405 405 405 405"),
    "green_channel:deposit_new": ("404 404 404 404 404 302", "404 404 404 404 404 302"),
    "green_channel:deposit": ("404 404 404 404 200 302", "405 405 405 405 405 405"),
    "green_channel:deposit_step": ("405 405 405 405 405 405", "404 404 404 404 200 302"),
    "green_channel:deposit_receipt": ("404 404 404 404 200 302", "405 405 405 405 405 405"),
    # Green-channel products and their network lists (issue 12 point 2): green-channel agents of any org and HQ
    # read; HQ's administrators and green-channel agents import and decide (none of these personas: the HQ network
    # approver and the Jilin agent read the page but may not act, 403); claims staff of the branches 404.
    "green_channel:products": ("200 404 404 404 200 302", "405 405 405 405 405 405"),
    "green_channel:product": ("200 404 404 404 200 302", "405 405 405 405 405 405"),
    "green_channel:network": ("200 404 404 404 200 302", "405 405 405 405 405 405"),
    "green_channel:network_versions": ("200 404 404 404 200 302", "405 405 405 405 405 405"),
    "green_channel:network_import": ("403 404 404 404 403 302", "403 404 404 404 403 302"),
    "green_channel:network_decide": ("403 404 404 404 403 302", "403 404 404 404 403 302"),
    # The vendor scorecard (issue 12 point 7): green-channel agents (their part of the company), administrators and
    # vendor staff; nobody else.
    "green_channel:vendor_scorecard": ("404 404 404 404 200 302", "405 405 405 405 405 405"),
    "documents:verify": ("200 200 200 200 200 200", "200 200 200 200 200 200"),
    "documents:job": ("404 200 404 404 404 302", "405 405 405 405 405 405"),
    "documents:job_download": ("404 200 404 404 404 302", "405 405 405 405 405 405"),
    "documents:detail": ("200 200 200 404 404 302", "405 405 405 405 405 405"),
    "documents:download": ("200 200 200 404 404 302", "405 405 405 405 405 405"),
    # The annual assessment: HQ (the assessor) everything; the Jilin head reads, explains, disputes and confirms
    # Jilin's card; the Shenzhen head reads only Shenzhen's (its list and the rubric page); others 404.
    "scoring:years": ("200 200 404 200 404 302", "200 404 404 404 404 302"),
    "scoring:year": ("200 200 404 200 404 302", "405 405 405 405 405 405"),
    "scoring:rubric": ("200 404 404 404 404 302", "200 404 404 404 404 302"),
    "scoring:open_year": ("405 405 405 405 405 405", "302 404 404 404 404 302"),
    "scoring:scorecard": ("200 200 404 404 404 302", "405 405 405 405 405 405"),
    "scoring:scorecard_act": ("405 405 405 405 405 405", "200 200 404 404 404 302"),
    "scoring:note": ("405 405 405 405 405 405", "403 200 404 404 404 302"),
    "scoring:adjust": ("405 405 405 405 405 405", "200 403 404 404 404 302"),
    "scoring:recompute": ("405 405 405 405 405 405", "302 403 404 404 404 302"),
    "scoring:version": ("200 200 404 404 404 302", "405 405 405 405 405 405"),
    "scoring:answer": ("405 405 405 405 405 405", "200 403 404 404 404 302"),
    # HQ's ranking and its export exist for HQ only; whoever reads a card may print it once final (the matrix's
    # card is a draft: refused with a message, redirected to the card).
    "scoring:ranking": ("200 404 404 404 404 302", "405 405 405 405 405 405"),
    "scoring:ranking_xlsx": ("200 404 404 404 404 302", "405 405 405 405 405 405"),
    "scoring:scorecard_print": ("405 405 405 405 405 405", "302 302 404 404 404 302"),
    # The satisfaction samples: HQ acts; the Jilin head reads Jilin's samples (403 on acting); the Shenzhen head
    # reads only Shenzhen's list (Jilin's records 404); the customer's questionnaire link is public.
    "scoring:samples": ("200 200 404 200 404 302", "405 405 405 405 405 405"),
    "scoring:draw": ("405 405 405 405 405 405", "200 403 404 404 404 302"),  # hq: drawn already, shown again
    "scoring:sample": ("200 200 404 404 404 302", "405 405 405 405 405 405"),
    "scoring:response": ("200 403 404 404 404 302", "200 403 404 404 404 302"),  # hq POST: empty form again
    "scoring:unreachable": ("405 405 405 405 405 405", "200 403 404 404 404 302"),  # hq: reason missing
    "scoring:send_link": ("405 405 405 405 405 405", "302 403 404 404 404 302"),
    "scoring:reveal_mobile": ("405 405 405 405 405 405", "200 403 404 404 404 302"),
    "scoring:survey_link": ("200 200 200 200 200 200", "200 200 200 200 200 200"),  # public; empty POST again
}
# PUT is refused everywhere (405) except where a view answers every method alike.
WRONG_METHOD = {
    "set_language": "302 302 302 302 302 302",  # Django's view redirects anything but a POST back
    "login": "302 302 302 302 302 405",  # signed in: redirected before the method matters
    "password_change": "405 405 405 405 405 302",  # anonymous: to the login first
    "password_change_done": "405 405 405 405 405 302",
}


def url_names() -> set[str]:
    def walk(patterns, namespace=None):
        for p in patterns:
            if isinstance(p, URLResolver):
                inner = (
                    p.namespace
                    if not namespace
                    else f"{namespace}:{p.namespace}"
                    if p.namespace
                    else namespace
                )
                yield from walk(p.url_patterns, inner)
            elif isinstance(p, URLPattern) and p.name:
                yield f"{namespace}:{p.name}" if namespace else p.name

    return {name for name in walk(get_resolver().url_patterns) if not name.startswith("admin:")}


def test_the_table_names_every_url_of_the_urlconf():
    assert set(EXPECTED) == url_names()


@pytest.fixture
def world(orgs, make_user):
    """Records of Jilin in every URL; the same roles exist in Shenzhen."""
    people = {
        "hq": make_user(orgs.hq, Role.HQ_NETWORK_APPROVER, username="m_hq"),
        "head": make_user(orgs.jilin, Role.BRANCH_CLAIMS_HEAD, username="m_head", phone="13800000001"),
        "sub": make_user(orgs.jilinshi, Role.CLAIMS_ADJUSTER, username="m_sub"),
        "other": make_user(orgs.shenzhen, Role.BRANCH_CLAIMS_HEAD, username="m_other"),
        "norole": make_user(orgs.jilin, Role.GREEN_CHANNEL_AGENT, username="m_green"),
        "anon": None,
    }
    head = people["head"]
    make_hospital(orgs.shenzhen, name="北京大学深圳医院", province="44", city="深圳市")
    hospital = make_hospital(orgs.jilin)
    cooperation = Cooperation.objects.create(hospital=hospital, org=orgs.jilin, created_by=head)
    agreement = Agreement.objects.create(
        cooperation=cooperation,
        functions=[Function.EMERGENCY],
        term_start=TODAY,
        term_end=TODAY + dt.timedelta(days=365),
        insurer_signatory="张总",
        hospital_signatory="李院长",
        deviation="急救费用按月结算",
    )
    agreement.signed_scan.save("scan.pdf", ContentFile(b"%PDF-1.4 scan"), save=True)
    evaluation = AnnualEvaluation.objects.create(
        cooperation=cooperation,
        org=orgs.jilin,
        year=TODAY.year,
        treatment_practice="规范",
        cooperation_quality="良好",
        complaints="无",
        recommendation="renew",
        submitted_by=head,
    )
    document = IssuedDocument(
        number="CA-2026-000001",
        kind="cooperation_agreement",
        title="协议",
        sha256="0" * 64,
        size=8,
        issued_at=timezone.now(),
        issued_by=head,
        org=orgs.jilin,
        content_type_id=__import__("django.contrib.contenttypes.models", fromlist=["ContentType"])
        .ContentType.objects.get_for_model(Cooperation)
        .pk,
        object_id=cooperation.pk,
    )
    document.file.save("CA-2026-000001.pdf", ContentFile(b"%PDF-1.4"), save=False)
    document.save()
    job = Job.objects.create(kind="hospitals.export", requested_by=head, status="done", filename="h.xlsx")
    job.file.save("h.xlsx", ContentFile(b"PK"), save=True)
    imp = HospitalImport.objects.create(org=orgs.jilin, created_by=head, original_name="a.csv")
    reminder = schedule_reminder(head, subject=cooperation, org=orgs.jilin, on=TODAY, title="回访")
    (notification,) = notify([head], kind="hospitals.submitted", context={"hospital": "x", "org": "y"})
    mediator = make_user(
        orgs.jilin,
        Role.MEDIATOR,
        username="m_mediator",
        mediator_trained_on=dt.date(2026, 1, 5),
        mediator_authorised_by="22",
        mediator_valid_until=dt.date(2099, 1, 1),
    )
    from injury_claims.models import DrugItem

    reference_item = DrugItem.objects.create(code="M1", name="阿莫西林胶囊", category="a", unit="盒")
    from injury_claims.services import claims as claim_services
    from injury_claims.services import reviews as review_services
    from tests.injury_claims.conftest import claim_data, person_data, photo

    claim = claim_services.register_claim(claim_data(orgs.jilin, head), [person_data()], by=head)
    injured = claim.persons.get()
    scan = claim_services.store_attachment(injured, photo(), kind="bill", by=head)
    follow_up = claim_services.submit_follow_up(
        injured,
        {
            "expected_state": "first_follow_up",
            "contact_mode": "phone",
            "summary": "电话慰问",
            "estimate": 100,
            "mediation_offered": True,
            "next_on": None,
            "outcome": "follow_on",
        },
        by=head,
    )
    claim_review = follow_up.review
    from injury_claims.models import SavedSearch

    saved_search = SavedSearch.objects.create(owner=head, name="大额", query="estimate_min=5000")
    from injury_claims.models import DocumentRequirement, Payment, Settlement

    settlement = Settlement.objects.create(person=injured, org=injured.org)
    requirement = DocumentRequirement.objects.filter(category__isnull=True).first()
    payment = Payment.objects.create(
        settlement=settlement,
        payee_kind="injured",
        payee_name="张伟",
        bank="中国银行",
        account="6217000012345678",
        account_masked="6217********5678",
        amount=100,
        by=head,
    )
    from injury_claims.models import PaymentBatch, PaymentBatchLine

    batch = PaymentBatch.objects.create(org=orgs.jilin, count=1, total=100, by=head)
    PaymentBatchLine.objects.create(batch=batch, seq=1, payment=payment, amount=100)
    del review_services
    from injury_claims.services.mediation import open_mediation

    mediation = open_mediation(injured, by=mediator)
    # the fast track's pages, on the same person (made directly: the service refuses a mediated person)
    from injury_claims.models import FastTrack, FastTrackStandard

    fast_track = FastTrack.objects.create(
        person=injured,
        org=injured.org,
        standard=FastTrackStandard.objects.first(),
        basis="no_cost",
        level=2,
        ceiling=1000,
        medical_cap=0,
        created_by=head,
    )
    from injury_claims.services import litigation as litigation_services

    matter = litigation_services.open_litigation(
        injured,
        {
            "court": "长春市朝阳区人民法院",
            "case_no": f"（{TODAY.year}）吉0104民初123号",
            "plaintiff": "张伟",
            "filed_on": TODAY,
            "officer": make_user(orgs.jilin, Role.LITIGATION_OFFICER, username="m_litigation"),
        },
        by=head,
    )
    hearing = litigation_services.schedule_hearing(
        matter,
        {
            "kind": "hearing",
            "at": timezone.now() + dt.timedelta(days=5),
            "room": "第一法庭",
            "remind_on": TODAY,
        },
        by=head,
    )
    from injury_claims.models import Guarantee

    guarantee = Guarantee.objects.create(
        person=injured,
        org=injured.org,
        hospital=hospital,
        amount=5000,
        valid_from=TODAY,
        valid_until=TODAY + dt.timedelta(days=30),
        created_by=head,
    )
    # The green channel (issue 12): a Jilin customer's policy and one booking recorded by the Jilin agent.
    from green_channel.services.bookings import new_booking
    from tests.green_channel.conftest import make_policy

    gc_policy = make_policy(orgs.jilin, "cancer-31-cities", number="GC-MATRIX-1")
    gc_booking = new_booking(
        gc_policy,
        gc_policy.product.services.get(kind="expert_outpatient"),
        by=people["norole"],
        channel="phone",
        need="复查",
    )
    # the hospital-deposit advance: a Jilin policy on the product with the service, an advance and its deposit
    from green_channel.models import DepositPayment, InsuredPerson, Policy, ServiceProduct
    from green_channel.services.deposit import apply_for_advance

    deposit_policy = Policy.objects.create(
        insured=InsuredPerson.objects.create(name="王芳", id_number="220102198507150026"),
        product=ServiceProduct.objects.get(code="ci-admission-deposit"),
        org=orgs.jilin,
        number="GC-M-1",
        starts_on=dt.date(2025, 1, 1),
        ends_on=dt.date(2030, 12, 31),
        cooling_off_days=15,
        grace_period_days=60,
        sum_insured=500000,
    )
    advance = apply_for_advance(
        deposit_policy,
        applied_at=timezone.make_aware(dt.datetime(2026, 9, 30, 10)),
        by=people["norole"],
        hospital=hospital,
    )
    deposit_payment = DepositPayment(
        advance=advance, kind="deposit", amount=1000, paid_on=TODAY, by=people["norole"]
    )
    deposit_payment.receipt.save("r.pdf", ContentFile(b"%PDF-1.4 receipt"), save=True)
    from green_channel.network_import import NetworkRow
    from green_channel.network_services import import_network_list

    network_product = ServiceProduct.objects.get(code="cancer-31-cities")
    network_version = import_network_list(
        network_product, [NetworkRow(2, "长春", "未知医院", "")], file_name="v.xlsx", by=None
    )
    network_entry = network_version.entries.get()
    scoring_year, scoring_card, scoring_dispute, scoring_draw, token = _scoring_world(orgs, people)
    asked = scoring_draw.responses.get(position=1)
    kwargs = {
        "scoring:year": {"year": scoring_year},
        "scoring:rubric": {"year": scoring_year + 1},
        "scoring:open_year": {"year": scoring_year + 1},
        "scoring:scorecard": {"pk": scoring_card.pk},
        "scoring:scorecard_act": {"pk": scoring_card.pk, "action": "confirm"},
        "scoring:note": {"pk": scoring_card.pk},
        "scoring:adjust": {"pk": scoring_card.pk},
        "scoring:recompute": {"pk": scoring_card.pk},
        "scoring:version": {"pk": scoring_card.pk, "number": 1},
        "scoring:answer": {"pk": scoring_dispute.pk},
        "scoring:ranking": {"year": scoring_year},
        "scoring:ranking_xlsx": {"year": scoring_year},
        "scoring:scorecard_print": {"pk": scoring_card.pk},
        "scoring:samples": {"year": scoring_year},
        "scoring:draw": {"year": scoring_year, "org": orgs.jilin.pk, "kind": "customer"},
        "scoring:sample": {"pk": scoring_draw.pk},
        "scoring:response": {"pk": asked.pk},
        "scoring:unreachable": {"pk": asked.pk},
        "scoring:send_link": {"pk": asked.pk},
        "scoring:reveal_mobile": {"pk": asked.pk},
        "scoring:survey_link": {"token": token},
        "green_channel:booking_new": {"pk": gc_policy.pk},
        "green_channel:booking": {"pk": gc_booking.pk},
        "green_channel:booking_act": {"pk": gc_booking.pk, "action": "cancel"},
        "green_channel:deposit": {"pk": advance.pk},
        "green_channel:deposit_step": {"pk": advance.pk, "action": "record_contact"},
        "green_channel:deposit_receipt": {"pk": deposit_payment.pk},
        "green_channel:product": {"code": network_product.code},
        "green_channel:network": {"code": network_product.code},
        "green_channel:network_versions": {"code": network_product.code},
        "green_channel:network_import": {"code": network_product.code},
        "green_channel:network_decide": {"pk": network_entry.pk},
        "injury_claims:fast_track_new": {"pk": injured.pk},
        "injury_claims:fast_track": {"pk": fast_track.pk},
        "injury_claims:fast_track_step": {"pk": fast_track.pk, "action": "agree"},
        "injury_claims:fast_track_scan": {"pk": fast_track.pk},
        "injury_claims:fast_track_print": {"pk": fast_track.pk},
        "injury_claims:claim": {"pk": claim.pk},
        "injury_claims:survey_step": {"pk": claim.pk, "action": "respond"},
        "injury_claims:person_add": {"pk": claim.pk},
        "injury_claims:person": {"pk": injured.pk},
        "injury_claims:person_edit": {"pk": injured.pk},
        "injury_claims:follow_up": {"pk": injured.pk},
        "injury_claims:bill_new": {"pk": injured.pk},
        "injury_claims:person_step": {"pk": injured.pk, "action": "close"},
        "injury_claims:reveal": {"pk": injured.pk},
        "injury_claims:finding": {"pk": injured.pk},
        "injury_claims:attachment": {"pk": scan.pk},
        "injury_claims:review": {"pk": claim_review.pk},
        "injury_claims:review_step": {"pk": claim_review.pk, "action": "approve"},
        "injury_claims:search_delete": {"pk": saved_search.pk},
        "injury_claims:evaluate": {"pk": injured.pk},
        "injury_claims:settlement": {"pk": settlement.pk},
        "injury_claims:settlement_facts": {"pk": settlement.pk},
        "injury_claims:settlement_document": {"pk": settlement.pk, "requirement": requirement.pk},
        "injury_claims:settlement_calculate": {"pk": settlement.pk},
        "injury_claims:settlement_step": {"pk": settlement.pk, "action": "confirm_assessment"},
        "injury_claims:settlement_payment": {"pk": settlement.pk},
        "injury_claims:settlement_paid": {"pk": settlement.pk, "payment": payment.pk},
        "injury_claims:print_calculation_sheet": {"pk": settlement.pk},
        "injury_claims:print_payment_notice": {"pk": settlement.pk, "payment": payment.pk},
        "injury_claims:print_closing_report": {"pk": claim.pk},
        "injury_claims:mediation_open": {"pk": injured.pk},
        "injury_claims:mediation": {"pk": mediation.pk},
        "injury_claims:mediation_plan": {"pk": mediation.pk},
        "injury_claims:mediation_step": {"pk": mediation.pk, "action": "submit"},
        "injury_claims:mediation_scan": {"pk": mediation.pk},
        "injury_claims:print_mediation_plan": {"pk": mediation.pk},
        "injury_claims:print_mediation_agreement": {"pk": mediation.pk},
        "injury_claims:guarantee_new": {"pk": injured.pk},
        "injury_claims:guarantee": {"pk": guarantee.pk},
        "injury_claims:guarantee_step": {"pk": guarantee.pk, "action": "cancel"},
        "injury_claims:guarantee_prepayment": {"pk": guarantee.pk},
        "injury_claims:guarantee_recovery": {"pk": guarantee.pk},
        "injury_claims:guarantee_print": {"pk": guarantee.pk},
        "injury_claims:claim_vip": {"pk": claim.pk},
        "injury_claims:payment_batch": {"pk": batch.pk},
        "injury_claims:litigation_open": {"pk": injured.pk},
        "injury_claims:litigation": {"pk": matter.pk},
        "injury_claims:litigation_claims": {"pk": matter.pk},
        "injury_claims:litigation_plan": {"pk": matter.pk},
        "injury_claims:litigation_opinion": {"pk": matter.pk},
        "injury_claims:litigation_hearing": {"pk": matter.pk},
        "injury_claims:litigation_hearing_edit": {"pk": matter.pk, "hearing": hearing.pk},
        "injury_claims:litigation_judgment": {"pk": matter.pk},
        "injury_claims:litigation_step": {"pk": matter.pk, "action": "withdraw"},
        "injury_claims:print_litigation_summary": {"pk": matter.pk},
        "injury_claims:payment_batch_file": {"pk": batch.pk},
        "injury_claims:payment_batch_return": {"pk": batch.pk},
        "organization:org_detail": {"pk": orgs.jilin.pk},
        "sla:reminder_done": {"pk": reminder.pk},
        "sla:reminder_reschedule": {"pk": reminder.pk},
        "sla:notification_read": {"pk": notification.pk},
        "hospitals:edit": {"pk": hospital.pk},
        "hospitals:import_status": {"pk": imp.pk},
        "hospitals:detail": {"pk": hospital.pk},
        "hospitals:act": {"pk": cooperation.pk, "action": "shortlist"},
        "hospitals:eligibility": {"pk": cooperation.pk},
        "hospitals:agreement": {"pk": cooperation.pk},
        "hospitals:agreement_print": {"pk": agreement.pk},
        "hospitals:agreement_review": {"pk": agreement.pk, "kind": "legal"},
        "hospitals:agreement_function": {"pk": agreement.pk, "function": "guarantee"},
        "hospitals:propose": {"pk": hospital.pk},
        "hospitals:evaluate": {"pk": cooperation.pk},
        "hospitals:evaluation_act": {"pk": evaluation.pk, "action": "decide"},
        "hospitals:agreement_signing": {"pk": agreement.pk},
        "hospitals:agreement_filing": {"pk": agreement.pk},
        "hospitals:agreement_scan": {"pk": agreement.pk},
        "hospitals:coverage_org": {"org_pk": orgs.jilin.pk},
        "hospitals:activity_add": {"kind": "trainings"},
        "hospitals:maintenance_list": {"pk": cooperation.pk},
        "hospitals:maintenance_add": {"pk": cooperation.pk},
        "injury_claims:mediator_letter": {"pk": mediator.pk},
        "injury_claims:reference_list": {"kind": "drugs"},
        "injury_claims:reference_export": {"kind": "drugs"},
        "injury_claims:reference_create": {"kind": "standards"},
        "injury_claims:reference_import": {"kind": "aids"},
        "injury_claims:reference_edit": {"kind": "drugs", "pk": reference_item.pk},
        "documents:job": {"pk": job.pk},
        "documents:job_download": {"pk": job.pk},
        "documents:detail": {"number": document.number},
        "documents:download": {"number": document.number},
    }
    return people, kwargs


def _scoring_world(orgs, people):
    """This year open (a card per branch, Jilin's with a kept version and an open dispute), next year prepared;
    Jilin's customer sample drawn from two inpatients of a network hospital, the second sent its link (the first
    is the one the matrix acts on: its send_link must not kill the public link)."""
    from scoring.models import Assessment, Scorecard, ScorecardVersion
    from scoring.services import cycle, surveys
    from tests.hospitals.conftest import in_network
    from tests.scoring.conftest import make_inpatient

    assessment = Assessment.objects.create(year=TODAY.year)
    Assessment.objects.create(year=TODAY.year + 1)
    cycle.open_year(assessment, by=people["hq"])
    card = Scorecard.objects.get(assessment=assessment, org=orgs.jilin)
    ScorecardVersion.objects.create(
        scorecard=card,
        version=1,
        items=card.items,
        facts=card.facts,
        total=card.total,
        reopened_by=people["hq"],
        reason="复核",
    )
    Scorecard.objects.filter(pk=card.pk).update(version=2)
    dispute = cycle.dispute_item(card, item="hk", text="漏录", by=people["head"], expected_state="draft")
    cycle.explain(card, item="network", text="说明", by=people["head"])
    network_hospital = make_hospital(orgs.jilin, name="吉林省人民医院")
    in_network(Cooperation.objects.create(hospital=network_hospital, org=orgs.jilin))
    for n in range(2):
        make_inpatient(orgs.jilin, network_hospital, people["head"], name=f"病人{n}", mobile=f"1390000000{n}")
    draw = surveys.draw_sample(assessment, orgs.jilin, "customer", by=people["hq"])
    linked = draw.responses.get(position=2)
    token = surveys.send_link(linked, by=people["hq"]).rstrip("/").rsplit("/", 1)[-1]
    return assessment.year, card, dispute, draw, token


def session_of(user) -> str | None:
    """A signed-in session for the person (None: anonymous)."""
    if user is None:
        return None
    client = Client()
    client.force_login(user)
    return client.cookies[settings.SESSION_COOKIE_NAME].value


def outcome(user, method: str, url: str, session: str | None = None) -> int:
    """One request in a savepoint that is rolled back: every request meets the same records and sessions."""
    if user is not None and session is None:
        session = session_of(user)
    with transaction.atomic():
        client = Client(enforce_csrf_checks=True)
        if session is not None:
            client.cookies[settings.SESSION_COOKIE_NAME] = session
        client.cookies["csrftoken"] = CSRF
        response = client.generic(method, url, b"", HTTP_X_CSRFTOKEN=CSRF)
        transaction.set_rollback(True)
    return response.status_code


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_persona_matrix(world, name):
    people, kwargs = world
    url = reverse(name, kwargs=kwargs.get(name))
    get_row, post_row = EXPECTED[name]
    expected = {
        "GET": dict(zip(PERSONAS, get_row.split(), strict=True)),
        "POST": dict(zip(PERSONAS, post_row.split(), strict=True)),
        "PUT": dict(zip(PERSONAS, WRONG_METHOD.get(name, "405 " * 6).split(), strict=True)),
    }
    sessions = {persona: session_of(people[persona]) for persona in PERSONAS}
    actual = {
        method: {
            persona: str(outcome(people[persona], method, url, sessions[persona])) for persona in PERSONAS
        }
        for method in ("GET", "POST", "PUT")
    }
    assert actual == expected


def test_the_admin_is_for_staff_only(world, orgs, make_user):
    """Outside the table: the Django admin answers with its own login for everyone but staff."""
    people, _kwargs = world
    admin = make_user(orgs.hq, Role.ADMINISTRATOR, username="m_admin", is_staff=True, is_superuser=True)
    for url in (reverse("admin:index"), reverse("admin:hospitals_coveragestandard_changelist")):
        for persona in PERSONAS:
            assert outcome(people[persona], "GET", url) == 302, (url, persona)
        assert outcome(admin, "GET", url) == 200
