"""addons/aftersales_safety/rules/gating.py: who may be sent, when work may
start, when the visit may close.

DOMAIN.md (Safety): only certified people do electrical, pressure-vessel,
welding or height work; training before first work and periodically; work
starts only after the site check and once energy is isolated and verified
dead; a lock comes off only by the hand that put it on, or through a
recorded forced removal (OSHA 1910.147 (e)(3)).
"""

from __future__ import annotations

import calendar
from datetime import date, timedelta

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from .conftest import load_rule

G = load_rule("aftersales_safety", "gating")

days = st.dates(min_value=date(2000, 1, 1), max_value=date(2100, 12, 31))
skills = st.sampled_from(["electrician", "height", "mine", "welding"])


@st.composite
def certificates(draw):
    start = draw(st.one_of(st.none(), days))
    end = draw(st.one_of(st.none(), days))
    if start and end and end < start:
        start, end = end, start
    return G.Certificate(skill=draw(skills), valid_from=start, valid_to=end)


# ------------------------------------------------------------ certificates


def test_missing_expired_not_yet_valid():
    held = [
        G.Certificate("electrician", date(2020, 1, 1), date(2024, 12, 31)),
        G.Certificate("height", date(2026, 1, 1), date(2028, 1, 1)),
    ]
    day = date(2025, 6, 1)
    assert G.certificate_blockers(["electrician", "height", "mine"], held, day) == [
        (G.EXPIRED, "electrician"),
        (G.NOT_YET_VALID, "height"),
        (G.MISSING, "mine"),
    ]


def test_validity_bounds_are_inclusive():
    cert = G.Certificate("e", date(2025, 1, 1), date(2025, 12, 31))
    assert G.certificate_blockers(["e"], [cert], date(2025, 1, 1)) == []
    assert G.certificate_blockers(["e"], [cert], date(2025, 12, 31)) == []
    assert G.certificate_blockers(["e"], [cert], date(2026, 1, 1)) == [(G.EXPIRED, "e")]


def test_renewal_makes_it_valid_again():
    old = G.Certificate("e", date(2020, 1, 1), date(2024, 12, 31))
    new = G.Certificate("e", date(2025, 1, 1), None)
    assert G.certificate_blockers(["e"], [old], date(2025, 3, 1))
    assert G.certificate_blockers(["e"], [old, new], date(2025, 3, 1)) == []


def test_inverted_dates_are_refused():
    with pytest.raises(ValueError, match="ends before it starts"):
        G.certificate_blockers(
            ["e"],
            [G.Certificate("e", date(2025, 2, 1), date(2025, 1, 1))],
            date.today(),
        )


@given(
    required=st.lists(skills, max_size=6),
    held=st.lists(certificates(), max_size=6),
    day=days,
)
def test_blocked_exactly_when_no_certificate_valid_that_day(required, held, day):
    reasons = G.certificate_blockers(required, held, day)
    blocked = [skill for _code, skill in reasons]
    # each required skill once, in the order asked
    assert blocked == [s for s in dict.fromkeys(required) if s in blocked]
    for skill in dict.fromkeys(required):
        valid = any(c.skill == skill and c.valid_on(day) for c in held)
        assert (skill in blocked) == (not valid)


@given(held=st.lists(certificates(), max_size=6), day=days)
def test_nothing_required_never_blocks(held, day):
    assert G.certificate_blockers([], held, day) == []


# ---------------------------------------------------------------- training


@given(day=days, months=st.integers(min_value=0, max_value=240))
def test_add_months_rolls_a_missing_day_to_the_next_month(day, months):
    result = G.add_months(day, months)
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    if day.day <= last:
        assert result == date(year, month + 1, day.day)
    else:
        assert result == date(year, month + 1, last) + timedelta(days=1)


def test_training_leap_day_and_month_end():
    # The day a training of N months from a month end falls due is the
    # warranty's anniversary: 29 Feb + 12 months and 31 Jan + 1 month do not
    # exist, so the training is still valid on 28 Feb and due on 1 March.
    assert G.training_due(date(2024, 2, 29), 12) == date(2025, 3, 1)
    assert G.training_due(date(2025, 1, 31), 1) == date(2025, 3, 1)
    assert G.training_due(date(2025, 1, 28), 1) == date(2025, 2, 28)
    assert G.training_due(None, 12) is None


@given(last=st.one_of(st.none(), days), months=st.integers(0, 60), day=days)
def test_training_blocker(last, months, day):
    result = G.training_blocker(last, months, day)
    if months == 0:
        assert result is None
    elif last is None:
        assert result == (G.TRAINING_NEVER, None)
    else:
        due = G.add_months(last, months)
        assert (result is not None) == (day > due)
        if result:
            assert result == (G.TRAINING_OVERDUE, due)


def test_negative_interval_refused():
    with pytest.raises(ValueError, match="negative"):
        G.training_blocker(date(2025, 1, 1), -1, date(2025, 1, 1))


# -------------------------------------------------------------- start work

points = st.builds(
    G.Point,
    key=st.integers(0, 20),
    applied=st.booleans(),
    verified=st.booleans(),
    released=st.booleans(),
)
checks = st.builds(
    G.Check,
    key=st.integers(0, 5),
    exists=st.booleans(),
    signed=st.booleans(),
    failed=st.booleans(),
)


def test_start_work_reasons_in_order():
    reasons = G.start_work_blockers(
        checks=[
            G.Check("pre", exists=False),
            G.Check("elec", exists=True),
            G.Check("height", exists=True, signed=True, failed=True),
            G.Check("ok", exists=True, signed=True),
        ],
        lockout_required=True,
        points=[G.Point("q1"), G.Point("q2", applied=True), G.Point("q3", True, True)],
        locks=[G.Point("wu"), G.Point("li", applied=True)],
        open_stops=2,
    )
    assert reasons == [
        (G.CHECK_MISSING, "pre"),
        (G.CHECK_UNSIGNED, "elec"),
        (G.CHECK_FAILED, "height"),
        (G.POINT_NOT_APPLIED, "q1"),
        (G.POINT_NOT_VERIFIED, "q2"),
        (G.LOCK_NOT_APPLIED, "wu"),
        (G.STOP_WORK_OPEN, 2),
    ]


def test_lockout_required_needs_a_point():
    assert G.start_work_blockers(lockout_required=True) == [(G.ISOLATION_MISSING, None)]
    assert G.start_work_blockers(lockout_required=False) == []


@given(
    checks=st.lists(checks, max_size=4),
    lockout=st.booleans(),
    pts=st.lists(points, max_size=5),
    locks=st.lists(points, max_size=3),
    stops=st.integers(0, 3),
)
def test_work_starts_only_when_everything_is_safe(checks, lockout, pts, locks, stops):
    reasons = G.start_work_blockers(checks, lockout, pts, locks, stops)
    safe = (
        all(c.exists and c.signed and not c.failed for c in checks)
        and (not lockout or pts)
        and all(p.released or (p.applied and p.verified) for p in pts)
        and all(lock.applied or lock.released for lock in locks)
        and stops == 0
    )
    assert (reasons == []) == bool(safe)


def test_negative_stop_count_refused():
    with pytest.raises(ValueError):
        G.start_work_blockers(open_stops=-1)
    with pytest.raises(ValueError):
        G.close_blockers(open_stops=-1)


# ------------------------------------------------------------------- close


@given(pts=st.lists(points, max_size=6), locks=st.lists(points, max_size=4))
def test_close_only_when_every_applied_lock_is_off(pts, locks):
    reasons = G.close_blockers(pts, locks)
    on = [p.key for p in pts if p.applied and not p.released]
    on_locks = [lock.key for lock in locks if lock.applied and not lock.released]
    assert reasons == [(G.POINT_NOT_RELEASED, k) for k in on] + [
        (G.LOCK_NOT_REMOVED, k) for k in on_locks
    ]


@given(applier=st.integers(1, 5), remover=st.integers(1, 5), forced=st.booleans())
def test_only_the_applier_removes_unless_forced(applier, remover, forced):
    assert G.may_remove(applier, remover, forced) == (applier == remover or forced)


def test_no_applier_no_removal():
    assert not G.may_remove(None, 3)
    assert not G.may_remove(None, None, forced_approval=True)


# --------------------------------------------------------------- reminders


@given(valid_to=st.one_of(st.none(), days), today=days, lead=st.integers(0, 400))
def test_reminder_due_within_lead_time(valid_to, today, lead):
    due = G.reminder_due(valid_to, today, lead)
    if valid_to is None or lead == 0:
        assert not due
    else:
        assert due == (0 <= (valid_to - today).days <= lead)


def test_reminder_boundaries():
    today = date(2025, 12, 31)
    assert G.reminder_due(today, today, 30)
    assert G.reminder_due(today + timedelta(days=30), today, 30)
    assert not G.reminder_due(today + timedelta(days=31), today, 30)
    assert not G.reminder_due(today - timedelta(days=1), today, 30)
    with pytest.raises(ValueError):
        G.reminder_due(today, today, -1)


@given(day=days)
def test_open_ended_certificate_valid_from_its_start(day):
    assume(day > date(2000, 1, 1))
    cert = G.Certificate("e", day, None)
    assert cert.valid_on(day)
    assert not cert.valid_on(day - timedelta(days=1))


@given(valid_to=days, today=days, lead=st.integers(0, 400))
def test_reminder_window_is_what_reminder_due_reminds_about(valid_to, today, lead):
    window = G.reminder_window(today, lead)
    if lead == 0:
        assert window is None
        assert not G.reminder_due(valid_to, today, lead)
    else:
        assert G.reminder_due(valid_to, today, lead) is (
            window[0] <= valid_to <= window[1]
        )
