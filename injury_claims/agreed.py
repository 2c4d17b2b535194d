"""Amounts fixed before the settlement: a fast-track agreement (seed 001 p19: "理算与核赔环节不再调整小额快速处理人伤案件
的赔偿项目和金额"), a one-off settlement agreement reached in mediation within its approved plan (p20–22), a court's
judgment or court mediation (p23). The settlement's calculation takes their items as the loss, item by item, and
refuses adjustments; the 交强险 and commercial shares are still allocated over the claim's victims as for any other
person (the agreed items are what the person lost; what each policy pays follows the policies).

Pure: plain data in, plain data out. ``injury_claims.selectors.agreed`` finds the document that fixes a person's
items; ``services.settlement.fix_amounts`` marks the settlement.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from . import compensation as c


@dataclass(frozen=True)
class AgreedItem:
    code: str  # a compensation.ItemCode value
    amount: Decimal
    note: str = ""  # "of which medical costs after one outpatient visit", "judgment item 3", ...


@dataclass(frozen=True)
class Agreed:
    kind: str  # choices.AgreedKind
    source: str  # the document as printed: "小额人伤快速处理协议 KS-2026-000012 (2026-11-24)"
    items: tuple[AgreedItem, ...]

    @property
    def total(self) -> Decimal:
        return sum((item.amount for item in self.items), Decimal("0"))


def as_calculation(
    agreed: Agreed,
    *,
    name: str,
    birth_date: datetime.date,
    injury_date: datetime.date,
    court: c.RegionFigures,
) -> c.Calculation:
    """The agreed items as the calculator's result for this victim: each item's formula names the document."""
    items = tuple(
        c.Item(
            code=c.ItemCode(item.code),
            amount=item.amount,
            formula=f"{agreed.source}: {c.yuan(item.amount)}",
            basis=agreed.source,
            notes=(item.note,) if item.note else (),
        )
        for item in agreed.items
        if item.amount
    )
    victim = c.Victim(name=name, birth_date=birth_date, injury_date=injury_date)
    return c.Calculation(victim=victim, court=court, items=items, settings=c.DEFAULT_SETTINGS)
