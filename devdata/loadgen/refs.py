"""What rows point at: tenants with their users and weights, samples of leads and traces
written earlier, and fresh ids."""

import bisect
import os
import random
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TypeVar

T = TypeVar("T")
UUID4_AND = ~((0xF << 76) | (0x3 << 62)) & ((1 << 128) - 1)
UUID4_OR = (0x4 << 76) | (0x2 << 62)


def weighted_table(pairs: Iterable[tuple[T, float]], size: int = 1024) -> list[T]:
    """A list of `size` items where each item appears in proportion to its weight, so that
    a draw is one index (a few random bits) instead of a call to random.choices."""
    pairs = list(pairs)
    total = sum(weight for _, weight in pairs)
    table: list[T] = []
    cumulative = 0.0
    for item, weight in pairs:
        cumulative += weight
        table.extend([item] * (round(cumulative / total * size) - len(table)))
    return table


def canonical(hex32: str) -> str:
    """The 8-4-4-4-12 form of a 32-digit hex uuid."""
    return f"{hex32[:8]}-{hex32[8:12]}-{hex32[12:16]}-{hex32[16:20]}-{hex32[20:]}"


class IdSource:
    """Version-4 uuids as 32 hex digits, from an unseeded generator: a second run with the
    same seed adds rows instead of colliding with the first run's."""

    def __init__(self) -> None:
        self.bits = random.Random(int.from_bytes(os.urandom(16), "big")).getrandbits

    def hex(self) -> str:
        """A new uuid4 as 32 hex digits (PostgreSQL's uuid input accepts it)."""
        return f"{(self.bits(128) & UUID4_AND) | UUID4_OR:032x}"

    def uuid(self) -> str:
        """A new uuid4 in canonical form."""
        return canonical(self.hex())


@dataclass
class TenantRefs:
    """Tenants rows may point at: ids, users, skewed weights, when each may start appearing."""

    ids: list[str] = field(default_factory=list)
    since: list[float] = field(default_factory=list)
    cumulative: list[float] = field(default_factory=list)
    users: list[tuple[str, ...]] = field(default_factory=list)

    def limit_at(self, epoch: float) -> float:
        """Upper bound of the cumulative weights of the tenants existing at epoch."""
        if not self.ids:
            return 0.0
        eligible = max(1, bisect.bisect_right(self.since, epoch))
        return self.cumulative[eligible - 1]

    def pick(self, draw: float) -> int:
        """The index of the tenant a draw in [0, limit) falls on."""
        return bisect.bisect_right(self.cumulative, draw)


@dataclass
class Sample:
    """A time-ordered sample of rows written (or read), for later rows to point at."""

    ids: list[str] = field(default_factory=list)
    tenants: list[int] = field(default_factory=list)
    epochs: list[float] = field(default_factory=list)

    def position(self, epoch: float) -> int:
        """How many sampled rows existed at epoch."""
        return bisect.bisect_right(self.epochs, epoch)
