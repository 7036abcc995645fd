"""addons/aftersales_service/rules/numbering.py: department code + YYMM + running.

DOMAIN.md: department ``SJ``, November 2026, 7th document -> ``SJ-2611-07``;
the 100th document of a month is ``SJ-2611-100``, never wrapped or truncated.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from .conftest import load_rule

N = load_rule("aftersales_service", "numbering")
D = date

any_date = st.dates(min_value=D(1, 1, 1), max_value=D(9999, 11, 30))
codes = st.text(alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789", min_size=1, max_size=8)
running = st.integers(min_value=1, max_value=10**6)


def odoo_prefix(code, day):
    """What ir.sequence makes of the prefix for a date range starting on ``day``."""
    return N.sequence_prefix(code) % {
        "range_y": f"{day:%y}",
        "range_month": f"{day:%m}",
    }


def sequence_number(code, day, running, padding=None):
    """The number ``running`` of the month of ``day`` as the department's
    ir.sequence issues it: the rules' prefix for the month's date range, then
    the running number padded to ``N.PADDING`` digits (``%0<padding>d``)."""
    padding = N.PADDING if padding is None else padding
    return odoo_prefix(code, N.month_range(day)[0]) + f"{running:0{padding}d}"


# -------------------------------------------------------------- sequence_number


@pytest.mark.parametrize(
    ("code", "day", "number", "result"),
    [
        ("SJ", D(2026, 11, 5), 7, "SJ-2611-07"),
        ("SJ", D(2026, 11, 5), 1, "SJ-2611-01"),
        ("SJ", D(2026, 11, 5), 99, "SJ-2611-99"),
        ("SJ", D(2026, 11, 5), 100, "SJ-2611-100"),
        ("SJ", D(2026, 11, 5), 1000, "SJ-2611-1000"),
        ("SJ", D(2026, 11, 30), 7, "SJ-2611-07"),
        ("SJ", D(2026, 1, 1), 7, "SJ-2601-07"),
        ("SJ", D(2030, 12, 31), 12, "SJ-3012-12"),
        ("SJ", D(2100, 3, 4), 5, "SJ-0003-05"),
        ("sj", D(2026, 11, 5), 7, "SJ-2611-07"),
        (" sj ", D(2026, 11, 5), 7, "SJ-2611-07"),
        ("Sj", D(2026, 11, 5), 7, "SJ-2611-07"),
        ("A1", D(2026, 11, 5), 3, "A1-2611-03"),
        ("9", D(2026, 11, 5), 3, "9-2611-03"),
        ("ABCDEFGH", D(2026, 11, 5), 3, "ABCDEFGH-2611-03"),
    ],
)
def test_sequence_number_examples(code, day, number, result):
    assert sequence_number(code, day, number) == result


def test_sequence_number_padding():
    assert sequence_number("SJ", D(2026, 11, 5), 7, padding=4) == "SJ-2611-0007"
    assert sequence_number("SJ", D(2026, 11, 5), 12345, padding=4) == "SJ-2611-12345"
    assert sequence_number("SJ", D(2026, 11, 5), 7, padding=1) == "SJ-2611-7"


@pytest.mark.parametrize(
    "code", ["", "   ", "S J", "S-J", "TOOLONGCODE", "ABCDEFGHI", None, "SJ!", "ŠJ"]
)
def test_bad_codes_raise_value_error(code):
    with pytest.raises(ValueError, match="Department code"):
        N.check_code(code)
    with pytest.raises(ValueError, match="Department code"):
        N.sequence_prefix(code)


@pytest.mark.parametrize(
    ("code", "normalised"), [("sj", "SJ"), ("  ab12 ", "AB12"), ("X", "X")]
)
def test_check_code_normalises(code, normalised):
    assert N.check_code(code) == normalised


@given(codes, any_date, running)
@example("SJ", D(2026, 11, 5), 7)
def test_sequence_number_reads_back(code, day, number):
    result = sequence_number(code, day, number)
    match = re.fullmatch(r"([A-Z0-9]{1,8})-(\d{2})(\d{2})-(\d+)", result)
    assert match, result
    assert match.group(1) == code
    assert match.group(2) == f"{day.year % 100:02d}"
    assert int(match.group(3)) == day.month
    assert int(match.group(4)) == number
    # at least two digits, never truncated
    assert len(match.group(4)) == max(2, len(str(number)))


@given(codes, st.sampled_from(["lower", "title", "pad"]), any_date, running)
def test_code_case_and_spaces_do_not_matter(code, variant, day, number):
    variants = {"lower": code.lower(), "title": code.title(), "pad": f"  {code}\t"}
    assert sequence_number(variants[variant], day, number) == sequence_number(
        code, day, number
    )


@given(codes, any_date, st.integers(1, 10**6), st.integers(1, 10**6))
def test_numbers_of_one_month_differ(code, day, first, second):
    same = sequence_number(code, day, first) == sequence_number(code, day, second)
    assert same == (first == second)


# ---------------------------------------------------------------- month_range


@pytest.mark.parametrize(
    ("day", "first", "last"),
    [
        (D(2024, 2, 10), D(2024, 2, 1), D(2024, 2, 29)),  # leap year
        (D(2023, 2, 10), D(2023, 2, 1), D(2023, 2, 28)),
        (D(2000, 2, 29), D(2000, 2, 1), D(2000, 2, 29)),  # divisible by 400
        (D(2100, 2, 1), D(2100, 2, 1), D(2100, 2, 28)),  # divisible by 100
        (D(2026, 12, 31), D(2026, 12, 1), D(2026, 12, 31)),
        (D(2026, 12, 1), D(2026, 12, 1), D(2026, 12, 31)),
        (D(2026, 11, 5), D(2026, 11, 1), D(2026, 11, 30)),
        (D(2026, 1, 31), D(2026, 1, 1), D(2026, 1, 31)),
    ],
)
def test_month_range_examples(day, first, last):
    assert N.month_range(day) == (first, last)


@given(any_date)
def test_month_range_contains_the_day_and_is_the_whole_month(day):
    first, last = N.month_range(day)
    assert first <= day <= last
    assert (first.year, first.month) == (last.year, last.month)
    assert (first.year, first.month) == (day.year, day.month)
    assert first.day == 1
    after = last + timedelta(days=1)
    assert after.day == 1
    assert (after.year * 12 + after.month) == (day.year * 12 + day.month) + 1
    if first > D(1, 1, 1):
        before = first - timedelta(days=1)
        assert (before.year * 12 + before.month) == (day.year * 12 + day.month) - 1


@given(any_date)
def test_every_day_of_a_range_gives_the_same_range(day):
    first, last = N.month_range(day)
    assert N.month_range(first) == N.month_range(last) == (first, last)


# ------------------------------------------------------------ sequence_prefix


def test_sequence_prefix():
    assert N.sequence_prefix("sj") == "SJ-%(range_y)s%(range_month)s-"
    prefix = N.sequence_prefix("sj") % {"range_y": "26", "range_month": "11"}
    assert prefix + "07" == "SJ-2611-07"
    assert prefix + "100" == "SJ-2611-100"
