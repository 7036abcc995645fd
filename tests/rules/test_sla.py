"""addons/aftersales_service/rules/sla.py: choosing a policy, reading a deadline.

DOMAIN.md (Response and resolution deadlines): answer within 24 h; on site in
6 working hours in the city, 7 in the suburbs, 24 h within 100 km, a plan
within 12 h beyond 100 km; a general fault fixed within 4 h of arrival, a
major fault on site within 48 h. Those figures live in the SLA policy records;
here they only appear as sample hours. Expected values come from the
docstrings: the most specific matching policy wins, then the lowest sequence,
then the first given; a deadline is met when reached on the deadline itself.
"""

from __future__ import annotations

import itertools
from datetime import datetime, timedelta, timezone

import pytest
from hypothesis import assume, example, given
from hypothesis import strategies as st

from .conftest import load_rule

S = load_rule("aftersales_service", "sla")


def needs_warning(
    deadline: datetime | None,
    reached_at: datetime | None,
    now: datetime,
    lead_hours: float,
) -> bool:
    """What a warning means (the oracle the cron's window is tested against):
    the deadline is running and at most ``lead_hours`` away."""
    if deadline is None or reached_at is not None:
        return False
    start, end = S.warning_window(now, lead_hours)
    return start <= deadline <= end


DT = datetime
SECOND = timedelta(seconds=1)

TEAMS = [None, "north", "south"]
ZONES = [None, "city", "suburb", "within_100km", "beyond_100km"]
FAULTS = [None, "general", "major"]
CONTRACTS = [None, "gold", "silver"]
FIELDS = ("team", "zone_type", "fault_level", "contract_level")

requests = st.builds(
    S.Request,
    team=st.sampled_from(TEAMS),
    zone_type=st.sampled_from(ZONES),
    fault_level=st.sampled_from(FAULTS),
    contract_level=st.sampled_from(CONTRACTS),
)
conditions = st.fixed_dictionaries(
    {
        "sequence": st.integers(min_value=0, max_value=5),
        "team": st.sampled_from(TEAMS),
        "zone_type": st.sampled_from(ZONES),
        "fault_level": st.sampled_from(FAULTS),
        "contract_level": st.sampled_from(CONTRACTS),
    }
)
# Keys are the positions, so a chosen key says which policy won.
policy_lists = st.lists(conditions, max_size=12).map(
    lambda rows: [S.PolicyCriteria(key=i, **row) for i, row in enumerate(rows)]
)

# Naive datetimes (no DST); far from datetime.min/max so any target fits.
moments = st.datetimes(min_value=DT(1990, 1, 1), max_value=DT(2080, 12, 31))
# Whole seconds: offsets built from them compare exactly.
offsets = st.integers(min_value=-10 * 86400, max_value=10 * 86400)
target_hours = st.one_of(
    st.integers(min_value=0, max_value=24 * 365),
    st.floats(min_value=0, max_value=24 * 365, allow_nan=False),
)


def policy(key, sequence=10, **conditions):
    return S.PolicyCriteria(key=key, sequence=sequence, **conditions)


def request(**values):
    return S.Request(**values)


def fits(pol, req):
    """Independent reading of "a condition set must equal the request's value"."""
    for name in FIELDS:
        wanted = getattr(pol, name)
        if wanted is not None and wanted != getattr(req, name):
            return False
    return True


def conditions_set(pol):
    return len([name for name in FIELDS if getattr(pol, name) is not None])


# ------------------------------------------------------------- choose_policy


def test_no_policies_chooses_nothing():
    assert S.choose_policy([], request(zone_type="city")) is None
    assert S.choose_policy([], request()) is None


def test_no_matching_policy_chooses_nothing():
    policies = [
        policy("suburb", zone_type="suburb"),
        policy("major", fault_level="major"),
        policy("north", team="north"),
    ]
    assert S.choose_policy(policies, request(zone_type="city")) is None


def test_unconditioned_policy_is_the_fallback():
    policies = [policy("suburb", zone_type="suburb"), policy("default")]
    assert S.choose_policy(policies, request(zone_type="city")) == "default"
    assert S.choose_policy(policies, request()) == "default"
    assert S.choose_policy(policies, request(zone_type="suburb")) == "suburb"


def test_city_and_major_beats_city():
    """The docstring's example: a policy for city + major beats one for city."""
    policies = [
        policy("default", sequence=1),
        policy("city", sequence=1, zone_type="city"),
        policy("city major", sequence=99, zone_type="city", fault_level="major"),
    ]
    req = request(zone_type="city", fault_level="major")
    assert S.choose_policy(policies, req) == "city major"
    # a general fault in the city does not fit the major policy
    req = request(zone_type="city", fault_level="general")
    assert S.choose_policy(policies, req) == "city"


def test_more_conditions_beat_a_lower_sequence():
    policies = [
        policy("one", sequence=0, team="north"),
        policy("two", sequence=50, team="north", contract_level="gold"),
        policy(
            "three", sequence=100, team="north", contract_level="gold", zone_type="city"
        ),
    ]
    req = request(team="north", zone_type="city", contract_level="gold")
    assert S.choose_policy(policies, req) == "three"
    assert S.choose_policy(policies[:2], req) == "two"
    assert S.choose_policy(policies[:1], req) == "one"


def test_all_four_conditions():
    full = policy(
        "full",
        sequence=100,
        team="north",
        zone_type="city",
        fault_level="major",
        contract_level="gold",
    )
    three = policy("three", team="north", zone_type="city", fault_level="major")
    req = request(
        team="north", zone_type="city", fault_level="major", contract_level="gold"
    )
    assert S.choose_policy([three, full], req) == "full"
    other = request(
        team="north", zone_type="city", fault_level="major", contract_level="silver"
    )
    assert S.choose_policy([three, full], other) == "three"


def test_equally_specific_lowest_sequence_wins():
    policies = [
        policy("zone", sequence=20, zone_type="city"),
        policy("fault", sequence=5, fault_level="major"),
        policy("team", sequence=10, team="north"),
    ]
    req = request(team="north", zone_type="city", fault_level="major")
    assert S.choose_policy(policies, req) == "fault"
    assert S.choose_policy(list(reversed(policies)), req) == "fault"


def test_negative_sequence_is_lower():
    policies = [policy("ten", sequence=10), policy("minus", sequence=-1)]
    assert S.choose_policy(policies, request()) == "minus"


def test_full_tie_first_given_wins():
    first = policy("first", sequence=10, zone_type="city")
    second = policy("second", sequence=10, fault_level="major")
    req = request(zone_type="city", fault_level="major")
    assert S.choose_policy([first, second], req) == "first"
    assert S.choose_policy([second, first], req) == "second"
    # identical conditions
    twin = policy("twin", sequence=10, zone_type="city")
    assert S.choose_policy([first, twin], req) == "first"
    assert S.choose_policy([twin, first], req) == "twin"


def test_tie_break_ignores_a_non_matching_earlier_policy():
    policies = [
        policy("suburb", sequence=0, zone_type="suburb"),
        policy("city a", sequence=5, zone_type="city"),
        policy("city b", sequence=5, zone_type="city"),
    ]
    assert S.choose_policy(policies, request(zone_type="city")) == "city a"


def test_condition_must_equal_the_request_value():
    policies = [policy("city", zone_type="city")]
    assert S.choose_policy(policies, request(zone_type="City")) is None
    assert S.choose_policy(policies, request(zone_type="suburb")) is None
    assert S.choose_policy(policies, request(zone_type="city")) == "city"


@pytest.mark.parametrize("field", FIELDS)
def test_request_without_a_value_matches_only_unconditioned(field):
    """A request without a zone matches only policies without a zone condition."""
    value = {"team": "north", "zone_type": "city", "fault_level": "major"}.get(
        field, "gold"
    )
    conditioned = policy("conditioned", sequence=0, **{field: value})
    free = policy("free", sequence=99)
    assert S.choose_policy([conditioned], request()) is None
    assert S.choose_policy([conditioned, free], request()) == "free"
    assert (
        S.choose_policy([conditioned, free], request(**{field: value})) == "conditioned"
    )


def test_falsy_condition_is_still_a_condition():
    """Only ``None`` means "any": team 0 or zone "" are real conditions."""
    zero_team = policy("zero team", sequence=0, team=0)
    empty_zone = policy("empty zone", sequence=0, zone_type="")
    free = policy("free", sequence=99)
    assert S.choose_policy([zero_team, empty_zone, free], request()) == "free"
    assert S.choose_policy([zero_team, free], request(team=0)) == "zero team"
    assert S.choose_policy([empty_zone, free], request(zone_type="")) == "empty zone"


def test_policies_may_be_any_iterable():
    policies = (p for p in [policy("city", zone_type="city"), policy("default")])
    assert S.choose_policy(policies, request(zone_type="city")) == "city"


def test_object_keys_are_returned_as_given():
    key = object()
    assert S.choose_policy([policy(key)], request()) is key


@given(policy_lists, requests)
@example([], S.Request())
def test_chosen_policy_matches_and_nothing_beats_it(policies, req):
    matching = [p for p in policies if fits(p, req)]
    chosen = S.choose_policy(policies, req)
    if not matching:
        assert chosen is None
        return
    assert chosen is not None
    winner = policies[chosen]
    assert fits(winner, req)
    for other in matching:
        # no matching policy is strictly more specific
        assert conditions_set(other) <= conditions_set(winner)
        if conditions_set(other) == conditions_set(winner):
            assert other.sequence >= winner.sequence
            if other.sequence == winner.sequence:
                assert other.key >= winner.key  # key = position: first given


@given(policy_lists, requests)
def test_choice_agrees_with_sorting(policies, req):
    """Same rule, written as a stable sort over the matching policies."""
    ordered = sorted(
        (p for p in policies if fits(p, req)),
        key=lambda p: (-conditions_set(p), p.sequence),
    )
    expected = ordered[0].key if ordered else None
    assert S.choose_policy(policies, req) == expected


@given(policy_lists, requests, st.randoms(use_true_random=False))
def test_order_does_not_matter_when_specificity_and_sequence_are_unique(
    policies, req, rnd
):
    ranks = [(conditions_set(p), p.sequence) for p in policies if fits(p, req)]
    assume(len(ranks) == len(set(ranks)))
    shuffled = list(policies)
    rnd.shuffle(shuffled)
    assert S.choose_policy(shuffled, req) == S.choose_policy(policies, req)


@given(policy_lists, requests)
def test_non_matching_policies_do_not_change_the_choice(policies, req):
    only_matching = [p for p in policies if fits(p, req)]
    assert S.choose_policy(only_matching, req) == S.choose_policy(policies, req)


@given(policy_lists, requests)
def test_an_unconditioned_policy_always_gives_a_choice(policies, req):
    fallback = policy("fallback", sequence=1000)
    chosen = S.choose_policy([*policies, fallback], req)
    assert chosen is not None
    if chosen == "fallback":
        assert not any(fits(p, req) for p in policies)


def test_matches_and_specificity():
    city_major = policy("x", zone_type="city", fault_level="major")
    assert S.specificity(city_major) == 2
    assert S.specificity(policy("x")) == 0
    assert S.matches(
        city_major, request(zone_type="city", fault_level="major", team="north")
    )
    assert not S.matches(city_major, request(zone_type="city"))
    assert S.matches(policy("x"), request())


# ------------------------------------------------------------ clock_deadline


@pytest.mark.parametrize(
    ("start", "hours", "deadline"),
    [
        # answer within 24 h, across a month end
        (DT(2026, 1, 31, 23, 0), 24, DT(2026, 2, 1, 23, 0)),
        (DT(2026, 4, 30, 20, 0), 6, DT(2026, 5, 1, 2, 0)),
        # across the year end
        (DT(2026, 12, 31, 18, 0), 12, DT(2027, 1, 1, 6, 0)),
        # leap day exists in 2024 and 2000, not in 2023 or 2100
        (DT(2024, 2, 28, 20, 0), 6, DT(2024, 2, 29, 2, 0)),
        (DT(2023, 2, 28, 20, 0), 6, DT(2023, 3, 1, 2, 0)),
        (DT(2000, 2, 28, 12, 0), 24, DT(2000, 2, 29, 12, 0)),
        (DT(2100, 2, 28, 12, 0), 24, DT(2100, 3, 1, 12, 0)),
        # a major fault on site within 48 h over the leap day
        (DT(2024, 2, 28, 9, 0), 48, DT(2024, 3, 1, 9, 0)),
        (DT(2023, 2, 28, 9, 0), 48, DT(2023, 3, 2, 9, 0)),
        # naive datetimes know no DST: 29 March 2026 / 25 October 2026 (EU)
        (DT(2026, 3, 29, 0, 0), 4, DT(2026, 3, 29, 4, 0)),
        (DT(2026, 10, 25, 0, 0), 4, DT(2026, 10, 25, 4, 0)),
        (DT(2026, 3, 8, 1, 30), 1, DT(2026, 3, 8, 2, 30)),  # US spring forward
        # zero and fractions
        (DT(2026, 11, 5, 10, 0), 0, DT(2026, 11, 5, 10, 0)),
        (DT(2026, 11, 5, 10, 0), 0.5, DT(2026, 11, 5, 10, 30)),
        (DT(2026, 11, 5, 10, 0), 1.25, DT(2026, 11, 5, 11, 15)),
        (DT(2026, 11, 5, 10, 0, 0, 1), 7, DT(2026, 11, 5, 17, 0, 0, 1)),
    ],
)
def test_clock_deadline_examples(start, hours, deadline):
    assert S.clock_deadline(start, hours) == deadline


@pytest.mark.parametrize("hours", [-1, -0.5, -1e-9, -24 * 365, float("-inf")])
def test_negative_hours_raise(hours):
    with pytest.raises(ValueError, match="negative"):
        S.clock_deadline(DT(2026, 11, 5, 10, 0), hours)


def test_clock_deadline_keeps_an_aware_timezone():
    start = DT(2026, 3, 29, 0, 0, tzinfo=timezone.utc)
    assert S.clock_deadline(start, 4) == DT(2026, 3, 29, 4, 0, tzinfo=timezone.utc)
    assert S.clock_deadline(start, 4).tzinfo is timezone.utc


@given(moments, target_hours)
def test_clock_deadline_adds_exactly_the_hours(start, hours):
    deadline = S.clock_deadline(start, hours)
    assert deadline >= start
    assert deadline - start == timedelta(hours=hours)
    assert S.hours_left(deadline, start) == pytest.approx(hours, abs=1e-6)


@given(moments, st.integers(0, 10**4), st.integers(0, 10**4))
def test_clock_deadline_is_monotonic_and_additive(start, first, second):
    one = S.clock_deadline(start, first)
    both = S.clock_deadline(start, first + second)
    assert S.clock_deadline(one, second) == both
    assert (one <= both) and (one == both) == (second == 0)


@given(moments, st.floats(max_value=-1e-12, allow_nan=False))
def test_any_negative_hours_raise(start, hours):
    with pytest.raises(ValueError):
        S.clock_deadline(start, hours)


# ------------------------------------------------------------ deadline_state

DEADLINE = DT(2026, 11, 5, 16, 0)


@pytest.mark.parametrize(
    ("deadline", "reached_at", "now", "state"),
    [
        # reached on the deadline itself is met, a second later breached
        (DEADLINE, DEADLINE, DEADLINE, S.STATE_MET),
        (DEADLINE, DEADLINE + SECOND, DEADLINE + SECOND, S.STATE_BREACHED),
        (DEADLINE, DEADLINE - SECOND, DEADLINE, S.STATE_MET),
        (DEADLINE, DEADLINE + timedelta(microseconds=1), DEADLINE, S.STATE_BREACHED),
        # once reached, ``now`` no longer matters
        (DEADLINE, DEADLINE - SECOND, DEADLINE + timedelta(days=30), S.STATE_MET),
        (DEADLINE, DEADLINE + SECOND, DEADLINE - timedelta(days=30), S.STATE_BREACHED),
        # not reached: running up to and on the deadline, breached a second after
        (DEADLINE, None, DEADLINE - timedelta(hours=6), S.STATE_RUNNING),
        (DEADLINE, None, DEADLINE, S.STATE_RUNNING),
        (DEADLINE, None, DEADLINE + SECOND, S.STATE_BREACHED),
        (DEADLINE, None, DEADLINE + timedelta(microseconds=1), S.STATE_BREACHED),
        # no deadline: the clock has not started (e.g. no arrival yet) ...
        (None, None, DEADLINE, S.STATE_WAITING),
        (None, None, DT(1990, 1, 1), S.STATE_WAITING),
        # ... but an event reached without a deadline is met
        (None, DEADLINE, DEADLINE, S.STATE_MET),
        (None, DEADLINE + timedelta(days=400), DEADLINE, S.STATE_MET),
    ],
)
def test_deadline_state_examples(deadline, reached_at, now, state):
    assert S.deadline_state(deadline, reached_at, now) == state


@given(moments, offsets, offsets)
def test_deadline_state_once_reached(deadline, reached_offset, now_offset):
    reached_at = deadline + timedelta(seconds=reached_offset)
    now = deadline + timedelta(seconds=now_offset)
    state = S.deadline_state(deadline, reached_at, now)
    assert state == (S.STATE_MET if reached_offset <= 0 else S.STATE_BREACHED)


@given(moments, offsets)
def test_deadline_state_not_reached(deadline, now_offset):
    now = deadline + timedelta(seconds=now_offset)
    state = S.deadline_state(deadline, None, now)
    assert state == (S.STATE_BREACHED if now_offset > 0 else S.STATE_RUNNING)
    assert S.deadline_state(None, None, now) == S.STATE_WAITING


@given(moments, target_hours, offsets)
def test_deadline_from_clock_hours_state(start, hours, now_offset):
    """A target of ``hours`` reached after ``elapsed`` is met iff elapsed <= hours."""
    deadline = S.clock_deadline(start, hours)
    reached_at = start + timedelta(seconds=abs(now_offset))
    met = timedelta(seconds=abs(now_offset)) <= timedelta(hours=hours)
    assert S.deadline_state(deadline, reached_at, reached_at) == (
        S.STATE_MET if met else S.STATE_BREACHED
    )


# ---------------------------------------------------------------- hours_left


@pytest.mark.parametrize(
    ("deadline", "now", "left"),
    [
        (DEADLINE, DEADLINE - timedelta(hours=6), 6),
        (DEADLINE, DEADLINE - timedelta(minutes=90), 1.5),
        (DEADLINE, DEADLINE, 0),
        (DEADLINE, DEADLINE + timedelta(hours=2), -2),
        (DEADLINE, DEADLINE + timedelta(minutes=30), -0.5),
        (DEADLINE, DEADLINE - timedelta(days=2), 48),
        (DT(2024, 3, 1), DT(2024, 2, 28), 48),  # leap day counts
        (DT(2023, 3, 1), DT(2023, 2, 28), 24),
    ],
)
def test_hours_left_examples(deadline, now, left):
    assert S.hours_left(deadline, now) == pytest.approx(left)


def test_hours_left_without_a_deadline():
    assert S.hours_left(None, DEADLINE) is None


@given(moments, offsets)
def test_hours_left_sign(deadline, now_offset):
    now = deadline - timedelta(seconds=now_offset)
    left = S.hours_left(deadline, now)
    assert left == pytest.approx(now_offset / 3600)
    # negative exactly when overdue, which is when the state says breached
    assert (left < 0) == (now_offset < 0)
    assert (left == 0) == (now_offset == 0)
    assert (left < 0) == (S.deadline_state(deadline, None, now) == S.STATE_BREACHED)


@given(moments, moments)
def test_hours_left_is_antisymmetric(first, second):
    assert S.hours_left(first, second) == -S.hours_left(second, first)


# ------------------------------------------------------------- needs_warning


@pytest.mark.parametrize(
    ("now", "lead_hours", "warned"),
    [
        (DEADLINE - timedelta(hours=2), 2, True),  # exactly at the lead time
        (DEADLINE - timedelta(hours=2) - SECOND, 2, False),
        (DEADLINE - timedelta(hours=2) + SECOND, 2, True),
        (DEADLINE - timedelta(hours=1), 2, True),
        (DEADLINE - SECOND, 2, True),
        (DEADLINE, 2, True),  # on the deadline it is still running
        (DEADLINE + SECOND, 2, False),  # after the deadline: breached, no warning
        (DEADLINE + timedelta(hours=1), 2, False),
        (DEADLINE - timedelta(minutes=30), 0.5, True),
        (DEADLINE - timedelta(minutes=30) - SECOND, 0.5, False),
        (DEADLINE - timedelta(hours=6), 6, True),  # city: 6 working hours
        (DEADLINE - timedelta(hours=7), 6, False),
        (DEADLINE, 0, True),
        (DEADLINE - SECOND, 0, False),
        (DEADLINE - timedelta(days=3), 48, False),
        (DEADLINE - timedelta(days=2), 48, True),
    ],
)
def test_needs_warning_examples(now, lead_hours, warned):
    assert needs_warning(DEADLINE, None, now, lead_hours) is warned


@pytest.mark.parametrize(
    "reached_at", [DEADLINE - timedelta(hours=1), DEADLINE, DEADLINE + SECOND]
)
def test_reached_deadline_needs_no_warning(reached_at):
    for now in (DEADLINE - timedelta(hours=1), DEADLINE, DEADLINE + SECOND):
        assert needs_warning(DEADLINE, reached_at, now, 2) is False


def test_no_deadline_needs_no_warning():
    assert needs_warning(None, None, DEADLINE, 2) is False
    assert needs_warning(None, None, DEADLINE, 10**6) is False
    assert needs_warning(None, DEADLINE, DEADLINE, 2) is False


@given(moments, offsets, st.integers(min_value=0, max_value=24 * 60 * 3))
def test_needs_warning_is_running_within_lead(deadline, seconds_left, lead_minutes):
    now = deadline - timedelta(seconds=seconds_left)
    lead_hours = lead_minutes / 60
    warned = needs_warning(deadline, None, now, lead_hours)
    assert warned == (0 <= seconds_left <= lead_minutes * 60)
    if warned:
        assert S.deadline_state(deadline, None, now) == S.STATE_RUNNING
        assert S.hours_left(deadline, now) <= lead_hours + 1e-9


@given(moments, offsets, offsets, st.integers(min_value=0, max_value=24 * 60 * 3))
def test_needs_warning_never_once_reached(deadline, reached, now, lead_minutes):
    reached_at = deadline + timedelta(seconds=reached)
    now = deadline + timedelta(seconds=now)
    assert needs_warning(deadline, reached_at, now, lead_minutes / 60) is False


@given(moments, offsets, st.integers(0, 10**4), st.integers(0, 10**4))
def test_longer_lead_warns_at_least_as_often(deadline, seconds_left, short, extra):
    now = deadline - timedelta(seconds=seconds_left)
    if needs_warning(deadline, None, now, short / 60):
        assert needs_warning(deadline, None, now, (short + extra) / 60)


# -------------------------------------------------------------- on_time_rate


@pytest.mark.parametrize(
    ("met", "breached", "rate"),
    [
        (9, 1, 0.9),  # exactly the KPI target
        (1, 0, 1.0),
        (0, 1, 0.0),
        (0, 7, 0.0),
        (3, 1, 0.75),
        (1, 2, 1 / 3),
        (90, 10, 0.9),
        (899, 101, 0.899),
    ],
)
def test_on_time_rate_examples(met, breached, rate):
    assert S.on_time_rate(met, breached) == pytest.approx(rate)


def test_kpi_boundary():
    """KPI target >= 90 %: 9 met of 10 reaches it, 8 of 9... does not (88.9 %)."""
    assert S.on_time_rate(9, 1) >= 0.9
    assert S.on_time_rate(8, 1) < 0.9
    assert S.on_time_rate(89, 11) < 0.9


def test_nothing_decided_has_no_rate():
    assert S.on_time_rate(0, 0) is None


@pytest.mark.parametrize(
    ("met", "breached"), [(-1, 0), (0, -1), (-1, 1), (1, -1), (-5, -5), (10, -1)]
)
def test_negative_counts_raise(met, breached):
    with pytest.raises(ValueError, match="negative"):
        S.on_time_rate(met, breached)


@given(st.integers(0, 10**9), st.integers(0, 10**9))
def test_on_time_rate_is_a_share(met, breached):
    rate = S.on_time_rate(met, breached)
    if met + breached == 0:
        assert rate is None
        return
    assert 0 <= rate <= 1
    assert rate == pytest.approx(met / (met + breached))
    assert (rate == 1) == (breached == 0)
    assert (rate == 0) == (met == 0)


@given(st.integers(0, 10**6), st.integers(0, 10**6))
def test_on_time_rate_monotonic(met, breached):
    assume(met + breached > 0)
    rate = S.on_time_rate(met, breached)
    assert S.on_time_rate(met + 1, breached) >= rate
    assert S.on_time_rate(met, breached + 1) <= rate


@given(st.integers(-(10**6), -1), st.integers(-(10**6), 10**6))
def test_any_negative_count_raises(negative, other):
    with pytest.raises(ValueError):
        S.on_time_rate(negative, other)
    with pytest.raises(ValueError):
        S.on_time_rate(other, negative)


def test_constants():
    assert S.KINDS == ("response", "arrival", "solution", "resolution")
    assert len(set(S.KINDS)) == 4
    states = {S.STATE_WAITING, S.STATE_RUNNING, S.STATE_MET, S.STATE_BREACHED}
    assert len(states) == 4


def test_all_states_reachable():
    seen = set()
    for deadline, reached, now in itertools.product(
        [None, DEADLINE],
        [None, DEADLINE - SECOND, DEADLINE + SECOND],
        [DEADLINE, DEADLINE + SECOND],
    ):
        seen.add(S.deadline_state(deadline, reached, now))
    assert seen == {S.STATE_WAITING, S.STATE_RUNNING, S.STATE_MET, S.STATE_BREACHED}


@given(deadline=moments, now=moments, lead_minutes=st.integers(0, 60 * 24 * 30))
def test_warning_window_is_what_needs_warning_warns_about(deadline, now, lead_minutes):
    start, end = S.warning_window(now, lead_minutes / 60)
    assert needs_warning(deadline, None, now, lead_minutes / 60) is (
        start <= deadline <= end
    )


# ------------------------------------------------- request type and origin
def test_a_policy_for_the_request_type_beats_any_policy_without():
    # A complaint gets the complaint deadlines, even when a repair policy
    # matches more of its conditions (zone and fault level).
    policies = [
        policy("city general", zone_type="city", fault_level="general"),
        policy("complaint", sequence=50, request_type="complaint"),
    ]
    req = request(zone_type="city", fault_level="general", request_type="complaint")
    assert S.choose_policy(policies, req) == "complaint"
    repair = request(zone_type="city", fault_level="general", request_type="repair")
    assert S.choose_policy(policies, repair) == "city general"


def test_complaint_domestic_and_overseas_policies():
    policies = [
        policy("home", request_type="complaint", customer_origin="domestic"),
        policy("abroad", request_type="complaint", customer_origin="overseas"),
        policy("any complaint", request_type="complaint"),
    ]
    home = request(request_type="complaint", customer_origin=S.ORIGIN_DOMESTIC)
    abroad = request(request_type="complaint", customer_origin=S.ORIGIN_OVERSEAS)
    assert S.choose_policy(policies, home) == "home"
    assert S.choose_policy(policies, abroad) == "abroad"
    assert S.choose_policy(policies, request(request_type="complaint")) == (
        "any complaint"
    )


@pytest.mark.parametrize(
    ("customer", "company", "origin"),
    [
        ("CN", "CN", "domestic"),
        ("DE", "CN", "overseas"),
        (None, "CN", "domestic"),
        ("DE", None, "domestic"),
        (None, None, "domestic"),
    ],
)
def test_customer_origin(customer, company, origin):
    assert S.customer_origin(customer, company) == origin


@given(st.sampled_from([None, 1, 2, 3]), st.sampled_from([None, 1, 2, 3]))
def test_customer_origin_is_overseas_only_for_two_different_known_countries(
    customer, company
):
    overseas = S.customer_origin(customer, company) == S.ORIGIN_OVERSEAS
    assert overseas == bool(customer and company and customer != company)
