"""China's official calendar: statutory holidays (法定节假日) and make-up
working days (调休补班), and deadlines counted in days.

DOMAIN.md (Response and resolution deadlines; Complaints; Follow-up): working
hours, 13 / 17 days to close a complaint, a call 5-7 days after the service,
a written report within 10 days. Every year the State Council publishes the
holidays and moves working days onto weekends around them; a working-time
deadline must see both. Odoo's calendar already removes holidays (global
leaves); the make-up days are added to its attendance intervals by the model,
which uses this module to decide which dated days to add and their hours.

Plain values only: dates, ``(hour_from, hour_to, payload)`` slots, and a
``localize`` callable turning a naive local datetime into an aware one.
"""

from __future__ import annotations

import csv
import datetime
import io
from collections.abc import Callable, Iterable
from dataclasses import dataclass

HOLIDAY = "holiday"
WORKDAY = "workday"
KINDS = (HOLIDAY, WORKDAY)
# Words accepted in the second column of an import file.
KIND_WORDS = {
    "holiday": HOLIDAY,
    "h": HOLIDAY,
    "假": HOLIDAY,
    "休": HOLIDAY,
    "节假日": HOLIDAY,
    "法定节假日": HOLIDAY,
    "workday": WORKDAY,
    "working day": WORKDAY,
    "work": WORKDAY,
    "w": WORKDAY,
    "班": WORKDAY,
    "补班": WORKDAY,
    "调休": WORKDAY,
    "上班": WORKDAY,
}

# Counting units of a day-based deadline.
CALENDAR_DAYS = "calendar"
WORKING_DAYS = "working"

# The State Council publishes next year's list in October-November.
REMINDER_MONTHS = (10, 11)


@dataclass(frozen=True, order=True)
class Entry:
    """One dated day of an official or imported list."""

    day: datetime.date
    kind: str
    name: str = ""


class CalendarError(ValueError):
    """A list that cannot be loaded.

    ``problems`` are ``(line, code, value)``: line 0 for the list as a whole;
    code ``columns``, ``date``, ``kind`` or ``conflict`` (the models word
    them in the user's language, ``MESSAGES`` in English)."""

    def __init__(self, problems):
        self.problems = list(problems)
        super().__init__(
            "; ".join(
                f"line {line}: " + MESSAGES[code].format(value=value)
                for line, code, value in self.problems
            )
        )


MESSAGES = {
    "columns": "expected: date, holiday or workday, name",
    "date": "{value!r} is not a date (use 2026-10-01)",
    "kind": "{value!r} is neither 'holiday' nor 'workday'",
    "conflict": "{value} is both a holiday and a working day",
}


# ----------------------------------------------------------------------
# Lists: the official one, an import file, and merging them
# ----------------------------------------------------------------------


def official_entries(
    holidays: dict, workdays: dict, years: Iterable[int], names: dict | None = None
) -> list[Entry]:
    """Entries of ``years`` from the ``chinese_calendar`` dicts (date -> name).

    ``names`` translates the package's English names (e.g. into 春节)."""
    wanted = set(years)
    names = names or {}
    entries = [
        Entry(day, kind, names.get(name, name))
        for kind, source in ((HOLIDAY, holidays), (WORKDAY, workdays))
        for day, name in source.items()
        if day.year in wanted
    ]
    return merge_entries(entries)


def known_years(holidays: dict, workdays: dict) -> list[int]:
    """Years the official data covers."""
    return sorted({day.year for day in (*holidays, *workdays)})


def merge_entries(entries: Iterable[Entry]) -> list[Entry]:
    """The entries sorted by date, one per date.

    The same date twice with the same kind is kept once (the first name that
    is not empty); a date that is both a holiday and a working day is an
    error, whatever the order the entries come in."""
    by_day: dict[datetime.date, Entry] = {}
    conflicts = set()
    for entry in entries:
        if entry.kind not in KINDS:
            raise ValueError(f"Unknown kind {entry.kind!r} on {entry.day}.")
        known = by_day.get(entry.day)
        if known is None:
            by_day[entry.day] = entry
        elif known.kind != entry.kind:
            conflicts.add(entry.day)
        elif not known.name and entry.name:
            by_day[entry.day] = entry
        elif known.name and entry.name and entry.name < known.name:
            # Deterministic whatever the order: the smallest name wins.
            by_day[entry.day] = entry
    if conflicts:
        raise CalendarError(
            (0, "conflict", day.isoformat()) for day in sorted(conflicts)
        )
    return [by_day[day] for day in sorted(by_day)]


def parse_file(text: str) -> list[Entry]:
    """Entries of a simple file: ``date, holiday|workday, name`` per line.

    Dates are ISO (2026-10-01) or 2026/10/01; comma, semicolon or tab
    separated; blank lines, ``#`` comments and a header line are skipped.
    Every bad line is reported (``CalendarError.problems``), none is loaded.
    """
    sample = text[:2048]
    delimiter = "\t" if "\t" in sample else (";" if ";" in sample else ",")
    problems, entries, seen = [], [], {}
    for number, row in enumerate(csv.reader(io.StringIO(text), delimiter=delimiter)):
        line = number + 1
        cells = [cell.strip() for cell in row]
        if not cells or not any(cells) or cells[0].startswith("#"):
            continue
        if len(cells) < 2:
            problems.append((line, "columns", ""))
            continue
        day = parse_date(cells[0])
        if day is None:
            if number == 0 and cells[1].lower() not in KIND_WORDS:
                continue  # a header line
            problems.append((line, "date", cells[0]))
            continue
        kind = KIND_WORDS.get(cells[1].lower())
        if kind is None:
            problems.append((line, "kind", cells[1]))
            continue
        name = ",".join(cells[2:]).strip()
        if day in seen and seen[day].kind != kind:
            problems.append((line, "conflict", day.isoformat()))
            continue
        seen[day] = Entry(day, kind, name)
        entries.append(seen[day])
    if problems:
        raise CalendarError(problems)
    return merge_entries(entries)


def parse_date(text: str) -> datetime.date | None:
    for fmt in ("%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d", "%Y%m%d"):
        try:
            return datetime.datetime.strptime(text.strip(), fmt).date()
        except ValueError:
            continue
    return None


def holiday_ranges(entries: Iterable[Entry]) -> list[tuple]:
    """Consecutive holiday dates of one name as ``(first, last, name)``.

    The Spring Festival week is one leave, not nine."""
    ranges: list[list] = []
    for entry in sorted(e for e in entries if e.kind == HOLIDAY):
        last = ranges[-1] if ranges else None
        if (
            last
            and last[2] == entry.name
            and last[1] + datetime.timedelta(days=1) == entry.day
        ):
            last[1] = entry.day
        else:
            ranges.append([entry.day, entry.day, entry.name])
    return [tuple(item) for item in ranges]


def day_bounds(
    first: datetime.date, last: datetime.date, localize: Callable
) -> tuple[datetime.datetime, datetime.datetime]:
    """Start of ``first`` and end (23:59:59) of ``last``, local, made aware."""
    return (
        localize(datetime.datetime.combine(first, datetime.time.min)),
        localize(datetime.datetime.combine(last, datetime.time(23, 59, 59))),
    )


# ----------------------------------------------------------------------
# Make-up days in the calendar's working time
# ----------------------------------------------------------------------


def stand_in_weekday(weekday: int, working_weekdays: Iterable[int]) -> int:
    """The weekday whose hours a make-up day works by default.

    The nearest working weekday at or before it (a make-up Saturday works
    Friday's hours, a make-up Sunday too); Monday's when the calendar has no
    working weekday at all."""
    working = set(working_weekdays)
    for back in range(7):
        candidate = (weekday - back) % 7
        if candidate in working:
            return candidate
    return 0


def effective_makeup_days(company_days: dict, calendar_days: dict) -> dict:
    """Make-up days of one calendar: the company's, replaced date by date by
    the calendar's own (which may give other hours)."""
    return {**company_days, **calendar_days}


def makeup_intervals(
    days: dict,
    start: datetime.datetime,
    end: datetime.datetime,
    localize: Callable,
) -> list[tuple]:
    """Working intervals of make-up days between ``start`` and ``end``.

    ``days`` maps a date to its slots ``(hour_from, hour_to, payload)`` (local
    hours, 0-24; 24 is the next midnight); ``localize`` makes a naive local
    datetime aware in the calendar's time zone. Intervals are clipped to
    ``[start, end]``; empty ones are dropped. Sorted by start."""
    result = []
    for day, slots in days.items():
        for hour_from, hour_to, payload in slots:
            low = localize(_at(day, hour_from))
            high = localize(_at(day, hour_to))
            low, high = max(low, start), min(high, end)
            if low < high:
                result.append((low, high, payload))
    return sorted(result, key=lambda item: (item[0], item[1]))


def _at(day: datetime.date, hour: float) -> datetime.datetime:
    """``day`` at ``hour`` (float, 24.0 = the next midnight), to the second."""
    seconds = round(hour * 3600)
    return datetime.datetime.combine(day, datetime.time.min) + datetime.timedelta(
        seconds=seconds
    )


def check_hours(hour_from: float, hour_to: float) -> None:
    """Hours of a make-up day: within the day, start before end."""
    if not (0 <= hour_from < 24 and 0 < hour_to <= 24):
        raise ValueError("Hours must be between 0:00 and 24:00.")
    if hour_from >= hour_to:
        raise ValueError("The day must start before it ends.")


# ----------------------------------------------------------------------
# Deadlines in days
# ----------------------------------------------------------------------


def first_counted_day(start_local: datetime.datetime) -> datetime.date:
    """Days are counted from the day after the start (the start day itself
    is not counted, as for any period given in days)."""
    return start_local.date() + datetime.timedelta(days=1)


def calendar_days_deadline(start_local: datetime.datetime, days: int) -> datetime.date:
    """The last day of a period of ``days`` calendar days started at
    ``start_local``: a request of Monday with 13 days ends on the Sunday two
    weeks later (end of that day)."""
    if days < 1:
        raise ValueError(f"A period in days must be at least 1 day ({days}).")
    return start_local.date() + datetime.timedelta(days=days)


# ----------------------------------------------------------------------
# The yearly reminder
# ----------------------------------------------------------------------


def reminder_due(
    today: datetime.date, next_year_loaded: bool, reminded_year: int | None
) -> bool:
    """Remind once a year, in October-November, until next year is loaded."""
    return (
        today.month in REMINDER_MONTHS
        and not next_year_loaded
        and reminded_year != today.year
    )
