"""Safety gating: may this technician be sent, may work start, may the visit
close, is a certificate due for a reminder.

DOMAIN.md (Safety): only certified people do electrical, pressure-vessel,
welding or height work; training before first work and periodically; no work
until the site is checked and energy is isolated and verified dead; a lock is
removed only by the person who applied it (OSHA 1910.147 (e)(3)), or through
the recorded forced-removal path.

Plain values in, plain values out: reasons are ``(code, key)`` tuples that the
models turn into translated sentences.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta

# certificate reasons
MISSING = "missing"  # never held
EXPIRED = "expired"  # held, but the last one ended before the day
NOT_YET_VALID = "not_yet_valid"  # held, but only from a later day
# training reasons
TRAINING_NEVER = "training_never"
TRAINING_OVERDUE = "training_overdue"
# start-work reasons
CHECK_MISSING = "check_missing"
CHECK_UNSIGNED = "check_unsigned"
CHECK_FAILED = "check_failed"
ISOLATION_MISSING = "isolation_missing"
POINT_NOT_APPLIED = "point_not_applied"
POINT_NOT_VERIFIED = "point_not_verified"
LOCK_NOT_APPLIED = "lock_not_applied"
STOP_WORK_OPEN = "stop_work_open"
# close reasons
POINT_NOT_RELEASED = "point_not_released"
LOCK_NOT_REMOVED = "lock_not_removed"


@dataclass(frozen=True)
class Certificate:
    skill: object
    valid_from: date | None = None
    valid_to: date | None = None  # None: does not expire

    def valid_on(self, day: date) -> bool:
        if self.valid_from and day < self.valid_from:
            return False
        return not self.valid_to or day <= self.valid_to


@dataclass(frozen=True)
class Check:
    """The latest check of one required template on the visit."""

    key: object
    exists: bool = False
    signed: bool = False
    failed: bool = False  # a blocking item failed


@dataclass(frozen=True)
class Point:
    """An isolation point, or a crew member's personal lock (no verification)."""

    key: object
    applied: bool = False
    verified: bool = False
    released: bool = False


def certificate_blockers(required, held, day: date) -> list[tuple[str, object]]:
    """``(reason, skill)`` for each required skill without a certificate valid
    on ``day``; required skills keep their order, each appears once."""
    by_skill: dict[object, list[Certificate]] = {}
    for certificate in held:
        if certificate.valid_to and certificate.valid_from:
            if certificate.valid_to < certificate.valid_from:
                raise ValueError(
                    f"Certificate of {certificate.skill!r} ends before it starts."
                )
        by_skill.setdefault(certificate.skill, []).append(certificate)
    reasons = []
    seen = set()
    for skill in required:
        if skill in seen:
            continue
        seen.add(skill)
        certificates = by_skill.get(skill, [])
        if not certificates:
            reasons.append((MISSING, skill))
        elif not any(c.valid_on(day) for c in certificates):
            started = [
                c for c in certificates if not c.valid_from or c.valid_from <= day
            ]
            reasons.append((EXPIRED if started else NOT_YET_VALID, skill))
    return reasons


def add_months(day: date, months: int) -> date:
    """The anniversary ``months`` after ``day``, as the warranty counts it
    (``aftersales_service/rules/warranty.py``, ``add_months``): when the day
    does not exist in the target month (31 Jan + 1 month, 29 Feb + 12 months)
    the anniversary is the first day of the next month. One month-end rule for
    the whole product; tests/rules/test_add_months_agree.py holds the two
    copies to the same results (a rules module cannot import another addon's).
    """
    if months < 0:
        raise ValueError(f"Months cannot be negative ({months}).")
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    last = calendar.monthrange(year, month)[1]
    if day.day <= last:
        return date(year, month, day.day)
    return date(year, month, last) + timedelta(days=1)


def training_due(last_passed: date | None, interval_months: int) -> date | None:
    """The day the next periodic training is due (None: never trained)."""
    if interval_months < 0:
        raise ValueError(f"Training interval cannot be negative ({interval_months}).")
    if last_passed is None:
        return None
    return add_months(last_passed, interval_months)


def training_blocker(last_passed: date | None, interval_months: int, day: date):
    """``(reason, due date)`` if the periodic training is missing or overdue on
    ``day``; None when fine or when training is not required (interval 0)."""
    if interval_months == 0:
        return None
    due = training_due(last_passed, interval_months)
    if due is None:
        return (TRAINING_NEVER, None)
    if day > due:
        return (TRAINING_OVERDUE, due)
    return None


def start_work_blockers(
    checks=(),
    lockout_required: bool = False,
    points=(),
    locks=(),
    open_stops: int = 0,
) -> list[tuple[str, object]]:
    """Why work may not start: every required check signed without a failed
    blocking item; when lockout/tagout is required at least one isolation
    point; every point applied and verified dead; every crew lock applied; no
    open stop-work record."""
    if open_stops < 0:
        raise ValueError(f"Open stop-work count cannot be negative ({open_stops}).")
    reasons = []
    for check in checks:
        if not check.exists:
            reasons.append((CHECK_MISSING, check.key))
        elif not check.signed:
            reasons.append((CHECK_UNSIGNED, check.key))
        elif check.failed:
            reasons.append((CHECK_FAILED, check.key))
    if lockout_required and not points:
        reasons.append((ISOLATION_MISSING, None))
    for point in points:
        if point.released:
            continue
        if not point.applied:
            reasons.append((POINT_NOT_APPLIED, point.key))
        elif not point.verified:
            reasons.append((POINT_NOT_VERIFIED, point.key))
    for lock in locks:
        if not lock.applied and not lock.released:
            reasons.append((LOCK_NOT_APPLIED, lock.key))
    if open_stops:
        reasons.append((STOP_WORK_OPEN, open_stops))
    return reasons


def close_blockers(points=(), locks=(), open_stops: int = 0):
    """Why the visit may not close: an applied point or lock still on, or an
    open stop-work record."""
    if open_stops < 0:
        raise ValueError(f"Open stop-work count cannot be negative ({open_stops}).")
    reasons = [
        (POINT_NOT_RELEASED, point.key)
        for point in points
        if point.applied and not point.released
    ]
    reasons += [
        (LOCK_NOT_REMOVED, lock.key)
        for lock in locks
        if lock.applied and not lock.released
    ]
    if open_stops:
        reasons.append((STOP_WORK_OPEN, open_stops))
    return reasons


def may_remove(applied_by, remover, forced_approval: bool = False) -> bool:
    """A lock comes off only by the hand that put it on, or through a forced
    removal a manager approved."""
    if applied_by is None:
        return False
    return remover == applied_by or forced_approval


def reminder_due(valid_to: date | None, today: date, lead_days: int) -> bool:
    """A certificate ending within ``lead_days`` from today (inclusive) and
    not yet ended gets a reminder; 0 days turns reminders off."""
    window = reminder_window(today, lead_days)
    if valid_to is None or window is None:
        return False
    return window[0] <= valid_to <= window[1]


def reminder_window(today: date, lead_days: int) -> tuple[date, date] | None:
    """The certificate end dates reminded about today: from today to
    ``lead_days`` later, both included; None when reminders are off (0 days).
    The reminder cron searches this window
    (``hr.employee.skill._cron_aftersales_expiry_reminders``)."""
    if lead_days < 0:
        raise ValueError(f"Reminder lead time cannot be negative ({lead_days}).")
    if lead_days == 0:
        return None
    return today, today + timedelta(days=lead_days)
