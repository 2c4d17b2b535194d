"""The SLA policies of the green channel's clocks (registered with the SLA engine in ``AppConfig.ready``). A policy
gives the warning threshold and the escalation; the **duration** of every green-channel clock is the product's own
(its ServiceStep, passed as the clock's terms): the durations here are only the policies' first values, used by
nothing that brings its own terms."""

from organization.roles import Role
from sla.registry import PolicySpec

DEPOSIT_POLICIES = (
    PolicySpec(
        "gc_deposit_contact",
        "住院费用垫付:联系客户、收取索赔资料",
        "working_days",
        1,
        "Deposit advance: contact the customer and collect the claim documents (the product's step 联系客户).",
        escalation_role=Role.BRANCH_MANAGER,
    ),
    PolicySpec(
        "gc_deposit_liability",
        "住院费用垫付:确认是否直付费用",
        "working_days",
        3,
        "Deposit advance: confirm liability once the documents are in (the product's step 确认责任).",
        escalation_role=Role.BRANCH_MANAGER,
    ),
    PolicySpec(
        "gc_deposit_top_up",
        "住院费用垫付:续费交纳押金",
        "working_days",
        1,
        "Deposit advance: top up the deposit at the hospital after the request (the product's step 续费).",
        escalation_role=Role.BRANCH_MANAGER,
    ),
    PolicySpec(
        "gc_deposit_settlement",
        "住院费用垫付:出院日结算",
        "hours",
        24,
        "Deposit advance: settle on the discharge day and collect the claim file (the product's step 出院结算).",
        escalation_role=Role.BRANCH_MANAGER,
    ),
)
