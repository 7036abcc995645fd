"""Maintenance contracts and preventive maintenance (rules/pm.py)."""

from __future__ import annotations

import datetime
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from .conftest import load_rule

PM = load_rule("aftersales_service", "pm")

days = st.dates(min_value=date(2000, 1, 1), max_value=date(2090, 12, 31))
schedules = st.sampled_from(sorted(PM.SCHEDULE_MONTHS))


@given(days, st.integers(min_value=0, max_value=2000), schedules)
def test_invoice_periods_tile_the_contract(start, length, schedule):
    end = start + datetime.timedelta(days=length)
    periods = PM.invoice_periods(start, end, schedule)
    assert periods[0][0] == start
    assert periods[-1][1] == end
    for (_s1, e1), (s2, _e2) in zip(periods, periods[1:], strict=False):
        assert s2 == e1 + datetime.timedelta(days=1)
    assert all(s <= e for s, e in periods)


def test_invoice_periods_quarterly_year():
    periods = PM.invoice_periods(date(2026, 1, 1), date(2026, 12, 31), "quarterly")
    assert periods == [
        (date(2026, 1, 1), date(2026, 3, 31)),
        (date(2026, 4, 1), date(2026, 6, 30)),
        (date(2026, 7, 1), date(2026, 9, 30)),
        (date(2026, 10, 1), date(2026, 12, 31)),
    ]
    assert (
        PM.period_price(
            4000, date(2026, 1, 1), date(2026, 12, 31), "quarterly", periods[1]
        )
        == 1000.0
    )


@given(
    days,
    st.integers(min_value=0, max_value=1500),
    schedules,
    st.integers(min_value=0, max_value=10_000_000),
)
def test_period_prices_add_up_to_the_price(start, length, schedule, cents):
    end = start + datetime.timedelta(days=length)
    price = cents / 100
    total = sum(
        PM.period_price(price, start, end, schedule, period)
        for period in PM.invoice_periods(start, end, schedule)
    )
    assert round(total, 2) == round(price, 2)


def test_invoice_periods_refuse_bad_input():
    with pytest.raises(PM.PmInputError):
        PM.invoice_periods(date(2026, 2, 1), date(2026, 1, 1), "monthly")
    with pytest.raises(PM.PmInputError):
        PM.invoice_periods(date(2026, 1, 1), date(2026, 2, 1), "weekly")


@given(days, st.integers(min_value=-100, max_value=400), st.integers(0, 365))
def test_is_expiring_only_within_the_notice(today, left, notice):
    end = today + datetime.timedelta(days=left)
    assert PM.is_expiring(today, end, notice) == (0 <= left <= notice)


def test_due_by_calendar():
    # 31 January + 1 month: the product's month-end rule (warranty.add_months).
    assert PM.next_due_by_calendar(date(2026, 1, 31), 1, "months") == date(2026, 3, 1)
    assert PM.next_due_by_calendar(date(2026, 1, 1), 90, "days") == date(2026, 4, 1)
    with pytest.raises(PM.PmInputError):
        PM.next_due_by_calendar(date(2026, 1, 1), 0, "days")
    with pytest.raises(PM.PmInputError):
        PM.next_due_by_calendar(date(2026, 1, 1), 10, "hours")


def test_due_by_hours_forecast_from_the_usage_rate():
    readings = [(date(2026, 1, 1), 1000.0), (date(2026, 1, 11), 1200.0)]  # 20 h/day
    assert PM.usage_rate(readings) == 20.0
    # Level 1 every 250 h, last done at 1000 h: 50 h left at 20 h/day.
    assert PM.next_due_by_hours(1000.0, 250, readings) == date(2026, 1, 14)
    # Already past the hours: due at once (the latest reading).
    assert PM.next_due_by_hours(900.0, 250, readings) == date(2026, 1, 11)
    # One reading: the default rate.
    assert PM.next_due_by_hours(1000.0, 250, readings[:1], default_rate=10) == date(
        2026, 1, 26
    )


@given(
    days,
    st.floats(min_value=0, max_value=50_000),
    st.integers(min_value=1, max_value=5000),
    st.floats(min_value=0.1, max_value=24),
    st.integers(min_value=1, max_value=365),
)
def test_due_by_hours_never_before_the_latest_reading(day, hours, interval, rate, span):
    readings = [
        (day, hours),
        (day + datetime.timedelta(days=span), hours + rate * span),
    ]
    due = PM.next_due_by_hours(hours, interval, readings)
    assert due >= readings[-1][0]
    # The hours expected by the due date reach the interval.
    reached = hours + rate * span + rate * (due - readings[-1][0]).days
    capped = (due - readings[-1][0]).days == PM.MAX_DAYS
    assert reached + 1e-6 >= hours + interval or due == readings[-1][0] or capped


def test_higher_level_within_the_window_replaces_the_lower():
    level1 = PM.Due("level1", 1, date(2026, 3, 1))
    level2 = PM.Due("level2", 2, date(2026, 3, 5))
    chosen = PM.choose_due([level1, level2], 7)
    assert chosen == [PM.Due("level2", 2, date(2026, 3, 1))]
    # Outside the window both are made.
    assert len(PM.choose_due([level1, level2], 3)) == 2


@given(
    st.lists(
        st.tuples(st.integers(1, 4), st.integers(0, 365)), min_size=1, max_size=30
    ),
    st.integers(0, 30),
)
def test_choose_due_keeps_the_highest_level(raw, window):
    start = date(2026, 1, 1)
    dues = [
        PM.Due(f"l{rank}", rank, start + datetime.timedelta(days=d)) for rank, d in raw
    ]
    chosen = PM.choose_due(dues, window)
    assert chosen
    assert max(c.rank for c in chosen) == max(d.rank for d in dues)
    assert all(c.due >= min(d.due for d in dues) for c in chosen)
    assert len(chosen) <= len(dues)


def test_calendar_and_hours_dues_over_a_year():
    quarterly = PM.calendar_dues(date(2026, 1, 15), 3, "months", date(2026, 12, 31))
    assert quarterly == [
        date(2026, 1, 15),
        date(2026, 4, 15),
        date(2026, 7, 15),
        date(2026, 10, 15),
    ]
    readings = [(date(2026, 1, 1), 0.0), (date(2026, 1, 11), 100.0)]  # 10 h/day
    dues = PM.hours_dues(0.0, 250, readings, date(2026, 3, 1))
    assert dues == [(date(2026, 1, 26), 250.0), (date(2026, 2, 20), 500.0)]
    # Far behind: the passed thresholds make one occurrence, due at once.
    late = PM.hours_dues(0.0, 20, readings, date(2026, 1, 13))
    assert late == [(date(2026, 1, 11), 100.0), (date(2026, 1, 13), 120.0)]


@given(
    st.floats(min_value=0, max_value=10_000),
    st.integers(min_value=1, max_value=2000),
    st.floats(min_value=0, max_value=20_000),
    st.integers(min_value=1, max_value=100),
    st.integers(min_value=0, max_value=400),
)
def test_hours_dues_increase_and_start_at_the_latest_reading(
    base, interval, run, span, ahead
):
    day = date(2026, 1, 1)
    readings = [(day, base), (day + datetime.timedelta(days=span), base + run)]
    until = readings[-1][0] + datetime.timedelta(days=ahead)
    dues = PM.hours_dues(base, interval, readings, until)
    dates = [d for d, _h in dues]
    hours = [h for _d, h in dues]
    assert dates == sorted(dates)
    assert hours == sorted(set(hours))
    assert all(readings[-1][0] <= d <= until for d in dates)


def test_resolve_replacements_moves_the_higher_level_earlier():
    dues = [(1, date(2026, 3, 1)), (2, date(2026, 3, 5)), (1, date(2026, 6, 1))]
    assert PM.resolve_replacements(dues, 7) == [
        (True, None),
        (False, date(2026, 3, 1)),
        (False, date(2026, 6, 1)),
    ]


@given(
    st.lists(st.tuples(st.integers(1, 3), st.integers(0, 365)), max_size=25),
    st.integers(0, 30),
)
def test_resolve_replacements_rule(raw, window):
    start = date(2026, 1, 1)
    dues = [(rank, start + datetime.timedelta(days=d)) for rank, d in raw]
    outcome = PM.resolve_replacements(dues, window)
    for (rank, day), (replaced, planned) in zip(dues, outcome, strict=True):
        higher = [o for r, o in dues if r > rank and abs((o - day).days) <= window]
        assert replaced == bool(higher)
        if not replaced:
            assert planned <= day
            assert (day - planned).days <= window
    # The highest level is never replaced.
    if dues:
        top = max(rank for rank, _day in dues)
        assert all(
            not r
            for (rank, _d), (r, _p) in zip(dues, outcome, strict=True)
            if rank == top
        )
