"""A/B/C classification of spare parts (addons/aftersales_parts/rules/abc.py)."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from .conftest import load_rule

abc = load_rule("aftersales_parts", "abc")

values_st = st.dictionaries(
    st.integers(min_value=0, max_value=500),
    st.floats(min_value=0, max_value=1e7, allow_nan=False, allow_infinity=False),
    max_size=40,
)


def test_known_split():
    values = {"board": 8000, "pump": 1500, "valve": 400, "fuse": 100, "unused": 0}
    assert abc.classify(values) == {
        "board": "a",
        "pump": "b",
        "valve": "c",
        "fuse": "c",
        "unused": "c",
    }


def test_item_crossing_the_limit_is_still_a():
    # 70 % before the second part: it is A although the two make 90 %.
    assert abc.classify({"x": 70, "y": 20, "z": 10}) == {"x": "a", "y": "a", "z": "b"}


def test_all_zero_or_empty():
    assert abc.classify({}) == {}
    assert abc.classify({"a": 0, "b": 0}) == {"a": "c", "b": "c"}


def test_negative_values_count_as_zero():
    assert abc.classify({"a": -5, "b": 10}) == {"a": "c", "b": "a"}


def test_ties_get_the_same_class():
    # Four equal parts: the first is A (0 % before), the whole group with it.
    assert set(abc.classify({k: 25 for k in "abcd"}).values()) == {"a"}


def test_custom_shares():
    values = {"x": 50, "y": 30, "z": 20}
    assert abc.classify(values, 50, 30) == {"x": "a", "y": "b", "z": "c"}
    assert abc.classify(values, 0, 0) == {"x": "c", "y": "c", "z": "c"}
    assert abc.classify(values, 100, 0) == {"x": "a", "y": "a", "z": "a"}


@pytest.mark.parametrize("a, b", [(-1, 10), (10, -1), (90, 20)])
def test_bad_shares_refused(a, b):
    with pytest.raises(ValueError):
        abc.classify({"x": 1}, a, b)


@given(values_st)
def test_every_part_classified_and_zero_is_c(values):
    result = abc.classify(values)
    assert result.keys() == values.keys()
    for key, value in values.items():
        if value <= 0:
            assert result[key] == "c"


@given(values_st)
def test_order_of_value_respected(values):
    """A higher value never gets a lower class than a smaller value."""
    result = abc.classify(values)
    rank = {"a": 0, "b": 1, "c": 2}
    items = sorted(values.items(), key=lambda kv: -kv[1])
    for (k1, v1), (k2, v2) in zip(items, items[1:], strict=False):
        assert rank[result[k1]] <= rank[result[k2]]
        if v1 == v2:
            assert result[k1] == result[k2]


@given(values_st)
def test_a_parts_do_not_exceed_the_share_before_them(values):
    """The parts of higher value than the smallest A value hold less than
    80 % of the total (the A class stops once 80 % is reached)."""
    result = abc.classify(values)
    total = sum(values.values())
    a_values = [v for k, v in values.items() if result[k] == "a"]
    if a_values:
        smallest = min(a_values)
        before = sum(v for v in values.values() if v > smallest)
        assert before < 0.8 * total + 1e-6 * total


@given(values_st)
def test_input_order_does_not_matter(values):
    reordered = dict(reversed(list(values.items())))
    assert abc.classify(values) == abc.classify(reordered)


def test_reorder_levels():
    assert abc.reorder_levels(365, 365, 30, 60) == (30.0, 60.0)
    assert abc.reorder_levels(80, 365, 30, 60) == (7.0, 14.0)
    assert abc.reorder_levels(0, 365, 30, 60) == (0.0, 0.0)
    # Max never below min.
    assert abc.reorder_levels(10, 10, 5, 1) == (5.0, 5.0)
    with pytest.raises(ValueError):
        abc.reorder_levels(1, 0, 1, 1)
    with pytest.raises(ValueError):
        abc.reorder_levels(1, 10, -1, 1)
