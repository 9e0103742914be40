"""The state the row builders share: the seeded randomness, pools of pre-drawn values,
the tenants and samples rows point at, and each table's timeline."""

import json
import math
from datetime import datetime, timedelta
from typing import NamedTuple

from core.brazil import DDDS
from devdata.loadgen.distributions import (
    AUDIT_KINDS,
    EVENT_KINDS,
    EVENT_STATUSES,
    LEAD_SCORE_SHIFT,
    LEAD_STATUS_WEIGHTS_NEW,
    LEAD_STATUS_WEIGHTS_OLD,
    SPAN_KINDS,
    EventKind,
)
from devdata.loadgen.plan import LoadPlan
from devdata.loadgen.refs import IdSource, Sample, TenantRefs, weighted_table
from devdata.loadgen.timeline import Timeline
from devdata.vocabulary import (
    EMPLOYEE_RANGES,
    FORM_PAGES,
    FREE_MAIL,
    LEAD_TAGS,
    PIPELINE_ORIGINS,
    Company,
    Vocabulary,
)

WINDOW_MARGIN = timedelta(minutes=10)
PEOPLE_MAX = 1 << 16
COMPANIES_MAX = 100_000
STATUS_BUCKETS = 8  # lead status weights drift from old to new in this many steps


class Pools:
    """Values drawn once from the vocabulary, then picked by index in the row loops."""

    def __init__(self, words: Vocabulary, leads: int) -> None:
        rng = words.rng
        people = min(PEOPLE_MAX, max(2048, leads // 8))
        self.people: list[tuple[str, str]] = []
        for _ in range(people):
            name = words.person()
            self.people.append((name, words.email_local(name)))
        companies = max(500, min(COMPANIES_MAX, leads // 5))
        self.companies: list[Company] = [words.company() for _ in range(companies)]
        self.free_mail = weighted_table(FREE_MAIL)
        self.ddd = weighted_table([(ddd, 30 if ddd == 11 else 6) for ddd in DDDS])
        self.lead_statuses = [
            self.lead_status_table(bucket / (STATUS_BUCKETS - 1))
            for bucket in range(STATUS_BUCKETS)
        ]
        self.scores = [
            [max(0, min(100, round(rng.triangular(0, 100, 45) + shift))) for _ in range(256)]
            for shift in LEAD_SCORE_SHIFT
        ]
        self.messages = [words.form_message() for _ in range(512)]
        self.utms = [words.utm() for _ in range(256)]
        self.pipeline_metadata = [
            json.dumps(
                {
                    "origem": rng.choice(PIPELINE_ORIGINS),
                    "enriquecido": rng.random() < 0.8,
                    "funcionarios": rng.choice(EMPLOYEE_RANGES),
                    "tags": rng.sample(LEAD_TAGS, 2),
                }
            )
            for _ in range(128)
        ]
        self.form_metadata = [
            json.dumps(
                {
                    "formulario": "site-publico",
                    "pagina": rng.choice(FORM_PAGES),
                    "versao": rng.choice((2, 3)),
                    "idioma": "pt-BR",
                }
            )
            for _ in range(128)
        ]

    @staticmethod
    def lead_status_table(age: float) -> list[int]:
        """Lead status indexes weighted for rows at `age` (0 oldest, 1 newest)."""
        weights = [
            old * (1 - age) + new * age
            for old, new in zip(LEAD_STATUS_WEIGHTS_OLD, LEAD_STATUS_WEIGHTS_NEW, strict=True)
        ]
        return weighted_table(enumerate(weights))


class Chunk(NamedTuple):
    """Where a chunk of rows stands in time: their seconds on the table's timeline, and the
    tenants (weight limit), sampled leads and traces that existed at its first row."""

    seconds: list[int]
    tenant_limit: float
    lead_position: int
    trace_position: int


class LoadContext:
    """Everything the row builders read and the samples they leave for later tables."""

    def __init__(
        self,
        plan: LoadPlan,
        agents: list[tuple[str, str]],
        fallback_agents: list[str],
        now: datetime,
    ) -> None:
        self.words = Vocabulary(plan.seed)
        self.rng = self.words.rng
        self.ids = IdSource()
        self.now = now
        self.tenants = TenantRefs()
        self.leads = Sample()
        self.traces = Sample()
        # (id, name) of the catalogue's agents; without any, rows name agents but hold no id
        self.agents = agents
        self.agent_names = [name for _, name in agents] or fallback_agents
        end = now - WINDOW_MARGIN
        self.lead_time = Timeline(end, 730)
        self.audit_time = Timeline(end, 730)
        self.event_time = Timeline(end, 365)
        self.trace_time = Timeline(end, 365)
        self.pools = Pools(self.words, plan.leads)
        # plain strings in the tables the row loops draw from (an enum's .value costs more)
        self.audit_kinds: list[tuple[str, float]] = weighted_table(
            ((kind.action.value, kind.failure_rate), kind.weight) for kind in AUDIT_KINDS
        )
        self.event_kinds: list[EventKind] = weighted_table((k, k.weight) for k in EVENT_KINDS)
        self.event_statuses: list[str] = weighted_table(
            (status.value, weight) for status, weight in EVENT_STATUSES
        )
        self.spans = weighted_table((index, kind.weight) for index, kind in enumerate(SPAN_KINDS))
        self.durations = [self.duration_table(kind.median_ms, kind.spread) for kind in SPAN_KINDS]

    def duration_table(self, median_ms: float, spread: float) -> list[int]:
        """Span durations in microseconds, log-normally spread around a median."""
        mu = math.log(median_ms)
        return [max(1, int(self.rng.lognormvariate(mu, spread) * 1000)) for _ in range(1024)]

    def chunk(self, timeline: Timeline, first: int, count: int, total: int) -> Chunk:
        """The time of rows first..first+count of total, and what they may point at."""
        seconds = timeline.seconds(first, count, total)
        epoch = timeline.epoch_of(seconds[0])
        return Chunk(
            seconds=seconds,
            tenant_limit=self.tenants.limit_at(epoch),
            lead_position=self.leads.position(epoch),
            trace_position=self.traces.position(epoch),
        )

    def ip(self) -> str:
        """An IPv4 address from a Brazilian provider's range."""
        return self.words.public_ip()

    def mobile(self) -> str:
        """A Brazilian mobile number in E.164."""
        bits = self.rng.getrandbits
        return f"+55{self.pools.ddd[bits(10)]}9{bits(30) % 100_000_000:08d}"

    def recent_lead(self, position: int) -> int:
        """Index of a sampled lead among the first `position`, biased to the latest; -1: none."""
        if position <= 0:
            return -1
        return position - 1 - int(position * self.rng.random() ** 4)

    def recent_trace(self, position: int) -> str | None:
        """A sampled trace id near `position`, or None when no trace existed yet."""
        if position <= 0:
            return None
        return self.traces.ids[max(0, position - 1 - self.rng.getrandbits(6))]
