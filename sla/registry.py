"""What apps register with the service-level engine in their ``AppConfig.ready()``: their SLA policies and their
kinds of notification. ``sla`` itself knows no domain.

Policies are reference data that administrators tune (duration, warning threshold, escalation role …): a
registration says what a policy is when it first appears; :func:`sync_policies` (run after every ``migrate``)
creates the missing ones and never overwrites an administrator's edit.

A notice kind is the text of one kind of notification (title and body with ``%(name)s`` placeholders, in English
source strings translated at send time), its level and the external channels it goes out on.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.core.exceptions import ImproperlyConfigured

from organization.roles import Role


@dataclass(frozen=True)
class PolicySpec:
    code: str
    name: str
    clock_kind: str  # SlaPolicy.ClockKind value
    duration: int
    description: str = ""
    warn_at_percent: int = 80
    escalation_role: str = Role.BRANCH_CLAIMS_HEAD
    may_pause: bool = False
    service_start: datetime.time | None = None
    service_end: datetime.time | None = None


@dataclass(frozen=True)
class NoticeKind:
    code: str
    title: str  # lazy translated, formatted with the notification's context
    body: str = ""
    level: str = "info"  # Notification.Level value
    channels: tuple[str, ...] = field(default=("email", "sms"))


_POLICIES: dict[str, PolicySpec] = {}
_NOTICES: dict[str, NoticeKind] = {}


def register_policy(*specs: PolicySpec) -> None:
    for spec in specs:
        _POLICIES[spec.code] = spec


def policies() -> list[PolicySpec]:
    return sorted(_POLICIES.values(), key=lambda spec: spec.code)


def register_notice(*kinds: NoticeKind) -> None:
    for kind in kinds:
        _NOTICES[kind.code] = kind


def notice(code: str) -> NoticeKind:
    try:
        return _NOTICES[code]
    except KeyError as exc:
        raise ImproperlyConfigured(
            f"Notice kind {code!r} is not registered (sla.registry.register_notice)."
        ) from exc


def notices() -> list[NoticeKind]:
    return sorted(_NOTICES.values(), key=lambda kind: kind.code)


def sync_policies() -> int:
    """Create every registered policy that is not in the database yet; existing rows are left as edited."""
    from simple_history.utils import bulk_create_with_history

    from .models import SlaPolicy

    existing = set(SlaPolicy.objects.values_list("code", flat=True))
    missing = [spec for spec in policies() if spec.code not in existing]
    # With a first history row each, so an administrator's first edit shows the old and new values.
    bulk_create_with_history(
        [
            SlaPolicy(
                code=spec.code,
                name=spec.name,
                clock_kind=spec.clock_kind,
                duration=spec.duration,
                description=spec.description,
                warn_at_percent=spec.warn_at_percent,
                escalation_role=spec.escalation_role,
                may_pause=spec.may_pause,
                service_start=spec.service_start,
                service_end=spec.service_end,
            )
            for spec in missing
        ],
        SlaPolicy,
        ignore_conflicts=True,
    )
    return len(missing)
