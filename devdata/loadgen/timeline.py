"""Timestamps: monotonic through each table, denser towards now and in Brazilian office hours.

Timestamps are formatted from precomputed strings (dates, clock times, fractions), which
costs far less per row than formatting datetimes.
"""

from datetime import UTC, datetime, timedelta

DAY = 86400
GROWTH = 0.65  # < 1: rows crowd towards the end of the window (the platform grows)
EPOCH = datetime(1970, 1, 1)


def utc_now() -> datetime:
    """The current UTC time as a naive datetime, the way the platform stores it."""
    return datetime.now(UTC).replace(tzinfo=None)


def epoch_seconds(moment: datetime) -> float:
    """Unix time of a naive UTC datetime."""
    return (moment - EPOCH).total_seconds()


def clock_strings() -> list[str]:
    """'HH:MM:SS' for every second of a day."""
    return [f"{s // 3600:02d}:{s // 60 % 60:02d}:{s % 60:02d}" for s in range(DAY)]


def business_hours_warp() -> list[int]:
    """Second-of-day → second-of-day, monotonic, crowding rows into Brazilian working hours."""
    brt_weights = (
        1, 0.5, 0.3, 0.3, 0.3, 0.5, 1, 2.5, 5, 8, 9, 8, 6, 7, 9, 9, 8, 7, 5, 4, 3.5, 3, 2.5, 1.5,
    )  # fmt: skip
    weights = [brt_weights[(hour - 3) % 24] for hour in range(24)]
    cumulative = [0.0]
    for weight in weights:
        cumulative.append(cumulative[-1] + weight)
    total = cumulative[-1]
    warp = []
    hour = 0
    for second in range(DAY):
        target = second / DAY * total
        while cumulative[hour + 1] < target:
            hour += 1
        within = (target - cumulative[hour]) / weights[hour]
        warp.append(min(DAY - 1, int((hour + within) * 3600)))
    return warp


CLOCK = clock_strings()
WARP = business_hours_warp()
FRACTIONS = [f".{n * 244 + 17:06d}" for n in range(4096)]  # indexed by 12 random bits


class Timeline:
    """Monotonic timestamps for row i of n over a window, denser towards its end."""

    def __init__(self, end: datetime, days: int) -> None:
        start = end - timedelta(days=days)
        midnight = start.replace(hour=0, minute=0, second=0, microsecond=0)
        self.epoch = epoch_seconds(midnight)
        self.base = int((start - midnight).total_seconds())
        self.span = (end - start).total_seconds()
        self.last = int((end - midnight).total_seconds())
        self.days = [f"{midnight + timedelta(days=d):%Y-%m-%d} " for d in range(days + 2)]

    def seconds(self, first: int, count: int, total: int) -> list[int]:
        """Seconds since the window's first midnight for rows first..first+count of total."""
        base, span, last, warp, inverse = self.base, self.span, self.last, WARP, 1 / total
        out = []
        for i in range(first, first + count):
            day, second = divmod(base + int(span * (i * inverse) ** GROWTH), DAY)
            out.append(min(day * DAY + warp[second], last))
        return out

    def stamp(self, second: int, fraction: str = "") -> str:
        """The timestamp text of seconds since the window's first midnight."""
        return self.days[second // DAY] + CLOCK[second % DAY] + fraction

    def epoch_of(self, second: int) -> float:
        """Unix time of seconds since the window's first midnight."""
        return self.epoch + second
