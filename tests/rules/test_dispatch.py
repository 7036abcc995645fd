"""addons/aftersales_service/rules/dispatch.py: ranking technicians for a visit.

DOMAIN.md (People): the dispatcher assigns technicians by skill, certificate,
zone and load; a missing certificate or another safety condition is a blocking
reason, and a blocked technician is listed last and cannot be sent. Expected
values come from the docstrings: not blocked, available, skilled, in zone,
least loaded, name; score skill 40, availability 30, zone 20, minus 5 per
planned visit, clamped to 0..100, and 0 when blocked.
"""

from __future__ import annotations

import dataclasses
import itertools
import random

import pytest
from hypothesis import assume, example, given
from hypothesis import strategies as st

from .conftest import load_rule

R = load_rule("aftersales_service", "dispatch")
C = R.Candidate

BLOCKERS = ("no electrical certificate", "no working-at-height training", "sick")

names = st.sampled_from(["", "Ana", "Bo", "Bo ", "bo", "Cid", "Zoë"])
blockers = st.lists(st.sampled_from(BLOCKERS), max_size=2, unique=True).map(tuple)
loads = st.integers(min_value=0, max_value=30)
candidates = st.builds(
    C,
    key=st.integers(),
    name=names,
    skilled=st.booleans(),
    in_zone=st.booleans(),
    available=st.booleans(),
    load=loads,
    blockers=blockers,
)
# Keys are the positions, so stability can be checked from the output alone.
crews = st.lists(candidates, max_size=15).map(
    lambda rows: [dataclasses.replace(c, key=i) for i, c in enumerate(rows)]
)


def tech(key, **values):
    return C(key=key, **values)


def keys(ranked):
    return [c.key for c in ranked]


def expected_position(candidate):
    """Independent reading of "not blocked, available, skilled, in zone, least
    loaded, name": smaller is better."""
    return (
        1 if candidate.blockers else 0,
        0 if candidate.available else 1,
        0 if candidate.skilled else 1,
        0 if candidate.in_zone else 1,
        candidate.load,
        candidate.name,
    )


def expected_score(candidate):
    if candidate.blockers:
        return 0
    points = 10
    if candidate.skilled:
        points += 40
    if candidate.available:
        points += 30
    if candidate.in_zone:
        points += 20
    points -= 5 * candidate.load
    return min(100, max(0, points))


# ---------------------------------------------------------------------- rank


def test_rank_empty():
    assert R.rank([]) == []


def test_blocked_is_last_whatever_else():
    perfect_but_blocked = tech(
        "blocked",
        name="Ana",
        skilled=True,
        in_zone=True,
        available=True,
        load=0,
        blockers=("no electrical certificate",),
    )
    hopeless = tech("hopeless", name="Zed", load=1000)
    assert keys(R.rank([perfect_but_blocked, hopeless])) == ["hopeless", "blocked"]
    assert keys(R.rank([hopeless, perfect_but_blocked])) == ["hopeless", "blocked"]


def test_blocked_ones_are_ranked_among_themselves():
    a = tech("a", available=True, blockers=("sick",))
    b = tech("b", skilled=True, blockers=("sick", "no electrical certificate"))
    free = tech("free")
    assert keys(R.rank([b, free, a])) == ["free", "a", "b"]


@pytest.mark.parametrize(
    ("better", "worse"),
    [
        # available beats skilled + in zone + idle
        (
            {"available": True, "load": 9},
            {"skilled": True, "in_zone": True, "load": 0},
        ),
        # then skilled beats in zone + idle
        (
            {"available": True, "skilled": True, "load": 9},
            {"available": True, "in_zone": True, "load": 0},
        ),
        # then in zone beats idle
        (
            {"available": True, "skilled": True, "in_zone": True, "load": 9},
            {"available": True, "skilled": True, "load": 0},
        ),
        # then least loaded beats name
        ({"load": 1, "name": "Zed"}, {"load": 2, "name": "Ana"}),
        # then the name
        ({"load": 3, "name": "Ana"}, {"load": 3, "name": "Bo"}),
        ({"name": ""}, {"name": "Ana"}),
        # a blocked technician loses to anyone
        (
            {"load": 50, "name": "Zed"},
            {
                "available": True,
                "skilled": True,
                "in_zone": True,
                "name": "Ana",
                "blockers": ("sick",),
            },
        ),
    ],
)
def test_rank_order_examples(better, worse):
    good, bad = tech("better", **better), tech("worse", **worse)
    assert keys(R.rank([bad, good])) == ["better", "worse"]
    assert keys(R.rank([good, bad])) == ["better", "worse"]
    assert R.rank_key(good) < R.rank_key(bad)


def test_full_ladder():
    ladder = [
        tech(1, available=True, skilled=True, in_zone=True, load=0, name="Ana"),
        tech(2, available=True, skilled=True, in_zone=True, load=0, name="Bo"),
        tech(3, available=True, skilled=True, in_zone=True, load=1, name="Ana"),
        tech(4, available=True, skilled=True, in_zone=False, load=0),
        tech(5, available=True, skilled=False, in_zone=True, load=0),
        tech(6, available=True, skilled=False, in_zone=False, load=0),
        tech(7, available=False, skilled=True, in_zone=True, load=0),
        tech(8, available=False, skilled=False, in_zone=False, load=0),
        tech(9, available=False, skilled=False, in_zone=False, load=7),
        tech(10, available=True, skilled=True, in_zone=True, blockers=("sick",)),
        tech(11, available=False, blockers=("sick",)),
    ]
    rnd = random.Random(2611)
    for _ in range(200):
        shuffled = rnd.sample(ladder, len(ladder))
        assert keys(R.rank(shuffled)) == list(range(1, 12))
    assert keys(R.rank(reversed(ladder))) == list(range(1, 12))


def test_equal_candidates_keep_their_given_order():
    twins = [tech(k, name="Bo", skilled=True, load=2) for k in "abcd"]
    assert keys(R.rank(twins)) == list("abcd")
    assert keys(R.rank(twins[::-1])) == list("dcba")


def test_rank_returns_a_new_list_and_leaves_the_input():
    crew = [tech("b", load=2), tech("a", load=1)]
    before = list(crew)
    ranked = R.rank(crew)
    assert crew == before
    assert ranked is not crew
    assert keys(ranked) == ["a", "b"]


def test_rank_accepts_any_iterable():
    crew = (tech(k, load=n) for k, n in [("x", 3), ("y", 1)])
    assert keys(R.rank(crew)) == ["y", "x"]


@pytest.mark.parametrize("load", [-1, -100])
def test_negative_load_raises(load):
    bad = tech("bad", load=load)
    with pytest.raises(ValueError, match="negative"):
        R.rank_key(bad)
    with pytest.raises(ValueError, match="negative"):
        R.rank([bad])
    with pytest.raises(ValueError, match="negative"):
        R.rank([tech("ok"), bad, tech("ok too", load=3)])
    with pytest.raises(ValueError, match="negative"):
        R.rank([dataclasses.replace(bad, blockers=("sick",))])


@given(crews)
def test_rank_is_a_permutation(crew):
    ranked = R.rank(crew)
    assert len(ranked) == len(crew)
    assert sorted(keys(ranked)) == sorted(keys(crew))
    for candidate in ranked:
        assert candidate is crew[candidate.key]


@given(crews)
@example([C(key=0, blockers=("sick",)), C(key=1, load=30)])
def test_rank_follows_the_documented_order(crew):
    ranked = R.rank(crew)
    for first, second in itertools.pairwise(ranked):
        a, b = expected_position(first), expected_position(second)
        assert a <= b
        if a == b:  # stable: equal candidates keep the given order
            assert first.key < second.key


@given(crews)
def test_blocked_always_after_unblocked(crew):
    ranked = R.rank(crew)
    blocked = [bool(c.blockers) for c in ranked]
    assert blocked == sorted(blocked)
    unblocked = [c for c in ranked if not c.blockers]
    assert [c.available for c in unblocked] == sorted(
        (c.available for c in unblocked), reverse=True
    )


@given(crews, st.randoms(use_true_random=False))
def test_rank_is_total(crew, rnd):
    """Any given order of the same crew ranks to the same sequence of keys;
    candidates that differ in something ranked never depend on the given order."""
    shuffled = list(crew)
    rnd.shuffle(shuffled)
    ranked, reranked = R.rank(crew), R.rank(shuffled)
    assert [expected_position(c) for c in ranked] == [
        expected_position(c) for c in reranked
    ]
    positions = [expected_position(c) for c in crew]
    if len(set(positions)) == len(positions):
        assert keys(ranked) == keys(reranked)


@given(crews)
def test_rank_is_idempotent(crew):
    ranked = R.rank(crew)
    assert keys(R.rank(ranked)) == keys(ranked)


@given(crews, candidates)
def test_removing_a_candidate_keeps_the_others_order(crew, extra):
    extra = dataclasses.replace(extra, key=len(crew))
    with_extra = keys(R.rank([*crew, extra]))
    with_extra.remove(extra.key)
    assert with_extra == keys(R.rank(crew))


# --------------------------------------------------------------------- score


@pytest.mark.parametrize(
    ("values", "points"),
    [
        ({"skilled": True, "available": True, "in_zone": True}, 100),
        ({"skilled": True, "available": True, "in_zone": True, "load": 1}, 95),
        ({"skilled": True, "available": True, "in_zone": True, "load": 2}, 90),
        ({"skilled": True, "available": True, "in_zone": True, "load": 20}, 0),
        ({"skilled": True, "available": True, "in_zone": True, "load": 19}, 5),
        ({"skilled": True}, 50),
        ({"available": True}, 40),
        ({"in_zone": True}, 30),
        ({"skilled": True, "available": True}, 80),
        ({"skilled": True, "in_zone": True}, 70),
        ({"available": True, "in_zone": True}, 60),
        ({}, 10),
        ({"load": 1}, 5),
        ({"load": 2}, 0),  # down to 0, never negative
        ({"load": 3}, 0),
        ({"skilled": True, "load": 10}, 0),
        ({"skilled": True, "load": 9}, 5),
        (
            {
                "skilled": True,
                "available": True,
                "in_zone": True,
                "blockers": ("sick",),
            },
            0,
        ),
        ({"blockers": ("no electrical certificate",)}, 0),
    ],
)
def test_score_examples(values, points):
    assert R.score(tech("t", **values)) == points


@given(candidates)
def test_score_bounds(candidate):
    points = R.score(candidate)
    assert isinstance(points, int)
    assert not isinstance(points, bool)
    assert 0 <= points <= 100
    assert points == expected_score(candidate)
    if candidate.blockers:
        assert points == 0


@pytest.mark.parametrize("flag", ["skilled", "available", "in_zone"])
@given(candidate=candidates)
def test_adding_a_qualification_never_lowers_the_score(flag, candidate):
    without = dataclasses.replace(candidate, **{flag: False})
    with_it = dataclasses.replace(candidate, **{flag: True})
    assert R.score(with_it) >= R.score(without)
    if not candidate.blockers and candidate.load == 0:
        assert R.score(with_it) > R.score(without)


@pytest.mark.parametrize("flag", ["skilled", "available", "in_zone"])
@given(candidate=candidates)
def test_adding_a_qualification_never_lowers_the_rank(flag, candidate):
    without = dataclasses.replace(candidate, key="without", **{flag: False})
    with_it = dataclasses.replace(candidate, key="with", **{flag: True})
    assert keys(R.rank([without, with_it]))[0] == "with"


@given(candidates, st.integers(min_value=1, max_value=30))
def test_more_load_never_raises_the_score(candidate, extra):
    busier = dataclasses.replace(candidate, load=candidate.load + extra)
    assert R.score(busier) <= R.score(candidate)
    assert R.rank_key(busier) >= R.rank_key(candidate)


@given(candidates, st.sampled_from(BLOCKERS))
def test_a_blocker_drops_score_to_zero_and_rank_to_the_end(candidate, reason):
    blocked = dataclasses.replace(
        candidate, key="blocked", blockers=(*candidate.blockers, reason)
    )
    clear = dataclasses.replace(candidate, key="clear", blockers=())
    assert R.score(blocked) == 0
    assert R.score(clear) >= R.score(blocked)
    assert keys(R.rank([blocked, clear])) == ["clear", "blocked"]


@given(candidates, candidates)
def test_unblocked_score_ties_follow_the_flags(first, second):
    """Same flags and blockers status: the score agrees with the load order."""
    assume(not first.blockers and not second.blockers)
    second = dataclasses.replace(
        second,
        skilled=first.skilled,
        available=first.available,
        in_zone=first.in_zone,
    )
    if first.load < second.load:
        assert R.score(first) >= R.score(second)
