"""Maintenance contracts and preventive maintenance (保养), DOMAIN.md
"Maintenance contracts and preventive maintenance".

Pure rules: the invoicing periods of a contract, when a contract is expiring,
the due dates of a PM level by calendar (every N days / months) or by running
hours (every N hours, forecast from the meter readings' usage rate), and which
level is done when several fall due within the same window (the higher one
replaces the lower: a level-2 保养 includes the level-1 tasks).
"""

from __future__ import annotations

import datetime
import math
from dataclasses import dataclass

from .warranty import add_months

SCHEDULE_MONTHS = {"monthly": 1, "quarterly": 3, "yearly": 12}
INTERVAL_UNITS = ("days", "months", "hours")
MAX_DAYS = 36500


class PmInputError(ValueError):
    """Facts the rules cannot decide on (negative interval, unknown unit)."""


def invoice_periods(start, end, schedule):
    """The invoicing periods of a contract from ``start`` to ``end``
    (inclusive): ``(period_start, period_end)`` pairs, each ``schedule``
    long (monthly / quarterly / yearly), the last cut at ``end``. The
    periods tile the contract: no gap, no overlap."""
    if schedule not in SCHEDULE_MONTHS:
        raise PmInputError(f"unknown invoicing schedule {schedule!r}")
    if end < start:
        raise PmInputError("a contract cannot end before it starts")
    months = SCHEDULE_MONTHS[schedule]
    periods = []
    index = 0
    period_start = start
    while period_start <= end:
        index += 1
        next_start = add_months(start, months * index)
        periods.append(
            (period_start, min(next_start - datetime.timedelta(days=1), end))
        )
        period_start = next_start
    return periods


def period_price(price, start, end, schedule, period):
    """The share of the contract ``price`` billed for ``period``: the price
    spread evenly over the full periods; a last, shorter period pays pro rata
    of its days. The shares add up to the price (the last takes the rest)."""
    periods = invoice_periods(start, end, schedule)
    months = SCHEDULE_MONTHS[schedule]
    weights = []
    for p_start, p_end in periods:
        full_end = add_months(p_start, months) - datetime.timedelta(days=1)
        weights.append(((p_end - p_start).days + 1) / ((full_end - p_start).days + 1))
    total = sum(weights)
    shares = [round(price * weight / total, 2) for weight in weights]
    shares[-1] = round(price - sum(shares[:-1]), 2)
    return shares[periods.index(period)]


def is_expiring(today, end, notice_days):
    """Whether a contract ending on ``end`` is within its renewal notice."""
    return today <= end and (end - today).days <= notice_days


def next_due_by_calendar(last_done, interval, unit):
    """The next due date of a calendar level done on ``last_done``."""
    if interval <= 0:
        raise PmInputError("the interval must be positive")
    if unit == "days":
        return last_done + datetime.timedelta(days=interval)
    if unit == "months":
        return add_months(last_done, interval)
    raise PmInputError(f"{unit!r} is not a calendar unit")


def usage_rate(readings):
    """Running hours per day from meter readings ``[(date, hours), ...]``
    (first to last reading); None with fewer than two distinct days."""
    points = sorted(readings)
    if len(points) < 2 or points[-1][0] == points[0][0]:
        return None
    hours = points[-1][1] - points[0][1]
    days = (points[-1][0] - points[0][0]).days
    return max(hours, 0.0) / days


def next_due_by_hours(last_done_hours, interval, readings, default_rate=8.0):
    """The forecast date a level due every ``interval`` running hours comes
    due: from the latest reading, the hours left divided by the usage rate
    (``default_rate`` hours a day without two readings). Already past: the
    latest reading's date."""
    if interval <= 0:
        raise PmInputError("the interval must be positive")
    if not readings:
        raise PmInputError("an hours-based level needs a meter reading")
    last_day, last_hours = max(readings)
    due_hours = last_done_hours + interval
    left = due_hours - last_hours
    if left <= 0:
        return last_day
    rate = usage_rate(readings) or default_rate
    if rate <= 0:
        rate = default_rate
    # A unit hardly running: beyond any horizon (a century at most).
    days = left / rate
    return last_day + datetime.timedelta(
        days=MAX_DAYS if days >= MAX_DAYS else math.ceil(days)
    )


@dataclass(frozen=True)
class Due:
    level: str
    rank: int
    due: datetime.date


def choose_due(dues, window_days):
    """The PM visits to make from the levels' due dates: walking by date, a
    level due within ``window_days`` of a higher-ranked one is replaced by it
    (only the higher is made, on the earlier of the two dates)."""
    chosen = []
    for item in sorted(dues, key=lambda d: (d.due, -d.rank)):
        merged = False
        for i, kept in enumerate(chosen):
            if abs((item.due - kept.due).days) <= window_days:
                if item.rank > kept.rank:
                    chosen[i] = Due(item.level, item.rank, min(item.due, kept.due))
                merged = True
                break
        if not merged:
            chosen.append(item)
    return sorted(chosen, key=lambda d: d.due)


def calendar_dues(first_due, interval, unit, until):
    """All due dates of a calendar level from ``first_due`` up to ``until``."""
    dues = []
    day = first_due
    while day <= until:
        dues.append(day)
        day = next_due_by_calendar(day, interval, unit)
    return dues


def hours_dues(last_done_hours, interval, readings, until, default_rate=8.0):
    """The forecast ``(due date, due hours)`` of an hours-based level up to
    ``until``, counting from ``last_done_hours``. Thresholds the meter has
    already passed make one occurrence (the last passed), due at once."""
    if interval <= 0:
        raise PmInputError("the interval must be positive")
    if not readings:
        return []
    last_hours = max(readings)[1]
    passed = math.floor((last_hours - last_done_hours) / interval)
    index = max(passed, 1)
    dues = []
    while True:
        base = last_done_hours + (index - 1) * interval
        day = next_due_by_hours(base, interval, readings, default_rate)
        if day > until:
            return dues
        dues.append((day, base + interval))
        index += 1


def resolve_replacements(dues, window_days):
    """For each ``(rank, due date)`` of a unit's levels, whether a higher
    level due within ``window_days`` replaces it, and the date the kept ones
    are planned on (the earliest due date among the lower levels they
    replace, so that none of those is done late). Returns a list of
    ``(replaced, planned_date)`` in the order given."""
    result = []
    for rank, day in dues:
        higher = [
            other_day
            for other_rank, other_day in dues
            if other_rank > rank and abs((other_day - day).days) <= window_days
        ]
        if higher:
            result.append((True, None))
            continue
        lower = [
            other_day
            for other_rank, other_day in dues
            if other_rank < rank and abs((other_day - day).days) <= window_days
        ]
        result.append((False, min([day, *lower])))
    return result
