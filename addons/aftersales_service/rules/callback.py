"""When to call the customer back, and when to try again.

DOMAIN.md (Follow-up and satisfaction): call every customer 5-7 days after
delivery or service and record the call even if nothing is wrong. The window
(first and last day) is a setting; a customer not reached is called again
after a set interval, up to a set number of tries, then the call-back is
unreachable.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

DEFAULT_FIRST_DAY = 5
DEFAULT_LAST_DAY = 7
DEFAULT_MAX_TRIES = 3


def window(event_day: date, first_day=DEFAULT_FIRST_DAY, last_day=DEFAULT_LAST_DAY):
    """(first, last) calendar day of the call after ``event_day`` (the day the
    request was solved or the unit delivered)."""
    if first_day < 0 or last_day < first_day:
        raise ValueError(
            f"The call-back window must be 0 <= first ({first_day}) <= last "
            f"({last_day}) days."
        )
    return event_day + timedelta(days=first_day), event_day + timedelta(days=last_day)


def next_try(
    tried_at: datetime, tries_done: int, max_tries=DEFAULT_MAX_TRIES, interval=None
):
    """The time of the next try after ``tries_done`` unanswered tries (the
    last at ``tried_at``), or None when every try has been made (the
    customer is unreachable). ``interval``: a timedelta, at least a minute."""
    if max_tries < 1:
        raise ValueError(f"At least one try is needed, not {max_tries}.")
    if tries_done < 1:
        raise ValueError(f"Tries done must be at least one, not {tries_done}.")
    if interval is None or interval < timedelta(minutes=1):
        raise ValueError(f"The retry interval must be at least a minute ({interval}).")
    if tries_done >= max_tries:
        return None
    return tried_at + interval
