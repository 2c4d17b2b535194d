"""Demo clocks of the claims-service commitments: each branch's follow-up handler and adjuster get running
deadlines in every state and due reminders; five months of finished deadlines give the SLA dashboard a history.
Until claims exist (issue 9) the clocks hang on the sub-branch itself. Loaded once: skipped when demo clocks exist
already."""

from __future__ import annotations

import datetime
import random

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone

from organization.models import OrgUnit, User
from sla.clocks import Clock
from sla.models import Deadline, Reminder, SlaPolicy
from sla.services.deadlines import open_deadline

PLATES = ["吉A·5K321", "吉B·77Q20", "粤B·D8812", "粤B·3M0L9", "川A·6H935", "川B·K2217"]
NAMES = ["刘某", "陈某某", "赵某", "孙某某", "周某", "吴某"]


@transaction.atomic
def seed_demo_clocks() -> dict[str, int]:
    org_type = ContentType.objects.get_for_model(OrgUnit)
    if Deadline.objects.filter(content_type=org_type).exists():
        return {"demo clocks": Deadline.objects.filter(content_type=org_type).count()}
    rng = random.Random(2026)  # demo data, reproducible
    now = timezone.now()
    policies = {p.code: p for p in SlaPolicy.objects.all()}
    created = 0
    for index, branch in enumerate(OrgUnit.objects.filter(level=OrgUnit.Level.SECONDARY).order_by("code")):
        sub = branch.children.order_by("code").first() or branch
        handler = User.objects.filter(username=f"{branch.code}_injury_follow_up").first()
        adjuster = User.objects.filter(username=f"{branch.code}_claims_adjuster").first()
        if handler is None or adjuster is None:
            continue
        plate, name = PLATES[(2 * index) % len(PLATES)], NAMES[index % len(NAMES)]
        running = [
            (
                "report_response",
                handler,
                f"报案响应：{plate} 追尾，{name}颈部疼痛",
                now - datetime.timedelta(hours=3),
            ),
            (
                "report_response",
                handler,
                f"报案响应：{plate} 行人受伤，{name}已送医",
                now - datetime.timedelta(minutes=26),
            ),
            ("payment", handler, f"资料齐全后赔付：{name}门诊费用", now - datetime.timedelta(hours=5)),
            (
                "payment",
                handler,
                f"资料齐全后赔付：{name}住院费用",
                now - datetime.timedelta(days=1),
            ),
            (
                "on_site",
                adjuster,
                f"到达现场：{plate} 两车相撞，一人受伤",
                now - datetime.timedelta(minutes=40),
            ),
            ("loss_result", adjuster, f"定损结果：{plate} 车损及人伤", now - datetime.timedelta(hours=6)),
        ]
        for code, user, title, start in running:
            open_deadline(code, subject=sub, org=sub, title=title, assignee=user, started_at=start)
            created += 1
        today = timezone.localdate()
        Reminder.objects.bulk_create(
            [
                Reminder(
                    recipient=handler,
                    org=sub,
                    content_type=org_type,
                    object_id=sub.pk,
                    due_on=today,
                    title=f"预约跟踪：{name}复诊后电话回访",
                    note="询问复查结果及后续治疗计划。",
                ),
                Reminder(
                    recipient=handler,
                    org=sub,
                    content_type=org_type,
                    object_id=sub.pk,
                    due_on=today - datetime.timedelta(days=2),
                    title=f"预约跟踪：{name}出院提醒",
                    note="临床治疗已结束，提醒办理出院。",
                ),
            ]
        )
        history = []
        for day in range(1, 150, 3):
            code = rng.choice(["report_response", "on_site", "loss_result", "payment"])
            policy = policies[code]
            start = now - datetime.timedelta(days=day, hours=rng.randint(0, 8))
            due, warn, provisional = Clock(policy).schedule(start)
            late = rng.random() < 0.12 + 0.05 * index
            met_at = (
                due + datetime.timedelta(minutes=rng.randint(5, 300))
                if late
                else start + (due - start) * rng.uniform(0.2, 0.9)
            )
            history.append(
                Deadline(
                    policy=policy,
                    content_type=org_type,
                    object_id=sub.pk,
                    org=sub,
                    assignee=rng.choice([handler, adjuster]),
                    title=f"{policy.name}：历史案件{day}",
                    state=Deadline.State.MET,
                    started_at=start,
                    due_at=due,
                    warn_at=warn,
                    provisional=provisional,
                    met_at=met_at,
                    closed_at=met_at,
                )
            )
        Deadline.objects.bulk_create(history)
        created += len(history)
    return {"demo clocks": created}
