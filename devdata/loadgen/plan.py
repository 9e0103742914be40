"""What a load is asked to write, and what it reports per table."""

from dataclasses import dataclass
from typing import Literal, get_args

IndexMode = Literal["auto", "defer", "keep"]
INDEX_MODES: tuple[str, ...] = get_args(IndexMode)


class LoadPlanError(ValueError):
    """An impossible load plan (negative counts, rows needing tenants that do not exist)."""


@dataclass(frozen=True)
class LoadPlan:
    tenants: int = 0
    leads: int = 0
    audit_logs: int = 0
    events: int = 0
    traces: int | None = None
    seed: int = 42
    index_mode: str = "auto"

    @property
    def trace_count(self) -> int:
        """Traces to write: as asked, or one for every four events."""
        return self.events // 4 if self.traces is None else self.traces

    def validate(self) -> None:
        """Raise LoadPlanError unless every count is a non-negative integer."""
        counts: dict[str, object] = {
            "tenants": self.tenants,
            "leads": self.leads,
            "audit-logs": self.audit_logs,
            "events": self.events,
            "traces": self.traces if self.traces is not None else 0,
        }
        for name, value in counts.items():
            if isinstance(value, bool) or not isinstance(value, int) or value < 0:
                raise LoadPlanError(f"--{name} must be a non-negative integer, got {value!r}.")
        if isinstance(self.seed, bool) or not isinstance(self.seed, int):
            raise LoadPlanError(f"--seed must be an integer, got {self.seed!r}.")
        if self.index_mode not in INDEX_MODES:
            raise LoadPlanError(f"--indexes must be auto, defer or keep, got {self.index_mode!r}.")


@dataclass
class TableResult:
    table: str
    rows: int
    copy_seconds: float
    index_seconds: float = 0.0

    @property
    def seconds(self) -> float:
        """Wall time spent on the table: COPY plus any deferred index and key rebuild."""
        return self.copy_seconds + self.index_seconds

    @property
    def rows_per_second(self) -> float:
        """Rows written per second of wall time."""
        return self.rows / self.seconds if self.seconds else 0.0
