"""addons/aftersales_service/rules/pricing.py: quotes, line amounts, fees.

DOMAIN.md (Paid work and billing): the customer is told the price from the
published fee schedule before paid work; a repair quote is cost plus 40 % (a
setting). The rules compute money as exact Decimals; the model rounds each
amount once with ``res.currency.round``, half-up (away from zero on a tie,
Odoo's ``float_round``) to the currency rounding, which ``rounded`` stands for
here. A float is read as the decimal it was typed as (``Decimal(str(value))``),
so 2.675 is a tie and goes to 2.68. Expected values come from the docstrings
and are computed here with ``fractions.Fraction``, independently of
``decimal``.
"""

from __future__ import annotations

import math
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from .conftest import load_rule

P = load_rule("aftersales_service", "pricing")
Dec = Decimal

CENT = Dec("0.01")
# Currency roundings as Odoo stores them (res.currency.rounding).
STEPS = [Dec(s) for s in ("0.01", "1", "0.05", "0.001", "0.1", "0.5", "0.25", "10")]
steps = st.sampled_from(STEPS)
float_steps = steps.map(float)

# Bounded so that amount / rounding stays far within Decimal's 28 digits.
amounts = st.decimals(min_value=-(10**9), max_value=10**9, places=6, allow_nan=False)
non_negative = st.decimals(min_value=0, max_value=10**7, places=6, allow_nan=False)
percents = st.decimals(min_value=0, max_value=1000, places=3, allow_nan=False)
money_floats = st.floats(min_value=0, max_value=10**9, allow_nan=False)
# Amounts already rounded, as the database hands them over (floats).
cent_floats = st.decimals(
    min_value=-(10**9), max_value=10**9, places=2, allow_nan=False
).map(float)


def half_up(amount, step) -> Fraction:
    """Independent oracle: nearest multiple of ``step``, ties away from zero."""
    quotient = Fraction(str(amount)) / Fraction(str(step))
    units = math.floor(abs(quotient) + Fraction(1, 2))
    return Fraction(str(step)) * (units if quotient >= 0 else -units)


def rounded(amount, step) -> Decimal:
    """What the model makes of an exact amount: ``res.currency.round``, half-up
    to the currency rounding (the oracle above, as a Decimal)."""
    exact = half_up(amount, step)
    return Dec(exact.numerator) / Dec(exact.denominator)


def fee(key, fee_type=P.FEE_LABOUR, amount="10", **conditions):
    return P.Fee(key=key, fee_type=fee_type, amount=Dec(amount), **conditions)


# ---------------------------------------------------------------- to_decimal


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (2.675, Dec("2.675")),  # not 2.67499999999999982236431605997495353221893
        (0.1, Dec("0.1")),
        (0.1 + 0.2, Dec("0.30000000000000004")),
        (1.15, Dec("1.15")),
        (7, Dec(7)),
        (Dec("1.005"), Dec("1.005")),
        ("12.50", Dec("12.50")),
    ],
)
def test_to_decimal_reads_floats_as_typed(value, expected):
    result = P.to_decimal(value)
    assert isinstance(result, Decimal)
    assert result == expected


def test_to_decimal_keeps_a_decimal():
    value = Dec("3.140")
    assert P.to_decimal(value) is value


# ----------------------------------------------------------------- cost_plus
# cost_plus and line_amount are exact; the model rounds them with
# res.currency.round, which ``rounded`` stands for here.


def test_cost_plus_and_line_amount_are_exact_decimals():
    assert P.cost_plus(19.99, 40) == Dec("27.986")
    assert P.cost_plus(0.5, 1) == Dec("0.505")
    assert P.line_amount(2.5, 0.03) == Dec("0.075")
    assert P.line_amount(Dec("1.25"), Dec("4.02")) == Dec("5.025")
    assert isinstance(P.cost_plus(1.5, 40), Decimal)
    assert isinstance(P.line_amount(3, 19.99), Decimal)


@pytest.mark.parametrize(
    ("cost", "markup", "rounding", "expected"),
    [
        (100, 40, 0.01, "140.00"),  # DOMAIN: cost + 40 %
        (100, 40, 1, "140"),
        (Dec("100"), Dec("40"), CENT, "140.00"),
        (100.0, 40.0, 0.01, "140.00"),
        (19.99, 40, 0.01, "27.99"),  # 27.986
        (0.5, 1, 0.01, "0.51"),  # 0.505: a tie, up
        (0.5, 0.8, 0.01, "0.50"),  # 0.504
        (1.5, 40, 0.01, "2.10"),  # 2.1, not 2.0999999999999996
        (8, 12.5, 0.01, "9.00"),
        (3.35, 100, 0.01, "6.70"),
        (10, 33.333, 0.01, "13.33"),
        (0.01, 40, 0.01, "0.01"),  # 0.014
        (0.02, 25, 0.01, "0.03"),  # 0.025: tie
        (123.45, 40, 0.05, "172.85"),  # 172.83 -> 172.85
        (123.45, 40, 0.001, "172.830"),
        (0, 40, 0.01, "0"),
        (0.1 + 0.2, 40, 0.01, "0.42"),
        (2.5, 0, 1, "3"),
    ],
)
def test_cost_plus_examples(cost, markup, rounding, expected):
    result = rounded(P.cost_plus(cost, markup), rounding)
    assert isinstance(result, Decimal)
    assert result == Dec(expected)


@pytest.mark.parametrize(
    ("cost", "rounding", "expected"),
    [
        (2.675, 0.01, "2.68"),
        (1.15, 0.1, "1.2"),  # float 1.15 is 1.1499999999999999
        (10.05, 0.1, "10.1"),
        (0.1 + 0.2, 0.01, "0.30"),
        (99.995, 0.01, "100.00"),
        (42, 1, "42"),
    ],
)
def test_cost_plus_without_markup_is_the_rounded_cost(cost, rounding, expected):
    assert rounded(P.cost_plus(cost, 0), rounding) == Dec(expected)
    assert rounded(P.cost_plus(cost, 0.0), rounding) == Dec(expected)
    assert rounded(P.cost_plus(cost, 0), rounding) == rounded(cost, rounding)


@pytest.mark.parametrize("cost", [-0.01, -1, -100, Dec("-0.0001"), -1e-9])
def test_negative_cost_raises(cost):
    with pytest.raises(ValueError, match="cost"):
        P.cost_plus(cost, 40)


@pytest.mark.parametrize("markup", [-0.01, -1, -40, Dec("-0.001"), -100])
def test_negative_markup_raises(markup):
    with pytest.raises(ValueError, match="markup"):
        P.cost_plus(100, markup)


@given(
    st.decimals(max_value=Dec("-0.000001"), min_value=-(10**9), places=6),
    percents,
)
def test_any_negative_cost_raises(cost, markup):
    with pytest.raises(ValueError):
        P.cost_plus(cost, markup)


@given(non_negative, st.decimals(max_value=Dec("-0.001"), min_value=-1000, places=3))
def test_any_negative_markup_raises(cost, markup):
    with pytest.raises(ValueError):
        P.cost_plus(cost, markup)


@given(non_negative, percents, steps)
@example(Dec(100), Dec(40), CENT)
@example(Dec("0.5"), Dec(1), CENT)
def test_cost_plus_is_cost_times_markup_rounded(cost, markup, step):
    result = rounded(P.cost_plus(cost, markup), step)
    exact = Fraction(cost) * (1 + Fraction(markup) / 100)
    assert Fraction(result) == half_up(exact, step)
    assert abs(Fraction(result) - exact) <= Fraction(step) / 2
    assert result % step == 0
    # a markup never lowers the price below the rounded cost
    assert result >= rounded(cost, step)


@given(non_negative, non_negative, percents, steps)
def test_cost_plus_is_monotonic_in_cost(first, second, markup, step):
    low, high = sorted((first, second))
    assert rounded(P.cost_plus(low, markup), step) <= rounded(
        P.cost_plus(high, markup), step
    )


@given(non_negative, percents, percents, steps)
def test_cost_plus_is_monotonic_in_markup(cost, first, second, step):
    low, high = sorted((first, second))
    assert rounded(P.cost_plus(cost, low), step) <= rounded(
        P.cost_plus(cost, high), step
    )


@given(
    st.floats(min_value=0, max_value=10**7, allow_nan=False),
    st.floats(min_value=0, max_value=1000, allow_nan=False),
)
@example(0.1 + 0.2, 40.0)
@example(19.99, 40.0)
def test_cost_plus_reads_floats_as_typed(cost, markup):
    expected = rounded(P.cost_plus(Dec(repr(cost)), Dec(repr(markup))), CENT)
    assert rounded(P.cost_plus(cost, markup), 0.01) == expected


# --------------------------------------------------------------- line_amount


@pytest.mark.parametrize(
    ("quantity", "price", "rounding", "expected"),
    [
        (3, 19.99, 0.01, "59.97"),
        (1.5, 45.5, 0.01, "68.25"),
        (0.333, 10, 0.01, "3.33"),
        (2.5, 0.03, 0.01, "0.08"),  # 0.075: a tie, up (float gives 0.07499...)
        (3, 0.335, 0.01, "1.01"),  # 1.005
        (1, 2.675, 0.01, "2.68"),
        (0.1, 3, 0.01, "0.30"),  # float: 0.30000000000000004
        (12.5, 0.8, 1, "10"),
        (7, 0.45, 0.05, "3.15"),
        (3, 0.335, 0.001, "1.005"),
        (0, 19.99, 0.01, "0"),
        (5, 0, 0.01, "0"),
        (Dec("1.25"), Dec("4.02"), CENT, "5.03"),  # 5.025
    ],
)
def test_line_amount_examples(quantity, price, rounding, expected):
    result = rounded(P.line_amount(quantity, price), rounding)
    assert isinstance(result, Decimal)
    assert result == Dec(expected)


@pytest.mark.parametrize(
    ("quantity", "price", "match"),
    [
        (-1, 10, "quantity"),
        (-0.01, 10, "quantity"),
        (Dec("-0.5"), 0, "quantity"),
        (1, -10, "price"),
        (0, -0.01, "price"),
        (2, Dec("-19.99"), "price"),
    ],
)
def test_negative_line_raises(quantity, price, match):
    with pytest.raises(ValueError, match=match):
        P.line_amount(quantity, price)


@given(
    st.decimals(min_value=-(10**6), max_value=Dec("-0.001"), places=3),
    non_negative,
)
def test_any_negative_quantity_or_price_raises(negative, other):
    with pytest.raises(ValueError):
        P.line_amount(negative, other)
    with pytest.raises(ValueError):
        P.line_amount(other, negative)


@given(
    st.decimals(min_value=0, max_value=10**4, places=3),
    st.decimals(min_value=0, max_value=10**6, places=4),
    steps,
)
@example(Dec("2.5"), Dec("0.03"), CENT)
def test_line_amount_is_the_rounded_product(quantity, price, step):
    result = rounded(P.line_amount(quantity, price), step)
    assert Fraction(result) == half_up(quantity * price, step)
    assert result == rounded(quantity * price, step)
    assert abs(result - quantity * price) <= step / 2


@given(
    st.floats(min_value=0, max_value=10**4, allow_nan=False),
    st.floats(min_value=0, max_value=10**5, allow_nan=False),
)
def test_line_amount_reads_floats_as_typed(quantity, price):
    expected = rounded(Dec(repr(quantity)) * Dec(repr(price)), CENT)
    assert rounded(P.line_amount(quantity, price), 0.01) == expected


@given(
    st.decimals(min_value=0, max_value=10**4, places=3),
    st.decimals(min_value=0, max_value=10**4, places=3),
    st.decimals(min_value=0, max_value=10**4, places=3),
    steps,
)
def test_line_amount_is_monotonic(quantity, low_price, high_price, step):
    low_price, high_price = sorted((low_price, high_price))
    assert rounded(P.line_amount(quantity, low_price), step) <= rounded(
        P.line_amount(quantity, high_price), step
    )


# --------------------------------------------------------------------- total


def test_total_is_exact():
    assert sum([0.1] * 10) != 1.0  # the float trap ...
    result = P.total([0.1] * 10)
    assert isinstance(result, Decimal)
    assert result == Dec("1.0")  # ... that a Decimal sum avoids
    assert result == 1
    assert P.total([0.1, 0.2]) == Dec("0.3")
    assert P.total([1.1, 2.2, 3.3]) == Dec("6.6")


@pytest.mark.parametrize(
    ("amounts", "expected"),
    [
        ([], "0"),
        ([Dec("140.00")], "140.00"),
        ([Dec("59.97"), Dec("68.25"), Dec("0.08")], "128.30"),
        ([Dec("19.99"), 0.01, 5, "0.5"], "25.50"),
        ([Dec("1e-3")] * 1000, "1"),
        ([Dec("10.00"), Dec("-2.50")], "7.50"),  # a credit line
        ((amount for amount in [1.5, 2.5]), "4"),  # any iterable
    ],
)
def test_total_examples(amounts, expected):
    result = P.total(amounts)
    assert isinstance(result, Decimal)
    assert result == Dec(expected)


def test_total_of_nothing_is_a_decimal_zero():
    result = P.total([])
    assert isinstance(result, Decimal)
    assert result == 0


@given(st.lists(amounts, max_size=30), st.randoms(use_true_random=False))
def test_total_is_exact_and_order_independent(values, rnd):
    result = P.total(values)
    assert Fraction(result) == sum((Fraction(v) for v in values), Fraction(0))
    shuffled = list(values)
    rnd.shuffle(shuffled)
    assert P.total(shuffled) == result
    assert P.total(reversed(values)) == result


@given(st.lists(cent_floats, max_size=30), st.randoms(use_true_random=False))
@example([0.1] * 10, None)
def test_total_of_floats_is_the_sum_as_typed(values, rnd):
    expected = sum((Fraction(repr(v)) for v in values), Fraction(0))
    assert Fraction(P.total(values)) == expected
    assert P.total(values) % Dec("0.01") == 0
    shuffled = list(values)
    if rnd is not None:
        rnd.shuffle(shuffled)
    assert P.total(shuffled) == P.total(values)


@given(st.lists(amounts, max_size=15), st.lists(amounts, max_size=15))
def test_total_is_additive(first, second):
    assert P.total(first + second) == P.total(first) + P.total(second)


@given(st.lists(st.tuples(non_negative, non_negative), max_size=10), steps)
def test_rounded_lines_total_to_a_multiple(lines, step):
    amounts_ = [rounded(P.line_amount(q, p), step) for q, p in lines]
    assert P.total(amounts_) % step == 0


# ---------------------------------------------------------------- choose_fee


def test_no_fees_chooses_nothing():
    assert P.choose_fee([], P.FEE_LABOUR) is None
    assert P.choose_fee([], P.FEE_TRAVEL, zone="city") is None
    assert P.choose_fee(iter([]), P.FEE_CALLOUT) is None


def test_fee_of_another_type_never_applies():
    fees = [fee("travel", P.FEE_TRAVEL), fee("callout", P.FEE_CALLOUT)]
    assert P.choose_fee(fees, P.FEE_LABOUR) is None
    assert P.choose_fee(fees, P.FEE_LABOUR, skill_level="senior") is None
    assert P.choose_fee(fees, P.FEE_TRAVEL).key == "travel"
    assert P.choose_fee(fees, P.FEE_CALLOUT).key == "callout"
    assert P.choose_fee(fees, "unknown") is None


def test_type_filter_comes_before_specificity():
    fees = [
        fee("travel city", P.FEE_TRAVEL, zone="city", skill_level="senior"),
        fee("labour", P.FEE_LABOUR),
    ]
    chosen = P.choose_fee(fees, P.FEE_LABOUR, skill_level="senior", zone="city")
    assert chosen.key == "labour"


@pytest.mark.parametrize("reverse", [False, True])
def test_exact_skill_match_beats_generic(reverse):
    fees = [
        fee("generic", amount="40"),
        fee("senior", amount="60", skill_level="senior"),
    ]
    if reverse:
        fees.reverse()
    chosen = P.choose_fee(fees, P.FEE_LABOUR, skill_level="senior")
    assert chosen.key == "senior"
    assert chosen.amount == Dec("60")
    # another skill level falls back to the generic fee
    assert P.choose_fee(fees, P.FEE_LABOUR, skill_level="junior").key == "generic"
    assert P.choose_fee(fees, P.FEE_LABOUR).key == "generic"


@pytest.mark.parametrize("reverse", [False, True])
def test_exact_zone_match_beats_generic(reverse):
    fees = [
        fee("any zone", P.FEE_TRAVEL),
        fee("suburb", P.FEE_TRAVEL, zone="suburb"),
        fee("city", P.FEE_TRAVEL, zone="city"),
    ]
    if reverse:
        fees.reverse()
    assert P.choose_fee(fees, P.FEE_TRAVEL, zone="city").key == "city"
    assert P.choose_fee(fees, P.FEE_TRAVEL, zone="suburb").key == "suburb"
    assert P.choose_fee(fees, P.FEE_TRAVEL, zone="beyond").key == "any zone"
    assert P.choose_fee(fees, P.FEE_TRAVEL).key == "any zone"


def test_a_differing_condition_never_applies():
    fees = [
        fee("senior", skill_level="senior"),
        fee("city", zone="city"),
        fee("senior city", skill_level="senior", zone="city"),
    ]
    assert P.choose_fee(fees, P.FEE_LABOUR, skill_level="junior") is None
    assert P.choose_fee(fees, P.FEE_LABOUR, zone="suburb") is None
    assert P.choose_fee(fees, P.FEE_LABOUR, skill_level="junior", zone="suburb") is None
    # a fee with a condition does not apply when the request has no value
    assert P.choose_fee(fees, P.FEE_LABOUR) is None
    assert P.choose_fee(fees, P.FEE_LABOUR, skill_level="senior").key == "senior"
    assert P.choose_fee(fees, P.FEE_LABOUR, zone="city").key == "city"


@pytest.mark.parametrize("order", [(0, 1, 2), (2, 1, 0), (1, 2, 0)])
def test_both_conditions_beat_one(order):
    pool = [
        fee("senior", skill_level="senior"),
        fee("city", zone="city"),
        fee("senior city", skill_level="senior", zone="city"),
    ]
    fees = [pool[i] for i in order]
    chosen = P.choose_fee(fees, P.FEE_LABOUR, skill_level="senior", zone="city")
    assert chosen.key == "senior city"
    # a different zone: only the skill fee fits
    chosen = P.choose_fee(fees, P.FEE_LABOUR, skill_level="senior", zone="suburb")
    assert chosen.key == "senior"


def test_equally_specific_first_given_wins():
    first, second = fee("first", amount="50"), fee("second", amount="45")
    assert P.choose_fee([first, second], P.FEE_LABOUR).key == "first"
    assert P.choose_fee([second, first], P.FEE_LABOUR).key == "second"
    skill, zone = fee("skill", skill_level="senior"), fee("zone", zone="city")
    wanted = {"skill_level": "senior", "zone": "city"}
    assert P.choose_fee([skill, zone], P.FEE_LABOUR, **wanted).key == "skill"
    assert P.choose_fee([zone, skill], P.FEE_LABOUR, **wanted).key == "zone"
    # equal fees (same values) are told apart by position only
    twin_a, twin_b = fee("a", amount="10"), fee("b", amount="10")
    assert P.choose_fee([twin_a, twin_b], P.FEE_LABOUR) is twin_a


def test_choose_fee_returns_the_fee_itself():
    chosen_one = fee("one", P.FEE_CALLOUT, amount="35")
    assert P.choose_fee([chosen_one], P.FEE_CALLOUT) is chosen_one


FEE_TYPES = [P.FEE_LABOUR, P.FEE_TRAVEL, P.FEE_CALLOUT]
SKILLS = [None, "junior", "senior"]
ZONES = [None, "city", "suburb", 7]

fee_rows = st.fixed_dictionaries(
    {
        "fee_type": st.sampled_from(FEE_TYPES),
        "skill_level": st.sampled_from(SKILLS),
        "zone": st.sampled_from(ZONES),
    }
)
# Keys are the positions, so a chosen key says which fee won.
fee_lists = st.lists(fee_rows, max_size=12).map(
    lambda rows: [P.Fee(key=i, amount=Dec(i), **row) for i, row in enumerate(rows)]
)


def applies(candidate, fee_type, skill_level, zone):
    """Independent reading: same type; a condition set must equal the request's."""
    return (
        candidate.fee_type == fee_type
        and candidate.skill_level in (None, skill_level)
        and candidate.zone in (None, zone)
    )


def conditions_set(candidate):
    return (candidate.skill_level is not None) + (candidate.zone is not None)


@given(
    fee_lists,
    st.sampled_from(FEE_TYPES),
    st.sampled_from(SKILLS),
    st.sampled_from(ZONES),
)
def test_choice_agrees_with_sorting(fees, fee_type, skill_level, zone):
    """Same rule, written as a stable sort over the applicable fees."""
    ordered = sorted(
        (f for f in fees if applies(f, fee_type, skill_level, zone)),
        key=lambda f: -conditions_set(f),
    )
    chosen = P.choose_fee(fees, fee_type, skill_level=skill_level, zone=zone)
    if not ordered:
        assert chosen is None
        return
    assert chosen is ordered[0]
    assert applies(chosen, fee_type, skill_level, zone)
    for other in fees:
        if applies(other, fee_type, skill_level, zone):
            assert conditions_set(other) <= conditions_set(chosen)
            if conditions_set(other) == conditions_set(chosen):
                assert other.key >= chosen.key  # key = position: first given


@given(
    fee_lists,
    st.sampled_from(FEE_TYPES),
    st.sampled_from(SKILLS),
    st.sampled_from(ZONES),
)
def test_non_applicable_fees_do_not_change_the_choice(fees, fee_type, skill, zone):
    only = [f for f in fees if applies(f, fee_type, skill, zone)]
    assert P.choose_fee(only, fee_type, skill, zone) is P.choose_fee(
        fees, fee_type, skill, zone
    )


@given(
    fee_lists,
    st.sampled_from(FEE_TYPES),
    st.sampled_from(SKILLS),
    st.sampled_from(ZONES),
)
def test_a_generic_fee_always_gives_a_choice(fees, fee_type, skill_level, zone):
    fallback = P.Fee(key="fallback", fee_type=fee_type, amount=Dec(1))
    chosen = P.choose_fee([*fees, fallback], fee_type, skill_level, zone)
    assert chosen is not None
    if chosen is fallback:
        assert not any(applies(f, fee_type, skill_level, zone) for f in fees)


def test_a_priced_visit():
    """Fee schedule to invoice lines: senior labour, travel by the km
    (a fee whose product is counted in km), call-out."""
    schedule = [
        fee("labour", P.FEE_LABOUR, amount="40.00"),
        fee("labour senior", P.FEE_LABOUR, amount="55.50", skill_level="senior"),
        fee("travel city", P.FEE_TRAVEL, amount="15.00", zone="city"),
        fee("travel km", P.FEE_TRAVEL, amount="0.45"),
        fee("callout", P.FEE_CALLOUT, amount="35.00"),
    ]
    labour = P.choose_fee(schedule, P.FEE_LABOUR, skill_level="senior", zone="far")
    travel = P.choose_fee(schedule, P.FEE_TRAVEL, skill_level="senior", zone="far")
    callout = P.choose_fee(schedule, P.FEE_CALLOUT, skill_level="senior", zone="far")
    assert (labour.key, travel.key, callout.key) == (
        "labour senior",
        "travel km",
        "callout",
    )
    lines = [
        rounded(P.line_amount(1.5, labour.amount), 0.01),
        rounded(P.line_amount(37.5, travel.amount), 0.01),
        rounded(P.line_amount(1, callout.amount), 0.01),
    ]
    # 83.25; 16.875 -> 16.88; 35.00
    assert lines == [Dec("83.25"), Dec("16.88"), Dec("35.00")]
    assert P.total(lines) == Dec("135.13")


def test_constants():
    assert len({P.FEE_LABOUR, P.FEE_TRAVEL, P.FEE_CALLOUT}) == 3
