"""addons/aftersales_service/rules/satisfaction.py and callback.py: the
satisfaction score and rate, the call-back window and the retry plan.

DOMAIN.md (Follow-up and satisfaction): call every customer 5-7 days after
delivery or service; score 1-10; customer satisfaction >= 85 %. What counts
as satisfied is a setting (default score >= 8); unrated calls are not in the
rate. A customer not reached is tried again after an interval, up to a
number of tries, then unreachable.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from .conftest import load_rule

S = load_rule("aftersales_service", "satisfaction")
C = load_rule("aftersales_service", "callback")

scores = st.integers(min_value=1, max_value=10)
thresholds = st.integers(min_value=1, max_value=10)


@given(scores, thresholds)
def test_satisfied_is_score_at_or_above_threshold(score, threshold):
    assert S.is_satisfied(score, threshold) == (score >= threshold)


@pytest.mark.parametrize("score", [0, 11, -1, 8.0, "8", True, None])
def test_score_outside_1_to_10_refused(score):
    with pytest.raises(ValueError):
        S.check_score(score)


def test_default_threshold_is_8():
    assert S.is_satisfied(8) and not S.is_satisfied(7)


def test_rate_examples():
    assert S.satisfaction_rate([10, 9, 8, 8, 7, 3]) == Decimal("66.67")
    assert S.satisfaction_rate([10, 9, 8, 8, 7, 3], threshold=7) == Decimal("83.33")
    assert S.satisfaction_rate([8] * 17 + [1] * 3) == Decimal("85.00")
    assert S.satisfaction_rate([]) is None
    assert S.satisfaction_rate([0, None]) is None, "unrated calls are left out"
    assert S.satisfaction_rate([9, 0, None]) == Decimal("100.00")


@given(st.lists(st.one_of(scores, st.just(0)), max_size=60), thresholds)
def test_rate_is_the_share_of_satisfied_rated_scores(values, threshold):
    rate = S.satisfaction_rate(values, threshold)
    rated = [v for v in values if v]
    if not rated:
        assert rate is None
        return
    exact = Decimal(sum(v >= threshold for v in rated)) * 100 / len(rated)
    assert Decimal(0) <= rate <= Decimal(100)
    assert abs(rate - exact) <= Decimal("0.005")
    # Order does not matter; adding an unhappy score never raises the rate.
    assert S.satisfaction_rate(list(reversed(values)), threshold) == rate
    assert S.satisfaction_rate([*values, 1], threshold) <= rate or threshold == 1


@given(st.lists(scores, min_size=1, max_size=40), thresholds, thresholds)
def test_a_stricter_threshold_never_raises_the_rate(values, low, high):
    low, high = min(low, high), max(low, high)
    assert S.satisfaction_rate(values, high) <= S.satisfaction_rate(values, low)


def test_target_85():
    assert S.meets_target(Decimal("85.00"))
    assert not S.meets_target(Decimal("84.99"))
    assert S.meets_target(None) is None
    assert S.meets_target(80.0, 80)


@given(
    st.dates(min_value=date(2000, 1, 1), max_value=date(2099, 12, 31)),
    st.integers(min_value=0, max_value=30),
    st.integers(min_value=0, max_value=30),
)
def test_window_counts_calendar_days(event_day, first, extra):
    start, end = C.window(event_day, first, first + extra)
    assert (start - event_day).days == first
    assert (end - start).days == extra


def test_window_default_5_to_7_over_month_and_leap_day():
    assert C.window(date(2028, 2, 25)) == (date(2028, 3, 1), date(2028, 3, 3))
    assert C.window(date(2026, 12, 28)) == (date(2027, 1, 2), date(2027, 1, 4))


@pytest.mark.parametrize(("first", "last"), [(-1, 3), (5, 4)])
def test_window_refused_when_inverted(first, last):
    with pytest.raises(ValueError):
        C.window(date(2026, 1, 1), first, last)


@given(
    st.integers(min_value=1, max_value=10),
    st.integers(min_value=1, max_value=10),
    st.integers(min_value=1, max_value=72),
)
def test_retry_plan(tries_done, max_tries, hours):
    tried = datetime(2026, 11, 7, 2, 0)
    following = C.next_try(tried, tries_done, max_tries, timedelta(hours=hours))
    if tries_done >= max_tries:
        assert following is None
    else:
        assert following == tried + timedelta(hours=hours)


def test_three_tries_a_day_apart_then_unreachable():
    day = timedelta(days=1)
    at = datetime(2026, 11, 7, 9, 0)
    plan = []
    for tries in range(1, 4):
        at = C.next_try(at, tries, 3, day)
        plan.append(at)
    assert plan == [datetime(2026, 11, 8, 9), datetime(2026, 11, 9, 9), None]


@pytest.mark.parametrize(
    ("tries", "max_tries", "interval"),
    [(0, 3, timedelta(days=1)), (1, 0, timedelta(days=1)), (1, 3, timedelta(0))],
)
def test_retry_bad_settings_refused(tries, max_tries, interval):
    with pytest.raises(ValueError):
        C.next_try(datetime(2026, 1, 1), tries, max_tries, interval)
