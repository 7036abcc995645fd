"""addons/aftersales_service/rules/complaint.py: repeat complaints, reminders
(催办) at an interval, what blocks closing.

Expected values come from DOMAIN.md (Complaints) and seed 004: a repeat
complaint within N days is a priority case; an overdue case is reminded once
per interval; closing needs the actions done and verified, and an overdue
case its reason for the delay.
"""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from .conftest import load_rule

C = load_rule("aftersales_service", "complaint")
NOW = datetime(2026, 6, 1, 12, 0)


@pytest.mark.parametrize(
    ("days_before", "window", "repeat"),
    [(0, 90, True), (90, 90, True), (91, 90, False), (10, 0, False), (1, 1, True)],
)
def test_is_repeat_examples(days_before, window, repeat):
    earlier = [NOW - timedelta(days=days_before)]
    assert C.is_repeat(NOW, earlier, window) is repeat


def test_is_repeat_ignores_later_complaints():
    assert not C.is_repeat(NOW, [NOW + timedelta(seconds=1)], 90)
    assert not C.is_repeat(NOW, [], 90)


@given(
    st.lists(st.integers(min_value=-200 * 86400, max_value=0), max_size=6),
    st.integers(min_value=1, max_value=400),
)
def test_is_repeat_is_any_within_the_window(offsets, window):
    earlier = [NOW + timedelta(seconds=s) for s in offsets]
    expected = any(-window * 86400 <= s <= 0 for s in offsets)
    assert C.is_repeat(NOW, earlier, window) is expected


def test_reminder_due_once_per_interval():
    assert C.reminder_due(None, NOW, 24)
    assert not C.reminder_due(NOW - timedelta(hours=23, minutes=59), NOW, 24)
    assert C.reminder_due(NOW - timedelta(hours=24), NOW, 24)


@pytest.mark.parametrize("hours", [0, -1])
def test_reminder_interval_must_be_positive(hours):
    with pytest.raises(ValueError):
        C.reminder_cutoff(NOW, hours)


@given(st.integers(min_value=0, max_value=10 * 86400), st.integers(1, 240))
def test_never_reminded_twice_within_the_interval(since, hours):
    last = NOW - timedelta(seconds=since)
    assert C.reminder_due(last, NOW, hours) is (since >= hours * 3600)


@pytest.mark.parametrize(
    ("overdue", "reason", "states", "solved", "blockers"),
    [
        (False, None, [], True, []),
        (True, None, [], True, [C.BLOCK_DELAY_REASON]),
        (True, "  ", [], True, [C.BLOCK_DELAY_REASON]),
        (True, "Parts late", ["verified"], True, []),
        (
            False,
            None,
            ["open", "done"],
            True,
            [C.BLOCK_ACTION_OPEN, C.BLOCK_ACTION_UNVERIFIED],
        ),
        (False, None, ["done"], True, [C.BLOCK_ACTION_UNVERIFIED]),
        (False, None, ["open"], False, []),
        (True, None, ["open"], False, [C.BLOCK_DELAY_REASON]),
    ],
)
def test_close_blockers(overdue, reason, states, solved, blockers):
    assert C.close_blockers(overdue, reason, states, solved) == blockers
