"""addons/aftersales_service/rules/china_calendar.py: statutory holidays,
make-up working days (调休) and deadlines in days.

Properties: a make-up day is worked, a holiday is not; the order in which
entries come does not change the merged list; a date both holiday and working
day is refused in any order; make-up hours across midnight and month ends
give the right intervals; calendar-day and working-day counting agree with a
day-by-day walk.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from datetime import timedelta, timezone

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from .conftest import load_rule

C = load_rule("aftersales_service", "china_calendar")


def nth_working_day(
    start_local: dt.datetime,
    days: int,
    is_working: Callable[[dt.date], bool],
    limit: int = 3660,
) -> dt.date | None:
    """Reference counting (a test oracle, not product code): the ``days``-th
    working day after the start day, to check the calendar's ``plan_days``."""
    if days < 1:
        raise ValueError(f"A period in days must be at least 1 day ({days}).")
    day, found = C.first_counted_day(start_local), 0
    for _step in range(limit):
        if is_working(day):
            found += 1
            if found == days:
                return day
        day += dt.timedelta(days=1)
    return None


def is_working_day(
    day: dt.date,
    working_weekdays: Iterable[int],
    holidays: Iterable[dt.date],
    makeups: Iterable[dt.date],
) -> bool:
    """Oracle: a make-up day is worked, a holiday is not, else the weekly
    pattern."""
    if day in set(makeups):
        return True
    if day in set(holidays):
        return False
    return day.weekday() in set(working_weekdays)


Entry = C.Entry

DAYS = st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2099, 12, 31))
KINDS = st.sampled_from(C.KINDS)
NAMES = st.sampled_from(["", "Spring Festival", "春节", "National Day"])
ENTRIES = st.lists(st.builds(Entry, DAYS, KINDS, NAMES), max_size=30)
WEEKDAYS = st.frozensets(st.integers(0, 6), max_size=7)
OFFSETS = st.integers(-12 * 60, 14 * 60).map(lambda m: timezone(timedelta(minutes=m)))


def consistent(entries):
    kinds = {}
    for entry in entries:
        kinds.setdefault(entry.day, set()).add(entry.kind)
    return all(len(k) == 1 for k in kinds.values())


# ----------------------------------------------------------------------
# Merging lists
# ----------------------------------------------------------------------


@given(ENTRIES, st.randoms())
def test_merge_does_not_depend_on_order(entries, random):
    shuffled = list(entries)
    random.shuffle(shuffled)
    if consistent(entries):
        assert C.merge_entries(entries) == C.merge_entries(shuffled)
    else:
        with pytest.raises(C.CalendarError):
            C.merge_entries(entries)
        with pytest.raises(C.CalendarError) as caught:
            C.merge_entries(shuffled)
        assert caught.value.problems[0][1] == "conflict"


@given(ENTRIES)
def test_merge_one_entry_per_date_sorted(entries):
    assume(consistent(entries))
    merged = C.merge_entries(entries)
    assert [e.day for e in merged] == sorted({e.day for e in entries})
    kinds = {e.day: e.kind for e in entries}
    assert all(e.kind == kinds[e.day] for e in merged)


@given(DAYS, WEEKDAYS, st.lists(DAYS, max_size=10), st.lists(DAYS, max_size=10))
def test_makeup_worked_holiday_not(day, weekdays, holidays, makeups):
    holidays = [d for d in holidays if d not in makeups]
    if day in makeups:
        assert is_working_day(day, weekdays, holidays, makeups)
    elif day in holidays:
        assert not is_working_day(day, weekdays, holidays, makeups)
    else:
        assert is_working_day(day, weekdays, holidays, makeups) == (
            day.weekday() in weekdays
        )


def test_official_entries_2026_sample():
    holidays = {dt.date(2026, 2, 16): "Spring Festival", dt.date(2025, 10, 1): "N"}
    workdays = {dt.date(2026, 2, 14): "Spring Festival"}
    entries = C.official_entries(
        holidays, workdays, [2026], names={"Spring Festival": "春节"}
    )
    assert entries == [
        Entry(dt.date(2026, 2, 14), C.WORKDAY, "春节"),
        Entry(dt.date(2026, 2, 16), C.HOLIDAY, "春节"),
    ]
    assert C.known_years(holidays, workdays) == [2025, 2026]


@given(st.lists(st.builds(Entry, DAYS, st.just(C.HOLIDAY), NAMES), max_size=40))
def test_holiday_ranges_cover_exactly_the_holidays(entries):
    merged = C.merge_entries(entries)
    ranges = C.holiday_ranges(merged)
    covered = {}
    for first, last, name in ranges:
        assert first <= last
        day = first
        while day <= last:
            assert day not in covered
            covered[day] = name
            day += timedelta(days=1)
    assert covered == {e.day: e.name for e in merged}
    # Neighbouring ranges are not mergeable (else they would be one).
    for (_f1, last1, n1), (first2, _l2, n2) in zip(ranges, ranges[1:], strict=False):
        assert not (n1 == n2 and last1 + timedelta(days=1) == first2)


def test_spring_festival_is_one_range():
    days = [dt.date(2026, 2, 15) + timedelta(days=i) for i in range(9)]
    entries = [Entry(d, C.HOLIDAY, "Spring Festival") for d in days]
    assert C.holiday_ranges(entries) == [
        (dt.date(2026, 2, 15), dt.date(2026, 2, 23), "Spring Festival")
    ]


# ----------------------------------------------------------------------
# The import file
# ----------------------------------------------------------------------


def test_parse_file_accepts_header_comments_separators_and_chinese():
    text = (
        "date,kind,name\n"
        "# 2027\n"
        "\n"
        "2027-02-06, holiday, 春节\n"
        "2027/02/07;休;春节\n".replace(";", ",")
        + "2027-02-20\t补班\t春节调休\n".replace("\t", ",")
    )
    assert C.parse_file(text) == [
        Entry(dt.date(2027, 2, 6), C.HOLIDAY, "春节"),
        Entry(dt.date(2027, 2, 7), C.HOLIDAY, "春节"),
        Entry(dt.date(2027, 2, 20), C.WORKDAY, "春节调休"),
    ]


def test_parse_file_tab_separated():
    assert C.parse_file("2027-10-01\tholiday\tNational Day, 国庆\n") == [
        Entry(dt.date(2027, 10, 1), C.HOLIDAY, "National Day, 国庆")
    ]


def test_parse_file_reports_every_bad_line():
    text = (
        "2027-01-01,holiday,New Year\n"
        "2027-13-01,holiday,x\n"
        "2027-01-02\n"
        "2027-01-03,maybe,y\n"
        "2027-01-01,workday,z\n"
    )
    with pytest.raises(C.CalendarError) as caught:
        C.parse_file(text)
    assert [(line, code) for line, code, _v in caught.value.problems] == [
        (2, "date"),
        (3, "columns"),
        (4, "kind"),
        (5, "conflict"),
    ]
    assert "line 2" in str(caught.value)


@given(ENTRIES)
def test_parse_file_round_trip(entries):
    assume(consistent(entries))
    text = "".join(
        f"{e.day.isoformat()},{e.kind},{e.name}\n" for e in C.merge_entries(entries)
    )
    assert C.parse_file(text) == C.merge_entries(entries)


# ----------------------------------------------------------------------
# Make-up days in working time
# ----------------------------------------------------------------------


@given(st.integers(0, 6), WEEKDAYS)
def test_stand_in_weekday(weekday, working):
    stand_in = C.stand_in_weekday(weekday, working)
    if not working:
        assert stand_in == 0
    else:
        assert stand_in in working
        # No working weekday strictly between it and the day.
        back = (weekday - stand_in) % 7
        assert all((weekday - k) % 7 not in working for k in range(back))


def test_makeup_saturday_works_as_friday():
    assert C.stand_in_weekday(5, {0, 1, 2, 3, 4}) == 4
    assert C.stand_in_weekday(6, {0, 1, 2, 3, 4}) == 4


@given(
    st.dictionaries(DAYS, st.just(("Friday",)), max_size=5),
    st.dictionaries(DAYS, st.just(("own",)), max_size=5),
)
def test_calendar_makeup_days_replace_company_ones(company, own):
    merged = C.effective_makeup_days(company, own)
    assert set(merged) == set(company) | set(own)
    assert all(merged[day] == own[day] for day in own)


HOURS = st.integers(0, 96).map(lambda q: q / 4)  # quarter hours, 0-24


@given(DAYS, HOURS, HOURS, OFFSETS)
def test_makeup_intervals_across_midnight_and_month_end(day, a, b, tz):
    assume(a < b)

    def localize(naive):
        return naive.replace(tzinfo=tz)

    start = localize(dt.datetime.combine(day - timedelta(days=2), dt.time.min))
    end = localize(dt.datetime.combine(day + timedelta(days=2), dt.time.min))
    [(low, high, payload)] = C.makeup_intervals(
        {day: [(a, b, "p")]}, start, end, localize
    )
    assert payload == "p"
    assert (high - low).total_seconds() == pytest.approx((b - a) * 3600)
    assert low.date() == day
    # 24:00 is the next midnight, possibly the first day of next month.
    if b == 24:
        assert high == localize(
            dt.datetime.combine(day + timedelta(days=1), dt.time.min)
        )


@given(DAYS, HOURS, HOURS, st.integers(-48, 48), st.integers(0, 48))
def test_makeup_intervals_are_clipped(day, a, b, shift, width):
    assume(a < b)
    utc = timezone.utc

    def localize(naive):
        return naive.replace(tzinfo=utc)

    midnight = localize(dt.datetime.combine(day, dt.time.min))
    start = midnight + timedelta(hours=shift)
    end = start + timedelta(hours=width)
    result = C.makeup_intervals({day: [(a, b, None)]}, start, end, localize)
    full_low, full_high = midnight + timedelta(hours=a), midnight + timedelta(hours=b)
    overlap = min(full_high, end) - max(full_low, start)
    if overlap > timedelta(0):
        [(low, high, _p)] = result
        assert high - low == overlap
        assert start <= low < high <= end
    else:
        assert result == []


@pytest.mark.parametrize(
    ("hour_from", "hour_to", "ok"),
    [
        (9, 18, True),
        (0, 24, True),
        (18, 9, False),
        (9, 9, False),
        (-1, 8, False),
        (9, 25, False),
    ],
)
def test_check_hours(hour_from, hour_to, ok):
    if ok:
        C.check_hours(hour_from, hour_to)
    else:
        with pytest.raises(ValueError):
            C.check_hours(hour_from, hour_to)


# ----------------------------------------------------------------------
# Deadlines in days
# ----------------------------------------------------------------------

STARTS = st.datetimes(
    min_value=dt.datetime(2000, 1, 1), max_value=dt.datetime(2099, 1, 1)
)


@given(STARTS, st.integers(1, 400))
def test_calendar_days_deadline(start, days):
    last = C.calendar_days_deadline(start, days)
    assert (last - start.date()).days == days
    assert C.first_counted_day(start) == start.date() + timedelta(days=1)


def test_complaint_13_days_national_day_2026():
    """From Wednesday 30 September 2026 (National Day 1-7 October, make-up
    Saturday 10 October): 13 calendar days end on 13 October, 13 working
    days on 23 October."""
    start = dt.datetime(2026, 9, 30, 10, 0)
    holidays = {dt.date(2026, 10, d) for d in range(1, 8)}
    makeups = {dt.date(2026, 10, 10)}

    def working(day):
        return is_working_day(day, range(5), holidays, makeups)

    assert C.calendar_days_deadline(start, 13) == dt.date(2026, 10, 13)
    assert nth_working_day(start, 13, working) == dt.date(2026, 10, 23)


@given(
    STARTS,
    st.integers(1, 40),
    WEEKDAYS.filter(bool),
    st.lists(DAYS, max_size=15),
    st.lists(DAYS, max_size=15),
)
def test_working_days_count(start, days, weekdays, holidays, makeups):
    holidays = [d for d in holidays if d not in makeups]

    def working(day):
        return is_working_day(day, weekdays, holidays, makeups)

    last = nth_working_day(start, days, working)
    assert last is not None and last > start.date() and working(last)
    counted = sum(
        working(start.date() + timedelta(days=i))
        for i in range(1, (last - start.date()).days + 1)
    )
    assert counted == days


@pytest.mark.parametrize("days", [0, -1])
def test_days_must_be_positive(days):
    with pytest.raises(ValueError):
        C.calendar_days_deadline(dt.datetime(2026, 1, 1), days)
    with pytest.raises(ValueError):
        nth_working_day(dt.datetime(2026, 1, 1), days, lambda d: True)


# ----------------------------------------------------------------------
# The yearly reminder
# ----------------------------------------------------------------------


@given(DAYS, st.booleans(), st.one_of(st.none(), st.integers(2000, 2100)))
def test_reminder_once_a_year_in_october_november(today, loaded, reminded):
    due = C.reminder_due(today, loaded, reminded)
    assert due == (today.month in (10, 11) and not loaded and reminded != today.year)
    if due:
        assert not C.reminder_due(today, loaded, today.year)
