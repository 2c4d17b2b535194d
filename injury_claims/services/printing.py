"""The printed forms of settlement (issue 10): the calculation sheet (理算书), the payment notice (赔款支付通知书) and the
claim-closing report (结案报告), each a numbered, hash-registered document with its QR code (documents.services).

They are printed in the worker (injury_claims.printing: the print jobs); whoever may see the claim may print and
read them (documents.registry kinds registered in injury_claims.printing).
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils import translation

from documents.services import issue_document

from ..models import Claim, Payment, Settlement
from ..selectors import printing as printed

CALCULATION_SHEET = "calculation_sheet"
PAYMENT_NOTICE = "payment_notice"
CLOSING_REPORT = "claim_closing_report"


def _chinese(build, *args) -> dict:
    """The context is built in Chinese, as the form is printed (labels of choices, settings)."""
    with translation.override("zh-hans"):
        return build(*args)


def print_calculation_sheet(settlement: Settlement, *, by):
    """理算书 / 赔款计算书 of the person's latest calculation."""
    problem = printed.sheet_problem(settlement)
    if problem:
        raise ValidationError(problem)
    context = _chinese(printed.sheet_context, settlement)
    calculation = context["calculation"]
    return issue_document(
        kind=CALCULATION_SHEET,
        template_name="injury_claims/pdf/calculation_sheet.html",
        context=context,
        subject=settlement,
        org=settlement.org,
        by=by,
        title=f"理算书 {settlement.person.name} {settlement.person.claim.report_no} 第{calculation.version}版",
    )


def print_payment_notice(payment: Payment, *, by):
    """赔款支付通知书 of one payment made (with the bank's reference)."""
    problem = printed.notice_problem(payment)
    if problem:
        raise ValidationError(problem)
    settlement = payment.settlement
    return issue_document(
        kind=PAYMENT_NOTICE,
        template_name="injury_claims/pdf/payment_notice.html",
        context=_chinese(printed.notice_context, payment),
        subject=settlement,
        org=settlement.org,
        by=by,
        title=f"赔款支付通知书 {payment.payee_name} ¥{payment.amount:,.2f} {payment.reference}",
    )


def print_closing_report(claim: Claim, *, by):
    """结案报告 of a closed claim: every person, paid or closed with the reason."""
    problem = printed.closing_problem(claim)
    if problem:
        raise ValidationError(problem)
    return issue_document(
        kind=CLOSING_REPORT,
        template_name="injury_claims/pdf/closing_report.html",
        context=_chinese(printed.closing_context, claim),
        subject=claim,
        org=claim.org,
        by=by,
        title=f"结案报告 {claim.report_no}",
    )
