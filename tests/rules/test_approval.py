"""addons/aftersales_service/rules/approval.py: who approves a goodwill amount.

DOMAIN.md (Paid work and billing): by the amount as a multiple of the disputed
item: up to 1x the sales representative, 2x the supervisor, 5x the sales
manager, 5-10x the director, over 10x the general manager. Expected values
come from the docstrings: the lowest-ranked level whose multiple covers the
amount, an amount exactly at a multiple is that level's, levels come in any
order, and the unlimited level takes everything above.
"""

from __future__ import annotations

import itertools
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import assume, example, given
from hypothesis import strategies as st

from .conftest import load_rule

A = load_rule("aftersales_service", "approval")
Dec = Decimal

REP, SUPERVISOR, SALES_MANAGER, DIRECTOR, GENERAL_MANAGER = (
    "rep",
    "supervisor",
    "sales manager",
    "director",
    "general manager",
)
# The DOMAIN ladder; multiples as the records store them.
LADDER = [
    A.Level(key=REP, rank=10, max_multiple=Dec("1")),
    A.Level(key=SUPERVISOR, rank=20, max_multiple=Dec("2")),
    A.Level(key=SALES_MANAGER, rank=30, max_multiple=Dec("5")),
    A.Level(key=DIRECTOR, rank=40, max_multiple=Dec("10")),
    A.Level(key=GENERAL_MANAGER, rank=50, max_multiple=None),
]
RANK = {level.key: level.rank for level in LADDER}
LIMITED = LADDER[:-1]


def covers(level, amount, disputed):
    """Independent reading of "the multiple covers the amount" (exact)."""
    if level.max_multiple is None:
        return True
    return Fraction(str(amount)) <= Fraction(str(disputed)) * Fraction(
        str(level.max_multiple)
    )


# ----------------------------------------------------------- required_level


@pytest.mark.parametrize(
    ("amount", "level"),
    [
        (Dec("0.01"), REP),
        (50, REP),
        (100, REP),  # exactly 1x
        (Dec("100.00"), REP),
        (100.0, REP),
        (Dec("100.01"), SUPERVISOR),  # 1x + 0.01
        (100.01, SUPERVISOR),
        (Dec("100.0000001"), SUPERVISOR),
        (150, SUPERVISOR),
        (200, SUPERVISOR),  # exactly 2x
        (Dec("200.01"), SALES_MANAGER),
        (350, SALES_MANAGER),
        (500, SALES_MANAGER),  # exactly 5x
        (Dec("500.01"), DIRECTOR),
        (750, DIRECTOR),
        (1000, DIRECTOR),  # exactly 10x
        (Dec("1000.00"), DIRECTOR),
        (Dec("1000.01"), GENERAL_MANAGER),  # 10.0001x
        (1001, GENERAL_MANAGER),  # 10.01x
        (10**9, GENERAL_MANAGER),
    ],
)
def test_domain_ladder_for_a_100_item(amount, level):
    assert A.required_level(amount, 100, LADDER) == level
    assert A.required_level(amount, Dec("100.00"), LADDER) == level
    assert A.required_level(amount, 100.0, LADDER) == level


@pytest.mark.parametrize(
    ("amount", "disputed", "level"),
    [
        # 1x / 2x / 10x of a 19.99 item, and a cent above each
        (Dec("19.99"), Dec("19.99"), REP),
        (Dec("20.00"), Dec("19.99"), SUPERVISOR),
        (Dec("39.98"), Dec("19.99"), SUPERVISOR),
        (Dec("39.99"), Dec("19.99"), SALES_MANAGER),
        (Dec("199.90"), Dec("19.99"), DIRECTOR),
        (Dec("199.91"), Dec("19.99"), GENERAL_MANAGER),
        (Dec("200.20"), Dec("20"), GENERAL_MANAGER),  # 10.01x
        (Dec("200.01"), Dec("20"), GENERAL_MANAGER),  # 10.0005x
        (Dec("200.00"), Dec("20"), DIRECTOR),
        # floats read as typed: 0.7 * 5 == 3.5 exactly, 0.7 * 3 is 2.1
        (3.5, 0.7, SALES_MANAGER),
        (3.5000001, 0.7, DIRECTOR),
        (1.4, 0.7, SUPERVISOR),  # 2x
        (7.0, 0.7, DIRECTOR),  # 10x; float 0.7 * 10 == 7.000000000000001
        (7.01, 0.7, GENERAL_MANAGER),
        (0.3, 0.1, SALES_MANAGER),
        (0.1 + 0.2, 0.1, SALES_MANAGER),
        (0.2, 0.1, SUPERVISOR),
        (0.1, 0.1, REP),
        # small disputed values
        (Dec("0.02"), Dec("0.01"), SUPERVISOR),
        (Dec("0.11"), Dec("0.01"), GENERAL_MANAGER),
    ],
)
def test_ladder_boundaries(amount, disputed, level):
    assert A.required_level(amount, disputed, LADDER) == level


def test_multiples_read_as_typed():
    """A float multiple of 2.1 is 2.1: 0.7 x 2.1 covers 1.47 (float: 1.4699...)."""
    levels = [
        A.Level(key="low", rank=1, max_multiple=2.1),
        A.Level(key="top", rank=2, max_multiple=None),
    ]
    assert A.required_level(1.47, 0.7, levels) == "low"
    assert A.required_level(Dec("1.47"), Dec("0.7"), levels) == "low"
    assert A.required_level(Dec("1.4700001"), Dec("0.7"), levels) == "top"
    # 3 x 0.7 is 2.1 exactly (float: 2.0999999999999996)
    levels = [
        A.Level(key="three", rank=1, max_multiple=3),
        A.Level(key="top", rank=2, max_multiple=None),
    ]
    assert A.required_level(2.1, 0.7, levels) == "three"


@pytest.mark.parametrize("order", list(itertools.permutations(range(len(LADDER))))[::7])
def test_levels_in_any_order(order):
    shuffled = [LADDER[i] for i in order]
    for amount, level in [
        (100, REP),
        (Dec("100.01"), SUPERVISOR),
        (200, SUPERVISOR),
        (500, SALES_MANAGER),
        (1000, DIRECTOR),
        (Dec("1000.01"), GENERAL_MANAGER),
    ]:
        assert A.required_level(amount, 100, shuffled) == level
        assert A.required_level(amount, 100, tuple(shuffled)) == level
        assert A.required_level(amount, 100, iter(shuffled)) == level


def test_reversed_levels():
    assert A.required_level(50, 100, list(reversed(LADDER))) == REP
    assert A.required_level(5000, 100, list(reversed(LADDER))) == GENERAL_MANAGER


def test_ranks_need_not_be_contiguous():
    levels = [
        A.Level(key="b", rank=-3, max_multiple=4),
        A.Level(key="a", rank=-10, max_multiple=Dec("0.5")),
        A.Level(key="top", rank=1000, max_multiple=None),
    ]
    assert A.required_level(50, 100, levels) == "a"
    assert A.required_level(51, 100, levels) == "b"
    assert A.required_level(401, 100, levels) == "top"


def test_only_an_unlimited_level():
    top = [A.Level(key="boss", rank=1, max_multiple=None)]
    assert A.required_level(Dec("0.01"), 10**6, top) == "boss"
    assert A.required_level(10**12, Dec("0.01"), top) == "boss"


@pytest.mark.parametrize("amount", [0, 0.0, -0.01, -100, Dec("0"), Dec("-1e-9")])
def test_non_positive_amount_raises(amount):
    with pytest.raises(ValueError, match="positive"):
        A.required_level(amount, 100, LADDER)


@pytest.mark.parametrize("disputed", [0, 0.0, -0.01, -100, Dec("0"), Dec("-1e-9")])
def test_non_positive_disputed_value_raises(disputed):
    with pytest.raises(ValueError, match="positive"):
        A.required_level(100, disputed, LADDER)


def test_non_positive_inputs_raise_even_without_levels():
    with pytest.raises(ValueError, match="positive"):
        A.required_level(0, 100, [])
    with pytest.raises(ValueError, match="positive"):
        A.required_level(100, 0, [])


@pytest.mark.parametrize(
    ("amount", "multiple"),
    [
        (Dec("1000.01"), "10.00x"),
        (1001, "10.01x"),
        (2000, "20.00x"),
        (10**6, "10000.00x"),
    ],
)
def test_above_every_limited_level_without_an_unlimited_one_raises(amount, multiple):
    with pytest.raises(ValueError, match="No approval level covers") as error:
        A.required_level(amount, 100, LIMITED)
    message = str(error.value)
    assert multiple in message
    assert "without limit" in message
    # the limited levels still decide below the top limit
    assert A.required_level(1000, 100, LIMITED) == DIRECTOR
    assert A.required_level(100, 100, LIMITED) == REP


def test_no_levels_raises():
    with pytest.raises(ValueError, match="No approval level covers"):
        A.required_level(1, 100, [])


@given(
    st.decimals(max_value=0, allow_nan=False, allow_infinity=False),
    st.decimals(min_value=Dec("0.01"), max_value=10**6, places=2),
)
def test_any_non_positive_input_raises(non_positive, positive):
    with pytest.raises(ValueError):
        A.required_level(non_positive, positive, LADDER)
    with pytest.raises(ValueError):
        A.required_level(positive, non_positive, LADDER)


money = st.decimals(min_value=Dec("0.01"), max_value=10**7, places=2)
multiples = st.one_of(
    st.none(), st.decimals(min_value=Dec("0.01"), max_value=100, places=2)
)
# Unique ranks (the ladder is a ranking); keys are the ranks.
level_lists = st.lists(
    st.tuples(st.integers(-50, 50), multiples),
    max_size=8,
    unique_by=lambda row: row[0],
).map(lambda rows: [A.Level(key=rank, rank=rank, max_multiple=m) for rank, m in rows])


@given(money, money, level_lists)
@example(Dec("100"), Dec("100"), LADDER)
@example(Dec("100.01"), Dec("100"), LADDER)
@example(Dec("1000.01"), Dec("100"), LIMITED)
def test_chosen_level_covers_and_no_lower_level_does(amount, disputed, levels):
    covering = [level for level in levels if covers(level, amount, disputed)]
    if not covering:
        with pytest.raises(ValueError, match="No approval level covers"):
            A.required_level(amount, disputed, levels)
        return
    key = A.required_level(amount, disputed, levels)
    chosen = next(level for level in levels if level.key == key)
    assert covers(chosen, amount, disputed)
    for level in levels:
        if level.rank < chosen.rank:
            assert not covers(level, amount, disputed)
    assert chosen.rank == min(level.rank for level in covering)


@given(money, money, level_lists, st.randoms(use_true_random=False))
def test_order_of_levels_does_not_matter(amount, disputed, levels, rnd):
    assume(any(covers(level, amount, disputed) for level in levels))
    shuffled = list(levels)
    rnd.shuffle(shuffled)
    assert A.required_level(amount, disputed, shuffled) == A.required_level(
        amount, disputed, levels
    )


@given(money, money, money)
def test_a_larger_amount_never_needs_a_lower_level(first, second, disputed):
    low, high = sorted((first, second))
    low_level = A.required_level(low, disputed, LADDER)
    high_level = A.required_level(high, disputed, LADDER)
    assert RANK[low_level] <= RANK[high_level]


@given(money, money, money)
def test_a_larger_disputed_value_never_needs_a_higher_level(amount, first, second):
    low, high = sorted((first, second))
    assert (
        RANK[A.required_level(amount, high, LADDER)]
        <= RANK[A.required_level(amount, low, LADDER)]
    )


@given(money, money, st.integers(1, 1000))
def test_only_the_ratio_matters(amount, disputed, factor):
    assert A.required_level(amount * factor, disputed * factor, LADDER) == (
        A.required_level(amount, disputed, LADDER)
    )


@given(st.decimals(min_value=Dec("0.01"), max_value=10**6, places=2))
def test_exactly_at_each_multiple_is_that_level(disputed):
    for level in LIMITED:
        at = disputed * level.max_multiple
        assert A.required_level(at, disputed, LADDER) == level.key
        above = at + Dec("0.01")
        assert RANK[A.required_level(above, disputed, LADDER)] > level.rank


# -------------------------------------------------------------- can_approve


@pytest.mark.parametrize(
    ("approver_ranks", "required_rank", "allowed"),
    [
        ([50], 10, True),  # the general manager approves a rep's amount
        ([30], 30, True),  # own level
        ([30], 40, False),  # not the level above
        ([20], 30, False),
        ([10, 40], 30, True),  # the highest level counts
        ([40, 10], 30, True),
        ([10, 20], 30, False),
        ([], 10, False),  # no level at all
        ([], -(10**6), False),
        ((20, 30), 30, True),
        ({10, 50}, 50, True),
        ([-5], -10, True),
        ([0], 0, True),
    ],
)
def test_can_approve_examples(approver_ranks, required_rank, allowed):
    assert A.can_approve(approver_ranks, required_rank) is allowed


def test_can_approve_accepts_an_iterator():
    assert A.can_approve(iter([10, 40]), 40) is True
    assert A.can_approve(iter([]), 10) is False
    assert A.can_approve((rank for rank in [10, 20]), 30) is False


@given(st.lists(st.integers(-100, 100), max_size=6), st.integers(-100, 100))
def test_can_approve_is_the_highest_rank_against_the_required(ranks, required):
    allowed = A.can_approve(ranks, required)
    assert allowed is (bool(ranks) and max(ranks) >= required)
    # one more level never takes a right away
    for extra in (required - 1, required, required + 1):
        if allowed:
            assert A.can_approve([*ranks, extra], required)
    assert A.can_approve([*ranks, required], required)
    assert not A.can_approve([rank for rank in ranks if rank < required], required)


@given(money, money)
def test_the_required_level_and_above_may_approve(amount, disputed):
    required_rank = RANK[A.required_level(amount, disputed, LADDER)]
    for level in LADDER:
        assert A.can_approve([level.rank], required_rank) is (
            level.rank >= required_rank
        )


def test_a_goodwill_request_end_to_end():
    """350 on a 100 item: sales manager; the supervisor may not, the director may."""
    required = A.required_level(350, 100, LADDER)
    assert required == SALES_MANAGER
    assert not A.can_approve([RANK[REP], RANK[SUPERVISOR]], RANK[required])
    assert A.can_approve([RANK[SALES_MANAGER]], RANK[required])
    assert A.can_approve([RANK[DIRECTOR]], RANK[required])
    assert A.can_approve([RANK[REP], RANK[GENERAL_MANAGER]], RANK[required])
