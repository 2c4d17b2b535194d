"""The entitlement rules (green_channel.entitlements): pure functions, no database. Each rule's test quotes the seed
003 sentence it implements; the boundary days are decided in the module's docstring and README."""

from __future__ import annotations

import ast
import datetime
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import translation

from green_channel import choices
from green_channel.entitlements import entitlements, service_period, service_year
from green_channel.terms import (
    Activation,
    Diagnosis,
    PolicyFacts,
    ProductTerms,
    RenewalPayment,
    ServiceTerms,
    Status,
    Term,
    UsesPer,
    Waiting,
    WaitingFrom,
)

D = datetime.date
START = D(2025, 3, 1)
DIAGNOSED = Diagnosis(in_illness_list=True, hospital_grade=3, hospital_public=True)

PHONE = ServiceTerms(key="phone", name="电话医生", waiting=Waiting.NONE, requires_diagnosis=False)
ADMISSION = ServiceTerms(
    key="admission",
    name="住院安排",
    uses_per=UsesPer.SERVICE_YEAR,
    uses_limit=1,
    waiting=Waiting.DAYS,
    waiting_days=180,
)
# 长生优贝: after the cooling-off, one year, extended on renewal payments, at most 10 times; waiting from the policy.
YOUBEI = ProductTerms(
    services=(PHONE, ADMISSION),
    activation=Activation.AFTER_COOLING_OFF,
    term=Term.ONE_YEAR,
    extends_on_renewal=True,
    max_extensions=10,
    waiting_from=WaitingFrom.POLICY_START,
    min_hospital_grade=2,
    public_hospital_required=True,
)


def policy(**overrides) -> PolicyFacts:
    values = {
        "starts_on": START,
        "ends_on": D(2045, 2, 28),
        "cooling_off_days": 15,
        "grace_period_days": 60,
        "sum_insured": Decimal("300000"),
    }
    return PolicyFacts(**{**values, **overrides})


def yearly_payments(count: int) -> tuple[RenewalPayment, ...]:
    return tuple(RenewalPayment(due_on=D(2026 + i, 3, 1), paid_on=D(2026 + i, 3, 1)) for i in range(count))


def codes(result) -> list[str]:
    return [r.code for r in result.reasons]


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def test_the_module_touches_no_database():
    """DESIGN.md: rules are pure functions over plain data — nothing from django.db, no models, no selectors."""
    for name in ("entitlements.py", "terms.py"):
        tree = ast.parse((Path(settings.BASE_DIR) / "green_channel" / name).read_text(encoding="utf-8"))
        imported = [
            node.module if isinstance(node, ast.ImportFrom) else alias.name
            for node in ast.walk(tree)
            if isinstance(node, ast.Import | ast.ImportFrom)
            for alias in node.names
        ]
        assert not [m for m in imported if m and ("django.db" in m or "models" in m or "selectors" in m)], (
            name
        )


@pytest.mark.parametrize(
    ("model_choices", "pure"),
    [
        (choices.Activation, Activation),
        (choices.Term, Term),
        (choices.WaitingFrom, WaitingFrom),
        (choices.Waiting, Waiting),
        (choices.UsesPer, UsesPer),
    ],
)
def test_the_administered_values_are_the_rules_values(model_choices, pure):
    assert {*model_choices.values, ""} == {member.value for member in pure}


def test_cooling_off_the_service_opens_the_day_after():
    """ "每位被保险人的重疾绿通服务自保单生效且过犹豫期后开通,期限为一年。" A 15-day cooling-off from 2025-03-01 covers 03-01
    to 03-15; the service opens on 03-16."""
    facts = policy()
    on_last_cooling_off_day = entitlements(YOUBEI, facts, DIAGNOSED, {}, D(2025, 3, 15)).service("phone")
    assert on_last_cooling_off_day.status == Status.NOT_YET
    assert on_last_cooling_off_day.available_from == D(2025, 3, 16)
    assert "The service opens on 2025-03-16." in [str(r) for r in on_last_cooling_off_day.reasons]
    assert (
        entitlements(YOUBEI, facts, DIAGNOSED, {}, D(2025, 3, 16)).service("phone").status == Status.AVAILABLE
    )


def test_the_service_year_runs_a_year_from_activation():
    """ "…开通,期限为一年。" Activation 2025-03-16: year 1 runs to 2026-03-15, year 2 starts on 2026-03-16."""
    assert service_year(D(2025, 3, 16), D(2026, 3, 15)) == service_year(D(2025, 3, 16), D(2025, 3, 16))
    second = service_year(D(2025, 3, 16), D(2026, 3, 16))
    assert (second.number, second.first_day, second.last_day) == (2, D(2026, 3, 16), D(2027, 3, 15))
    leap = service_year(D(2024, 2, 29), D(2025, 2, 28))
    assert (leap.number, leap.first_day) == (2, D(2025, 2, 28))


def test_waiting_period_boundary_day():
    """ "二次诊断(1次/年)、住院安排(1次/年)、手术安排(1次/年)、全程就医陪同服务设有等待期为180天(等待期同保险合同主险)。"
    Day 1 is the policy's first day (2025-03-01); day 180 is 2025-08-27, still waiting; day 181, 2025-08-28, is the
    first available day. The phone doctor ("重疾咨询服务不设等待期") is available as soon as the service opens."""
    facts = policy()
    day_180 = entitlements(YOUBEI, facts, DIAGNOSED, {}, D(2025, 8, 27))
    assert day_180.service("admission").status == Status.NOT_YET
    assert day_180.service("admission").available_from == D(2025, 8, 28)
    assert str(day_180.service("admission").reasons[0]) == (
        "Waiting period of 180 days from 2025-03-01: available from 2025-08-28."
    )
    assert day_180.service("phone").status == Status.AVAILABLE
    day_181 = entitlements(YOUBEI, facts, DIAGNOSED, {}, D(2025, 8, 28))
    assert day_181.service("admission").status == Status.AVAILABLE
    assert day_181.service("admission").uses_left == 1


def test_waiting_from_activation_for_a_product_that_says_so():
    """信泰: ""24小时电话医生"服务在您的保单犹豫期过后的10天内生效。其他服务于"24小时电话医生"生效后30天生效。" Cooling-off
    of 15 days from 2025-03-01 → 03-16; 10 days later (latest) → 03-26; others 30 days later → 04-25."""
    xintai = ProductTerms(
        services=(
            PHONE,
            ServiceTerms(key="admission", name="住院安排", waiting=Waiting.DAYS, waiting_days=30),
        ),
        activation=Activation.AFTER_COOLING_OFF,
        activation_delay_days=10,
        term=Term.ONE_YEAR,
        waiting_from=WaitingFrom.ACTIVATION,
    )
    assert service_period(xintai, policy()).activation == D(2025, 3, 26)
    on = entitlements(xintai, policy(), DIAGNOSED, {}, D(2025, 4, 24))
    assert on.service("phone").status == Status.AVAILABLE
    assert on.service("admission").available_from == D(2025, 4, 25)
    assert (
        entitlements(xintai, policy(), DIAGNOSED, {}, D(2025, 4, 25)).service("admission").status
        == "available"
    )


def test_renewal_years_without_waiting():
    """ "如上服务首年等待期同保险产品合同规定的等待期,续期服务则无等待期限定。" A renewed policy (续保) whose product says so
    has no waiting period; where the manual is silent (平安财险 unbound: "观察期默认为90天") the waiting period stays."""
    service = ServiceTerms(key="opinion", name="国内书面第二诊疗意见", waiting=Waiting.SAME_AS_POLICY)
    waived = ProductTerms(
        services=(service,),
        activation=Activation.POLICY_START,
        term=Term.POLICY_TERM,
        waiting_from=WaitingFrom.POLICY_START,
        no_waiting_in_renewal_years=True,
    )
    renewed = policy(is_renewal=True, waiting_period_days=90)
    first_day = entitlements(waived, renewed, DIAGNOSED, {}, START).service("opinion")
    assert first_day.status == Status.AVAILABLE
    assert "renewal_no_waiting" in codes(first_day)
    first_year = entitlements(waived, policy(waiting_period_days=90), DIAGNOSED, {}, START).service("opinion")
    assert (first_year.status, first_year.available_from) == (Status.NOT_YET, D(2025, 5, 30))
    silent = ProductTerms(
        services=(ServiceTerms(key="opinion", name="二次诊断安排", waiting=Waiting.DAYS, waiting_days=90),),
        activation=Activation.POLICY_START,
        term=Term.POLICY_TERM,
        waiting_from=WaitingFrom.POLICY_START,
    )
    assert entitlements(silent, renewed, DIAGNOSED, {}, START).service("opinion").status == Status.NOT_YET


def test_a_waiting_period_same_as_the_policys_needs_the_policys_figure():
    """ "以上服务首年等待期同保险产品合同规定的等待期" — without the policy's waiting period the result is undetermined, not
    guessed."""
    product = ProductTerms(
        services=(ServiceTerms(key="admission", name="住院", waiting=Waiting.SAME_AS_POLICY),),
        activation=Activation.POLICY_START,
        term=Term.POLICY_TERM,
        waiting_from=WaitingFrom.POLICY_START,
    )
    result = entitlements(product, policy(), DIAGNOSED, {}, D(2025, 6, 1)).service("admission")
    assert result.status == Status.UNDETERMINED
    assert codes(result) == ["policy_waiting_unknown", "uses_not_stated"]


def test_the_tenth_extension_counts_and_the_eleventh_is_refused():
    """ "保险合同每一保险费应付日起,若投保人在保险合同约定的保险费交费期内(含宽限期)完成续期保费交纳,则本手册约定的重疾绿通服务
    期限延长一年。…重疾绿通服务顺延次数以10次为限。" Activation 2025-03-16; ten payments → last day 2036-03-15; the
    eleventh payment does not extend it."""
    ten = service_period(YOUBEI, policy(renewal_payments=yearly_payments(10)))
    assert (ten.extensions, ten.last_day) == (10, D(2036, 3, 15))
    eleven = service_period(YOUBEI, policy(renewal_payments=yearly_payments(11)))
    assert (eleven.extensions, eleven.last_day) == (10, D(2036, 3, 15))
    refused = [r for r in eleven.reasons if r.code == "extensions_exhausted"]
    assert [str(r) for r in refused] == [
        "The renewal payment due 2036-03-01 does not extend the service: at most 10 extensions."
    ]
    after = entitlements(YOUBEI, policy(renewal_payments=yearly_payments(11)), DIAGNOSED, {}, D(2036, 3, 16))
    assert after.service("phone").status == Status.NOT_COVERED
    assert "ended" in codes(after.service("phone"))


def test_a_renewal_paid_within_the_grace_period_extends_and_a_late_one_does_not():
    """ "…在保险合同约定的保险费交费期内(含宽限期)完成续期保费交纳…" The grace period's last day is included."""
    on_last_grace_day = RenewalPayment(
        due_on=D(2026, 3, 1), paid_on=D(2026, 4, 30)
    )  # 60 days after the due day
    assert service_period(YOUBEI, policy(renewal_payments=(on_last_grace_day,))).extensions == 1
    late = RenewalPayment(due_on=D(2026, 3, 1), paid_on=D(2026, 5, 1))
    period = service_period(YOUBEI, policy(renewal_payments=(late,)))
    assert (period.extensions, period.last_day) == (0, D(2026, 3, 15))
    assert "paid_late" in [r.code for r in period.reasons]


def test_uses_used_up():
    """ "二次诊断(1次/年)、住院安排(1次/年)…" One admission taken in year 1 leaves none this year."""
    uses = {"admission": [D(2025, 9, 1)]}
    result = entitlements(
        YOUBEI, policy(renewal_payments=yearly_payments(1)), DIAGNOSED, uses, D(2025, 10, 1)
    )
    admission = result.service("admission")
    assert (admission.status, admission.uses_taken, admission.uses_left) == (Status.USED_UP, 1, 0)
    assert str(admission.reasons[0]) == (
        "Used 1 of 1 times in service year 1 (2025-03-16 to 2026-03-15); unused uses do not carry over."
    )
    assert (
        str(admission.reasons[1])
        == "The uses start again on 2026-03-16, the first day of the next service year."
    )


def test_no_carry_over():
    """ "以上服务限本保单年度内使用,不可累计到下一保单年度使用。" Nothing used in year 1: year 2 still has exactly one use,
    and a use in year 1 does not count against year 2."""
    facts = policy(renewal_payments=yearly_payments(1))
    year_two = entitlements(YOUBEI, facts, DIAGNOSED, {}, D(2026, 3, 16)).service("admission")
    assert (year_two.status, year_two.uses_left) == (Status.AVAILABLE, 1)
    used_last_year = entitlements(YOUBEI, facts, DIAGNOSED, {"admission": [D(2026, 3, 15)]}, D(2026, 3, 16))
    assert used_last_year.service("admission").uses_left == 1


def test_policy_ended():
    """ "若保险合同提前解除则重疾绿通服务随之终止。" A policy terminated on 2025-12-31 ends the service that day."""
    facts = policy(ends_on=D(2025, 12, 31))
    assert service_period(YOUBEI, facts).last_day == D(2025, 12, 31)
    assert (
        entitlements(YOUBEI, facts, DIAGNOSED, {}, D(2025, 12, 31)).service("phone").status
        == Status.AVAILABLE
    )
    after = entitlements(YOUBEI, facts, DIAGNOSED, {}, D(2026, 1, 1)).service("phone")
    assert after.status == Status.NOT_COVERED
    assert str(after.reasons[0]) == "The service ended on 2025-12-31."


def test_service_term_same_as_the_policy():
    """平安财险: "服务期限与保险期限一致。" The service lasts exactly as long as the policy, without extensions."""
    product = ProductTerms(services=(PHONE,), activation=Activation.POLICY_START, term=Term.POLICY_TERM)
    period = service_period(product, policy(ends_on=D(2026, 2, 28)))
    assert (period.activation, period.last_day) == (START, D(2026, 2, 28))


def test_uses_while_the_policy_is_in_force_do_not_renew_each_year():
    """安心: "六、服务次数保单有效期内一次。" One admission in year 1 uses the only one of the whole term."""
    product = ProductTerms(
        services=(
            ServiceTerms(key="admission", name="住院绿通", uses_per=UsesPer.POLICY_TERM, uses_limit=1),
        ),
        activation=Activation.POLICY_START,
        term=Term.POLICY_TERM,
    )
    result = entitlements(product, policy(), DIAGNOSED, {"admission": [D(2025, 6, 1)]}, D(2027, 6, 1))
    assert result.service("admission").status == Status.USED_UP
    assert "next_year" not in codes(result.service("admission"))


def test_minimum_sum_insured_is_included():
    """瑞泰: "通过瑞泰人寿网销合作渠道购买一年期以上重大疾病保险产品,且保额达到50万元(含)以上的客户。" ¥500,000.00 qualifies,
    ¥499,999.99 does not."""
    product = ProductTerms(
        services=(PHONE,),
        activation=Activation.POLICY_START,
        term=Term.POLICY_TERM,
        min_sum_insured=Decimal("500000"),
    )
    at = entitlements(product, policy(sum_insured=Decimal("500000")), DIAGNOSED, {}, START)
    assert at.service("phone").status == Status.AVAILABLE
    below = entitlements(product, policy(sum_insured=Decimal("499999.99")), DIAGNOSED, {}, START).service(
        "phone"
    )
    assert below.status == Status.NOT_COVERED
    assert (
        str(below.reasons[0]) == "The sum insured ¥499,999.99 is below the product's minimum of ¥500,000.00."
    )


def test_diagnosis_by_a_grade_two_public_hospital():
    """平安财险: "被保险人在二级(含)以上公立医院确认罹患重大疾病后…" Grade 2 public qualifies; grade 1 or private does
    not; nothing recorded is undetermined. The phone doctor needs no diagnosis."""
    on = D(2025, 9, 1)
    facts = policy()
    grade_2 = Diagnosis(in_illness_list=True, hospital_grade=2, hospital_public=True)
    assert entitlements(YOUBEI, facts, grade_2, {}, on).service("admission").status == Status.AVAILABLE
    grade_1 = entitlements(YOUBEI, facts, Diagnosis(True, 1, True), {}, on).service("admission")
    assert (grade_1.status, codes(grade_1)) == (Status.NOT_COVERED, ["grade_too_low"])
    private = entitlements(YOUBEI, facts, Diagnosis(True, 3, False), {}, on).service("admission")
    assert codes(private) == ["not_public"]
    nothing = entitlements(YOUBEI, facts, Diagnosis(), {}, on)
    assert nothing.service("admission").status == Status.UNDETERMINED
    assert nothing.service("phone").status == Status.AVAILABLE


def test_a_product_that_does_not_state_its_term_is_not_guessed():
    """北京环球医生: "服务对象须在服务有效期内" — the manual never says what the period is: undetermined, with the reason."""
    product = ProductTerms(services=(ADMISSION,))
    result = entitlements(product, policy(), DIAGNOSED, {}, START).service("admission")
    assert result.status == Status.UNDETERMINED
    assert "The product does not state when the service opens." in [str(r) for r in result.reasons]
