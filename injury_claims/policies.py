"""The claims-service commitments this app's clocks run on (DOMAIN.md §4–§5; seeds 001 and 002), registered with
the SLA engine. Administrators tune them in the administration; these are their first values."""

from sla.registry import PolicySpec

POLICIES = (
    PolicySpec(
        "report_response",
        "报案响应（30分钟）",
        "minutes",
        30,
        "Respond to a claim report within 30 minutes (seed 002).",
    ),
    PolicySpec(
        "on_site", "到达现场（2小时）", "hours", 2, "Be on site within 2 hours of the report (seed 002)."
    ),
    PolicySpec(
        "loss_result",
        "定损结果（24小时）",
        "hours",
        24,
        "Give the loss-assessment result within 24 hours (seed 002).",
    ),
    PolicySpec(
        "payment",
        "资料齐全后赔付（3个工作日）",
        "working_days",
        3,
        "Pay within 3 working days once the documents are complete (seed 002: \u201c三个工作日到账承诺\u201d, no pause).",
    ),
    PolicySpec(
        "fast_track_payment_notice",
        "小额快处赔付通知（1小时）",
        "minutes",
        60,
        "Fast track: notify payment within one hour for amounts under 10,000 yuan (seed 001).",
        escalation_role="calculator_approver",
    ),
    PolicySpec(
        "enquiry_routine",
        "一般咨询答复（2小时）",
        "hours",
        2,
        "Answer a routine enquiry within 2 hours (seed 002).",
    ),
    PolicySpec(
        "enquiry_urgent",
        "紧急咨询答复（1小时）",
        "hours",
        1,
        "Answer an urgent enquiry within 1 hour (seed 002).",
    ),
)
