"""Warranty coverage of one service request, decided from plain values.

No Odoo import: the ticket gathers the facts (serial condition, dates,
periods, exclusion, contract), calls :func:`decide_coverage` and stores the
answer. The regulations (DOMAIN.md, Warranty):

* repairs inside the warranty period are free;
* the period starts at the proof of purchase (invoice, warranty card,
  delivery); without proof, at the factory date plus a grace period (3 months
  by default, a setting);
* no serial number, an unreadable or an altered one: no warranty;
* periods differ per product and per component; a longer promise written on
  the customer's document wins;
* recorded exclusions (misuse, force majeure, ...) make the job paid;
* a maintenance contract covering the unit makes it a contract job.

Coverage is decided in this order, and the first rule that applies gives the
reason: exclusion, contract, serial condition, missing start, period.
"""

from __future__ import annotations

import calendar
import datetime
from dataclasses import dataclass, field

FREE = "free"
PAID = "paid"
CONTRACT = "contract"

SERIAL_VALID = "valid"
SERIAL_UNREADABLE = "unreadable"
SERIAL_ALTERED = "altered"
SERIAL_MISSING = "missing"
SERIAL_CONDITIONS = (SERIAL_VALID, SERIAL_UNREADABLE, SERIAL_ALTERED, SERIAL_MISSING)

# Reason codes; the caller turns them into translated sentences.
REASON_EXCLUSION = "exclusion"
REASON_CONTRACT = "contract"
REASON_SERIAL = "serial"
REASON_NO_START = "no_start"
REASON_IN_WARRANTY = "in_warranty"
REASON_IN_COMPONENT_WARRANTY = "in_component_warranty"
REASON_IN_PROMISE = "in_promise"
REASON_EXPIRED = "expired"


class WarrantyInputError(ValueError):
    """The facts contradict each other; ``field`` names the culprit."""

    def __init__(self, code: str, field: str, message: str):
        super().__init__(message)
        self.code = code
        self.field = field


def add_months(start: datetime.date, months: int) -> datetime.date:
    """The anniversary ``months`` after ``start``.

    When the start day does not exist in the target month (31 Jan + 1 month,
    29 Feb + 12 months) the anniversary is the first day of the next month, so
    that the period keeps every day of the last month.
    """
    if months < 0:
        raise WarrantyInputError(
            "negative_months", "months", f"Months must not be negative: {months}."
        )
    month_index = start.month - 1 + months
    year = start.year + month_index // 12
    month = month_index % 12 + 1
    last_day = calendar.monthrange(year, month)[1]
    if start.day <= last_day:
        return datetime.date(year, month, start.day)
    return datetime.date(year, month, last_day) + datetime.timedelta(days=1)


def period_end(start: datetime.date, months: int) -> datetime.date:
    """The last day inside a period of ``months`` starting on ``start``."""
    return add_months(start, months) - datetime.timedelta(days=1)


@dataclass(frozen=True)
class UnitFacts:
    """What is known about the unit and the failure."""

    failure_date: datetime.date
    unit_months: int
    serial_condition: str = SERIAL_VALID
    proof_date: datetime.date | None = None
    factory_date: datetime.date | None = None
    grace_months: int = 3
    component_months: int | None = None
    promised_months: int | None = None
    exclusion: str | None = None
    contract: str | None = None


@dataclass(frozen=True)
class Decision:
    coverage: str
    reason: str
    warranty_start: datetime.date | None = None
    warranty_end: datetime.date | None = None
    start_source: str | None = None
    params: dict = field(default_factory=dict)


def warranty_start(
    proof_date: datetime.date | None,
    factory_date: datetime.date | None,
    grace_months: int,
) -> tuple[datetime.date | None, str | None]:
    """The start of the warranty and where it comes from ('proof'/'factory')."""
    if proof_date and factory_date and proof_date < factory_date:
        raise WarrantyInputError(
            "start_before_factory",
            "warranty_start",
            f"The warranty start {proof_date} is before the factory date "
            f"{factory_date}.",
        )
    if proof_date:
        return proof_date, "proof"
    if factory_date:
        return add_months(factory_date, grace_months), "factory"
    return None, None


def _check(facts: UnitFacts) -> None:
    for name in ("unit_months", "grace_months", "component_months", "promised_months"):
        value = getattr(facts, name)
        if value is not None and value < 0:
            raise WarrantyInputError(
                "negative_months", name, f"{name} must not be negative: {value}."
            )
    if facts.serial_condition not in SERIAL_CONDITIONS:
        raise WarrantyInputError(
            "serial_condition",
            "serial_condition",
            f"Unknown serial condition {facts.serial_condition!r}.",
        )
    if facts.proof_date and facts.failure_date < facts.proof_date:
        raise WarrantyInputError(
            "failure_before_start",
            "failure_date",
            f"The failure date {facts.failure_date} is before the purchase "
            f"{facts.proof_date}.",
        )


def applicable_months(facts: UnitFacts) -> tuple[int, str]:
    """Months of the period that applies, and which rule gave them."""
    months, reason = facts.unit_months, REASON_IN_WARRANTY
    if facts.component_months is not None:
        months, reason = facts.component_months, REASON_IN_COMPONENT_WARRANTY
    if facts.promised_months is not None and facts.promised_months > months:
        months, reason = facts.promised_months, REASON_IN_PROMISE
    return months, reason


def decide_coverage(facts: UnitFacts) -> Decision:
    """Decide free / paid / contract for one failure, with its reason."""
    _check(facts)
    start, source = warranty_start(
        facts.proof_date, facts.factory_date, facts.grace_months
    )
    months, in_reason = applicable_months(facts)
    end = period_end(start, months) if start else None
    dates = {"warranty_start": start, "warranty_end": end, "start_source": source}
    if facts.exclusion:
        return Decision(
            PAID, REASON_EXCLUSION, params={"exclusion": facts.exclusion}, **dates
        )
    if facts.contract:
        return Decision(
            CONTRACT, REASON_CONTRACT, params={"contract": facts.contract}, **dates
        )
    if facts.serial_condition != SERIAL_VALID:
        return Decision(
            PAID,
            REASON_SERIAL,
            params={"condition": facts.serial_condition},
            **dates,
        )
    if start is None:
        return Decision(PAID, REASON_NO_START, **dates)
    params = {"months": months, "end": end}
    if facts.failure_date <= end:
        return Decision(FREE, in_reason, params=params, **dates)
    return Decision(PAID, REASON_EXPIRED, params=params, **dates)


def is_repeat_repair(
    failure_date: datetime.date,
    previous_dates: list[datetime.date],
    window_days: int,
) -> bool:
    """True when a repair of the same unit and component happened within
    ``window_days`` before ``failure_date`` (DOMAIN.md: the same fault must not
    be repaired twice)."""
    if window_days < 0:
        raise WarrantyInputError(
            "negative_days", "window_days", f"Days must not be negative: {window_days}."
        )
    earliest = failure_date - datetime.timedelta(days=window_days)
    return any(earliest <= previous <= failure_date for previous in previous_dates)
