"""Complaints (投诉): repeat complaints, reminders (催办) and closing.

DOMAIN.md (Complaints) and seed 004 (客户投诉案件处理期限, 催办单, 洽办单): a
repeat complaint by the same customer or about the same unit within a window
is a priority case; an overdue case is chased (催办) at an interval, never
twice within it; a case closes only when its corrective and preventive
actions are done and verified by someone other than their owner, and an
overdue case only with the reason for the delay.
"""

from __future__ import annotations

import datetime

# Why a complaint cannot close (the model words each one).
BLOCK_DELAY_REASON = "delay_reason"
BLOCK_ACTION_OPEN = "action_open"
BLOCK_ACTION_UNVERIFIED = "action_unverified"


def is_repeat(
    reported_at: datetime.datetime,
    earlier: list[datetime.datetime],
    window_days: int,
) -> bool:
    """Whether another complaint was reported within ``window_days`` before
    ``reported_at`` (the same day counts; a window of 0 or less never
    flags)."""
    if window_days <= 0:
        return False
    start = reported_at - datetime.timedelta(days=window_days)
    return any(start <= other <= reported_at for other in earlier)


def reminder_cutoff(now: datetime.datetime, interval_hours: float):
    """Cases last reminded at or before this moment are reminded again."""
    if interval_hours <= 0:
        raise ValueError(f"The reminder interval must be positive ({interval_hours}).")
    return now - datetime.timedelta(hours=interval_hours)


def reminder_due(
    last_reminded: datetime.datetime | None,
    now: datetime.datetime,
    interval_hours: float,
) -> bool:
    """An overdue case is reminded when never reminded, or when the interval
    has passed since the last reminder."""
    return last_reminded is None or last_reminded <= reminder_cutoff(
        now, interval_hours
    )


def close_blockers(
    overdue: bool,
    delay_reason: str | None,
    action_states: list[str],
    solved: bool = True,
) -> list[str]:
    """What stops a complaint from closing.

    ``action_states``: ``open``, ``done`` or ``verified`` per action. Closing
    unsolved (cancelled, rejected) needs no verified action, but an overdue
    case always needs its reason."""
    blockers = []
    if overdue and not (delay_reason or "").strip():
        blockers.append(BLOCK_DELAY_REASON)
    if solved:
        if "open" in action_states:
            blockers.append(BLOCK_ACTION_OPEN)
        if "done" in action_states:
            blockers.append(BLOCK_ACTION_UNVERIFIED)
    return blockers
