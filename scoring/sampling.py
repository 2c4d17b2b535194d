"""Reproducible random samples (seed 000: "随机抽样问卷五名住院治疗的平安客户", "对各二级机构的协作医院进行随机抽样"), as
pure functions.

:func:`draw` orders a population (ids) with a pseudo-random generator started from a recorded seed: the same seed
and population always give the same order, on any machine and Python version (``random.Random`` with a string
seed is stable across versions: CPython hashes the seed with SHA-512). The population is sorted first, so the
order of a database query never changes the result. The first ``size`` of the order are asked; replacements come
from the rest of the order, in order.
"""

from __future__ import annotations

import random
import secrets
from collections.abc import Iterable, Sequence
from dataclasses import dataclass


def new_seed() -> str:
    return secrets.token_hex(16)


@dataclass(frozen=True)
class Draw:
    seed: str
    population: tuple[int, ...]  # sorted
    order: tuple[int, ...]  # the population in drawn order
    size: int

    @property
    def chosen(self) -> tuple[int, ...]:
        return self.order[: self.size]

    @property
    def short_by(self) -> int:
        """How many fewer than wanted the population allows (0 when it is large enough)."""
        return max(0, self.size - len(self.population))


def draw(population: Iterable[int], seed: str, size: int) -> Draw:
    ordered = tuple(sorted(set(population)))
    shuffled = list(ordered)
    random.Random(seed).shuffle(shuffled)
    return Draw(seed=seed, population=ordered, order=tuple(shuffled), size=size)


def next_replacement(order: Sequence[int], used: Iterable[int]) -> int | None:
    """The first id of the drawn order not asked yet; None when the population is exhausted."""
    taken = set(used)
    for candidate in order:
        if candidate not in taken:
            return candidate
    return None
