"""Document numbers: department code + YYMM + running number per month.

DOMAIN.md: department ``SJ``, November 2026, 7th document -> ``SJ-2611-07``.
The regulations print two digits; the 100th document of a month is
``SJ-2611-100``, never a wrapped or truncated number.
"""

from __future__ import annotations

import calendar
import datetime
import re

CODE_RE = re.compile(r"^[A-Z0-9]{1,8}$")
# Digits of the running number: at least two, more when needed (ir.sequence's
# padding never truncates).
PADDING = 2


def check_code(code: str) -> str:
    """Normalise a department code, or raise ValueError saying what is wrong."""
    normalised = (code or "").strip().upper()
    if not CODE_RE.match(normalised):
        raise ValueError(
            f"Department code {code!r} must be 1 to 8 letters or digits, e.g. SJ."
        )
    return normalised


def month_range(day: datetime.date) -> tuple[datetime.date, datetime.date]:
    """First and last day of the month of ``day``: one numbering range."""
    last = calendar.monthrange(day.year, day.month)[1]
    return day.replace(day=1), day.replace(day=last)


def sequence_prefix(code: str) -> str:
    """The ``ir.sequence`` prefix giving ``CODE-YYMM-`` from the range date."""
    return f"{check_code(code)}-%(range_y)s%(range_month)s-"
