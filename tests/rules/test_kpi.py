"""addons/aftersales_service/rules/kpi.py: the KPIs as numerator/denominator.

DOMAIN.md: on-time >= 90 %, satisfaction >= 85 %, complaints for which the
service is responsible < 3 %; monthly statistics, per technician.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from .conftest import load_rule

K = load_rule("aftersales_service", "kpi")
SLA = load_rule("aftersales_service", "sla")

JAN = K.period_bounds(date(2026, 1, 1))
FEB = K.period_bounds(date(2026, 2, 1))
NOW = datetime(2026, 6, 1)

moments = st.datetimes(min_value=datetime(2025, 11, 1), max_value=datetime(2026, 4, 1))
opt_moments = st.none() | moments
keys = st.sampled_from(["a", "b", "c"])
request_types = st.sampled_from(["repair", "installation", "complaint", "inquiry"])

deadline_rows = st.builds(
    K.DeadlineRow,
    deadline=opt_moments,
    reached_at=opt_moments,
    cancelled=st.booleans(),
    key=keys,
)
request_rows = st.builds(
    K.RequestRow,
    reported_at=moments,
    request_type=request_types,
    resolved_at=opt_moments,
    closed_at=opt_moments,
    cancelled=st.booleans(),
    visit_count=st.integers(min_value=0, max_value=4),
    repeat=st.booleans(),
    service_responsible=st.booleans(),
    key=keys,
)
rating_rows = st.builds(
    K.RatingRow,
    rated_at=opt_moments,
    score=st.none() | st.integers(min_value=1, max_value=10),
    key=keys,
)


# ------------------------------------------------------------------ rate


def test_rate_is_none_over_nothing():
    assert K.rate(0, 0) is None
    assert K.Ratio().rate is None


def test_rate_is_a_two_place_percentage():
    assert K.rate(2, 3) == Decimal("66.67")
    assert K.Ratio(9, 10).rate == Decimal("90.00")


def test_negative_counts_refused():
    with pytest.raises(ValueError):
        K.Ratio(-1, 3)


@pytest.mark.parametrize(
    ("kpi", "value", "expected"),
    [
        ("on_time", Decimal("90"), True),
        ("on_time", Decimal("89.99"), False),
        ("satisfaction", 85, True),
        ("satisfaction", Decimal("84.99"), False),
        ("complaint", Decimal("2.99"), True),
        ("complaint", 3, False),
        ("on_time", None, None),
    ],
)
def test_targets_of_the_regulations(kpi, value, expected):
    assert K.meets_target(kpi, value) is expected


def test_target_setting_overrides_default():
    assert K.meets_target("on_time", 80, target=75) is True
    assert K.meets_target("complaint", 4, target=5) is True


# --------------------------------------------------------------- periods


def test_month_bounds_utc():
    assert JAN == (datetime(2026, 1, 1), datetime(2026, 2, 1))


def test_month_bounds_in_shanghai_start_the_evening_before_in_utc():
    start, end = K.period_bounds(date(2026, 1, 15), tz="Asia/Shanghai")
    assert start == datetime(2025, 12, 31, 16, 0)
    assert end == datetime(2026, 1, 31, 16, 0)


def test_half_year_and_year_bounds():
    assert K.period_bounds(date(2026, 7, 3), 6) == (
        datetime(2026, 7, 1),
        datetime(2027, 1, 1),
    )
    assert K.period_bounds(date(2026, 1, 1), 12)[1] == datetime(2027, 1, 1)
    assert K.half_year_start(date(2026, 6, 30)) == date(2026, 1, 1)
    assert K.half_year_start(date(2026, 7, 1)) == date(2026, 7, 1)


def test_zero_month_period_refused():
    with pytest.raises(ValueError):
        K.period_bounds(date(2026, 1, 1), 0)


def test_late_evening_of_month_end_belongs_to_the_local_month():
    # 31 Jan 23:30 in Shanghai is 15:30 UTC: January's, not February's...
    moment = datetime(2026, 1, 31, 15, 30)
    assert K.period_of(moment, "Asia/Shanghai") == date(2026, 1, 1)
    # ... and 1 Feb 00:30 in Shanghai is still 31 Jan in UTC, but February's.
    moment = datetime(2026, 1, 31, 16, 30)
    assert K.period_of(moment, "Asia/Shanghai") == date(2026, 2, 1)
    assert K.period_of(moment) == date(2026, 1, 1)
    start, end = K.period_bounds(date(2026, 2, 1), tz="Asia/Shanghai")
    assert K.in_period(moment, start, end)


@given(moments, st.sampled_from(["UTC", "Asia/Shanghai", "America/New_York"]))
def test_every_moment_is_in_exactly_its_own_month(moment, tz):
    first = K.period_of(moment, tz)
    start, end = K.period_bounds(first, tz=tz)
    assert K.in_period(moment, start, end)
    before = K.period_bounds(K.add_months(first, -1), tz=tz)
    after = K.period_bounds(K.add_months(first, 1), tz=tz)
    assert not K.in_period(moment, *before)
    assert not K.in_period(moment, *after)
    assert before[1] == start and end == after[0]


# ---------------------------------------------------------------- on-time


def test_on_time_counts_decided_deadlines_due_in_the_period():
    rows = [
        K.DeadlineRow(datetime(2026, 1, 5), datetime(2026, 1, 4)),  # met
        K.DeadlineRow(datetime(2026, 1, 6), datetime(2026, 1, 6)),  # met on time
        K.DeadlineRow(datetime(2026, 1, 7), datetime(2026, 1, 8)),  # late
        K.DeadlineRow(datetime(2026, 1, 9)),  # passed, no event: breached
        K.DeadlineRow(datetime(2026, 1, 9), cancelled=True),  # closed unsolved
        K.DeadlineRow(datetime(2026, 2, 1), datetime(2026, 1, 30)),  # February's
        K.DeadlineRow(None),  # clock not started
    ]
    assert K.on_time(rows, *JAN, NOW) == K.Ratio(2, 4)


def test_running_deadline_is_not_due_yet():
    rows = [K.DeadlineRow(datetime(2026, 1, 20))]
    assert K.on_time(rows, *JAN, datetime(2026, 1, 10)) == K.Ratio(0, 0)
    assert K.on_time(rows, *JAN, datetime(2026, 1, 21)) == K.Ratio(0, 1)


def test_on_time_empty_period():
    assert K.on_time([], *JAN, NOW) == K.Ratio(0, 0)
    assert K.on_time([], *JAN, NOW).rate is None


@given(st.lists(deadline_rows, max_size=30))
def test_on_time_agrees_with_the_sla_rules(rows):
    ratio = K.on_time(rows, *JAN, NOW)
    met = breached = 0
    for row in rows:
        if row.cancelled or not K.in_period(row.deadline, *JAN):
            continue
        state = SLA.deadline_state(row.deadline, row.reached_at, NOW)
        met += state == SLA.STATE_MET
        breached += state == SLA.STATE_BREACHED
    assert ratio == K.Ratio(met, met + breached)
    if ratio.denominator:
        assert float(ratio.rate) == pytest.approx(
            SLA.on_time_rate(met, breached) * 100, abs=0.005
        )


@given(st.lists(deadline_rows, max_size=30))
def test_months_add_up(rows):
    """Each deadline is due in one month at most: the months sum to the
    quarter."""
    months = [K.period_bounds(date(2026, m, 1)) for m in (1, 2, 3)]
    quarter = K.period_bounds(date(2026, 1, 1), 3)
    total = K.total(K.on_time(rows, *bounds, NOW) for bounds in months)
    assert total == K.on_time(rows, *quarter, NOW)


# --------------------------------------------------------- first-time fix


def test_first_time_fix():
    rows = [
        K.RequestRow(
            datetime(2026, 1, 2), resolved_at=datetime(2026, 1, 3), visit_count=1
        ),
        K.RequestRow(
            datetime(2026, 1, 2), resolved_at=datetime(2026, 1, 9), visit_count=2
        ),
        # solved on the phone, no visit needed
        K.RequestRow(
            datetime(2026, 1, 2), resolved_at=datetime(2026, 1, 2), visit_count=0
        ),
        # closed unsolved
        K.RequestRow(
            datetime(2026, 1, 2), closed_at=datetime(2026, 1, 3), cancelled=True
        ),
        # still open
        K.RequestRow(datetime(2026, 1, 2), visit_count=1),
    ]
    assert K.first_time_fix(rows, *JAN) == K.Ratio(2, 3)


def test_ticket_spanning_months_counts_where_it_was_solved():
    row = K.RequestRow(
        datetime(2026, 1, 28), resolved_at=datetime(2026, 2, 3), visit_count=1
    )
    assert K.first_time_fix([row], *JAN) == K.Ratio(0, 0)
    assert K.first_time_fix([row], *FEB) == K.Ratio(1, 1)
    # ... it was January's request, and in January's backlog at the month end
    assert K.repeat_repairs([row], *JAN) == K.Ratio(0, 1)
    assert K.backlog([row], JAN[1])["3-7"] == 1
    assert sum(K.backlog([row], FEB[1]).values()) == 0


# ------------------------------------------------------------ satisfaction


def test_satisfaction_uses_the_threshold_and_skips_unrated():
    rows = [
        K.RatingRow(datetime(2026, 1, 3), 10),
        K.RatingRow(datetime(2026, 1, 3), 8),
        K.RatingRow(datetime(2026, 1, 3), 7),
        K.RatingRow(datetime(2026, 1, 3), None),
        K.RatingRow(datetime(2026, 2, 3), 9),
    ]
    assert K.satisfaction(rows, *JAN) == K.Ratio(2, 3)
    assert K.satisfaction(rows, *JAN, threshold=7) == K.Ratio(3, 3)


@given(st.lists(rating_rows, max_size=30), st.integers(min_value=1, max_value=10))
def test_satisfaction_matches_the_callback_rate(rows, threshold):
    S = load_rule("aftersales_service", "satisfaction")
    ratio = K.satisfaction(rows, *JAN, threshold=threshold)
    scores = [r.score for r in rows if K.in_period(r.rated_at, *JAN)]
    assert ratio.rate == S.satisfaction_rate(scores, threshold)


# -------------------------------------------------------------- complaints


def test_complaint_rate_counts_service_responsible_complaints_over_requests():
    jan = datetime(2026, 1, 10)
    rows = [K.RequestRow(jan) for _ in range(97)] + [
        K.RequestRow(jan, "complaint", service_responsible=True),
        K.RequestRow(jan, "complaint", service_responsible=True),
        K.RequestRow(jan, "complaint", service_responsible=False),
        K.RequestRow(jan, "complaint", service_responsible=True, cancelled=True),
        K.RequestRow(jan, cancelled=True),
    ]
    ratio = K.complaint_rate(rows, *JAN)
    assert ratio == K.Ratio(2, 97)
    assert K.meets_target("complaint", ratio.rate) is True


def test_complaint_without_requests_still_counts():
    rows = [K.RequestRow(datetime(2026, 1, 10), "complaint", service_responsible=True)]
    ratio = K.complaint_rate(rows, *JAN)
    assert ratio == K.Ratio(1, 0)
    assert ratio.rate is None
    facts = K.facts([], rows, [], *JAN, NOW)
    assert facts[(None, "complaint", "")] == K.Ratio(1, 0)


# ----------------------------------------------------------- repeat repair


def test_repeat_repairs_counts_repairs_only():
    jan = datetime(2026, 1, 10)
    rows = [
        K.RequestRow(jan, repeat=True),
        K.RequestRow(jan),
        K.RequestRow(jan, "installation", repeat=True),
        K.RequestRow(jan, repeat=True, cancelled=True),
    ]
    assert K.repeat_repairs(rows, *JAN) == K.Ratio(1, 2)


# ---------------------------------------------------------------- backlog


def test_backlog_by_age():
    at = datetime(2026, 2, 1)
    rows = [
        K.RequestRow(at - timedelta(days=1)),
        K.RequestRow(at - timedelta(days=5)),
        K.RequestRow(at - timedelta(days=10)),
        K.RequestRow(at - timedelta(days=40)),
        K.RequestRow(at - timedelta(days=40), resolved_at=at - timedelta(days=1)),
        K.RequestRow(at - timedelta(days=40), closed_at=at - timedelta(days=2)),
        K.RequestRow(at + timedelta(hours=1)),
    ]
    assert K.backlog(rows, at) == {"0-2": 1, "3-7": 1, "8-30": 1, "31+": 1}


def test_negative_age_refused():
    with pytest.raises(ValueError):
        K.age_bucket(-1)


# ------------------------------------------------------------------ facts


@given(
    st.lists(deadline_rows, max_size=25),
    st.lists(request_rows, max_size=25),
    st.lists(rating_rows, max_size=25),
)
def test_facts_per_key_sum_to_the_whole(deadlines, requests, ratings):
    """The dimension facts add up to the figure over all rows: no row is
    lost or counted twice by grouping."""
    facts = K.facts(deadlines, requests, ratings, *JAN, NOW)
    whole = {
        "on_time": K.on_time(deadlines, *JAN, NOW),
        "first_time_fix": K.first_time_fix(requests, *JAN),
        "complaint": K.complaint_rate(requests, *JAN),
        "repeat_repair": K.repeat_repairs(requests, *JAN),
        "satisfaction": K.satisfaction(ratings, *JAN),
    }
    for kpi, expected in whole.items():
        summed = K.total(r for (key, k, _b), r in facts.items() if k == kpi)
        assert summed == expected, kpi
    backlog = sum(r.numerator for (key, k, _b), r in facts.items() if k == "backlog")
    assert backlog == sum(K.backlog(requests, JAN[1]).values())


@given(st.lists(request_rows, max_size=25))
def test_cancelled_requests_never_count(requests):
    cancelled = [K.RequestRow(**{**r.__dict__, "cancelled": True}) for r in requests]
    facts = K.facts([], cancelled, [], *JAN, NOW)
    assert all(k == "backlog" for (_key, k, _b) in facts)


def test_empty_period_has_no_facts():
    assert K.facts([], [], [], *JAN, NOW) == {}
