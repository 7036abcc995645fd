"""The service's key figures: each one a numerator over a denominator.

DOMAIN.md (Response and resolution deadlines; Follow-up and satisfaction;
Complaints; Reports): the service aims at an on-time rate of at least 90 %,
a customer satisfaction of at least 85 % and complaints for which the
service is responsible under 3 %; monthly statistics, a half-yearly analysis
and an annual summary report them, per technician for the appraisal.

Definitions (every function takes plain rows and a period, and returns a
:class:`Ratio`; the stored KPI facts, the dashboard and the workbooks are
all built from these, so a number never disagrees between two screens):

- on-time: deadlines met / deadlines due in the period. A deadline is due in
  the period when its date falls in it and it is decided (met, or breached:
  reached late, or passed without the event by ``now``); a deadline still
  running is not due yet; a cancelled one (request closed unsolved) never.
- first-time fix: requests solved with at most one visit / requests solved in
  the period (solved = resolved, not closed unsolved; a request solved
  without a visit needed no second one).
- satisfaction: rated services whose score reaches the satisfied-from
  threshold / rated services, rated in the period (``satisfaction.py``).
- complaint rate: complaints received in the period for which the service
  was responsible / service requests (complaints excluded) received in the
  period; cancelled requests and complaints are not counted.
- repeat repairs: repair requests received in the period that repeat an
  earlier repair of the same unit and component / repair requests received.
- backlog: requests open at a moment, counted by age bucket (days since
  reported); a count, not a ratio.

Periods are calendar months (and half years, years) in the company's time
zone: a request reported at 23:30 on 31 January in Shanghai is January's,
although it is 15:30 UTC. Bounds are returned as naive UTC datetimes, the way
the database stores them; a period is ``[start, end)``.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from zoneinfo import ZoneInfo

from . import satisfaction as satisfaction_rules

KPI_ON_TIME = "on_time"
KPI_FIRST_TIME_FIX = "first_time_fix"
KPI_SATISFACTION = "satisfaction"
KPI_COMPLAINT = "complaint"
KPI_REPEAT = "repeat_repair"
KPI_BACKLOG = "backlog"
RATIO_KPIS = (
    KPI_ON_TIME,
    KPI_FIRST_TIME_FIX,
    KPI_SATISFACTION,
    KPI_COMPLAINT,
    KPI_REPEAT,
)
KPIS = (*RATIO_KPIS, KPI_BACKLOG)

# The regulations' targets (%); complaints are a ceiling, the others a floor.
DEFAULT_TARGETS = {
    KPI_ON_TIME: Decimal("90"),
    KPI_SATISFACTION: Decimal("85"),
    KPI_COMPLAINT: Decimal("3"),
}
CEILINGS = frozenset({KPI_COMPLAINT, KPI_REPEAT})

# Backlog age buckets: (label, first day, last day or None).
BACKLOG_BUCKETS = (
    ("0-2", 0, 2),
    ("3-7", 3, 7),
    ("8-30", 8, 30),
    ("31+", 31, None),
)

DEADLINE_MET = "met"
DEADLINE_BREACHED = "breached"
DEADLINE_CANCELLED = "cancelled"


@dataclass(frozen=True)
class Ratio:
    numerator: int = 0
    denominator: int = 0

    def __post_init__(self):
        if self.numerator < 0 or self.denominator < 0:
            raise ValueError("A KPI cannot count below zero.")

    def __add__(self, other):
        return Ratio(
            self.numerator + other.numerator, self.denominator + other.denominator
        )

    @property
    def rate(self):
        """Percentage (Decimal, 2 places, half up); None over nothing."""
        return rate(self.numerator, self.denominator)


def rate(numerator, denominator):
    """``numerator / denominator`` in %, Decimal 2 places; None without a
    denominator (an empty period has no rate, not a rate of 0)."""
    if not denominator:
        return None
    value = Decimal(numerator) * 100 / Decimal(denominator)
    return value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def meets_target(kpi, value, target=None):
    """Whether ``value`` (%) meets the target: at least it for the on-time
    and satisfaction rates, under it for complaints. None without a value."""
    if value is None:
        return None
    target = DEFAULT_TARGETS[kpi] if target is None else Decimal(str(target))
    value = Decimal(str(value))
    return value < target if kpi in CEILINGS else value >= target


# ----------------------------------------------------------------------
# Periods
# ----------------------------------------------------------------------


def _zone(tz):
    return ZoneInfo(tz or "UTC")


def to_utc(local: datetime.datetime, tz) -> datetime.datetime:
    """A naive local wall time of ``tz`` as a naive UTC datetime."""
    aware = local.replace(tzinfo=_zone(tz))
    return aware.astimezone(datetime.UTC).replace(tzinfo=None)


def to_local(moment: datetime.datetime, tz) -> datetime.datetime:
    """A naive UTC datetime as a naive local wall time of ``tz``."""
    aware = moment.replace(tzinfo=datetime.UTC)
    return aware.astimezone(_zone(tz)).replace(tzinfo=None)


def month_start(day) -> datetime.date:
    return datetime.date(day.year, day.month, 1)


def add_months(day: datetime.date, months: int) -> datetime.date:
    index = day.year * 12 + day.month - 1 + months
    return datetime.date(index // 12, index % 12 + 1, 1)


def period_bounds(first_day: datetime.date, months: int = 1, tz=None):
    """``[start, end)`` in naive UTC of the ``months`` local calendar months
    from ``first_day``'s month (1: a month, 6: a half year, 12: a year)."""
    if months < 1:
        raise ValueError(f"A period is at least one month, not {months}.")
    first = month_start(first_day)
    last = add_months(first, months)
    midnight = datetime.time.min
    return (
        to_utc(datetime.datetime.combine(first, midnight), tz),
        to_utc(datetime.datetime.combine(last, midnight), tz),
    )


def period_of(moment: datetime.datetime, tz=None) -> datetime.date:
    """The first day of the local month a naive UTC ``moment`` falls in."""
    return month_start(to_local(moment, tz))


def half_year_start(day: datetime.date) -> datetime.date:
    return datetime.date(day.year, 1 if day.month <= 6 else 7, 1)


def in_period(moment, start, end) -> bool:
    return moment is not None and start <= moment < end


# ----------------------------------------------------------------------
# Rows
# ----------------------------------------------------------------------


@dataclass(frozen=True)
class DeadlineRow:
    deadline: datetime.datetime | None
    reached_at: datetime.datetime | None = None
    cancelled: bool = False
    key: object = None


@dataclass(frozen=True)
class RequestRow:
    """One service request (helpdesk ticket) as the KPIs see it."""

    reported_at: datetime.datetime
    request_type: str = "repair"
    resolved_at: datetime.datetime | None = None
    closed_at: datetime.datetime | None = None
    cancelled: bool = False
    visit_count: int = 0
    repeat: bool = False
    service_responsible: bool = False
    key: object = None


@dataclass(frozen=True)
class RatingRow:
    rated_at: datetime.datetime | None
    score: int | None
    key: object = None


def deadline_outcome(row: DeadlineRow, now: datetime.datetime):
    """met, breached, cancelled, or None while it is still running (or has
    no date yet)."""
    if row.cancelled:
        return DEADLINE_CANCELLED
    if row.deadline is None:
        return None
    if row.reached_at is not None:
        return DEADLINE_MET if row.reached_at <= row.deadline else DEADLINE_BREACHED
    if now > row.deadline:
        return DEADLINE_BREACHED
    return None


def on_time(rows: Iterable[DeadlineRow], start, end, now) -> Ratio:
    met = due = 0
    for row in rows:
        if not in_period(row.deadline, start, end):
            continue
        outcome = deadline_outcome(row, now)
        if outcome in (DEADLINE_MET, DEADLINE_BREACHED):
            due += 1
            met += outcome == DEADLINE_MET
    return Ratio(met, due)


def is_complaint(row: RequestRow) -> bool:
    return row.request_type == "complaint"


def first_time_fix(rows: Iterable[RequestRow], start, end) -> Ratio:
    fixed = solved = 0
    for row in rows:
        if row.cancelled or is_complaint(row):
            continue
        if not in_period(row.resolved_at, start, end):
            continue
        solved += 1
        fixed += row.visit_count <= 1
    return Ratio(fixed, solved)


def satisfaction(
    rows: Iterable[RatingRow],
    start,
    end,
    threshold=satisfaction_rules.DEFAULT_SATISFIED_SCORE,
) -> Ratio:
    happy = rated = 0
    for row in rows:
        if not row.score or not in_period(row.rated_at, start, end):
            continue
        rated += 1
        happy += satisfaction_rules.is_satisfied(row.score, threshold)
    return Ratio(happy, rated)


def complaint_rate(rows: Iterable[RequestRow], start, end) -> Ratio:
    responsible = requests = 0
    for row in rows:
        if row.cancelled or not in_period(row.reported_at, start, end):
            continue
        if is_complaint(row):
            responsible += row.service_responsible
        else:
            requests += 1
    # A group may have complaints and no request of its own this month (a
    # complaint about an earlier month's job): the complaint still counts,
    # in the company's total; the group alone has no rate.
    return Ratio(responsible, requests)


def repeat_repairs(rows: Iterable[RequestRow], start, end) -> Ratio:
    repeats = repairs = 0
    for row in rows:
        if row.cancelled or row.request_type != "repair":
            continue
        if not in_period(row.reported_at, start, end):
            continue
        repairs += 1
        repeats += bool(row.repeat)
    return Ratio(repeats, repairs)


def is_open_at(row: RequestRow, at: datetime.datetime) -> bool:
    """Reported before ``at`` and neither resolved nor closed by then."""
    if row.reported_at >= at:
        return False
    ended = [moment for moment in (row.resolved_at, row.closed_at) if moment]
    return not ended or min(ended) >= at


def age_bucket(age_days: int) -> str:
    for label, first, last in BACKLOG_BUCKETS:
        if age_days >= first and (last is None or age_days <= last):
            return label
    raise ValueError(f"An age cannot be negative ({age_days} days).")


def backlog(rows: Iterable[RequestRow], at: datetime.datetime) -> dict[str, int]:
    """Requests open at ``at`` by age bucket (every bucket present)."""
    counts = {label: 0 for label, _first, _last in BACKLOG_BUCKETS}
    for row in rows:
        if is_open_at(row, at):
            counts[age_bucket((at - row.reported_at).days)] += 1
    return counts


# ----------------------------------------------------------------------
# Facts: the figures per dimension key
# ----------------------------------------------------------------------


def group(rows: Iterable, key: Callable = lambda row: row.key) -> dict:
    grouped = defaultdict(list)
    for row in rows:
        grouped[key(row)].append(row)
    return grouped


def facts(
    deadlines: Iterable[DeadlineRow],
    requests: Iterable[RequestRow],
    ratings: Iterable[RatingRow],
    start,
    end,
    now,
    threshold=satisfaction_rules.DEFAULT_SATISFIED_SCORE,
):
    """``{(key, kpi, bucket): Ratio}`` for every key that has a figure, with
    ``bucket`` empty except for the backlog (counted at ``min(end, now)``,
    numerator and denominator both the count). Ratios of nothing over
    nothing are left out: an empty period has no facts, not facts of zero."""
    result = {}
    requests = list(requests)
    for key, rows in group(deadlines).items():
        _put(result, key, KPI_ON_TIME, on_time(rows, start, end, now))
    by_key = group(requests)
    for key, rows in by_key.items():
        _put(result, key, KPI_FIRST_TIME_FIX, first_time_fix(rows, start, end))
        _put(result, key, KPI_COMPLAINT, complaint_rate(rows, start, end))
        _put(result, key, KPI_REPEAT, repeat_repairs(rows, start, end))
        at = min(end, now)
        for label, count in backlog(rows, at).items():
            if count:
                result[(key, KPI_BACKLOG, label)] = Ratio(count, count)
    for key, rows in group(ratings).items():
        _put(result, key, KPI_SATISFACTION, satisfaction(rows, start, end, threshold))
    return result


def _put(result, key, kpi, ratio):
    if ratio.denominator or ratio.numerator:
        result[(key, kpi, "")] = ratio


def total(ratios: Iterable[Ratio]) -> Ratio:
    """The sum of ratios: a rate over several groups is the sum of the
    numerators over the sum of the denominators, never a mean of rates."""
    result = Ratio()
    for ratio in ratios:
        result = result + ratio
    return result
