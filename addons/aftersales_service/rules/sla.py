"""Which deadline applies to a request, and where a deadline stands.

DOMAIN.md (Response and resolution deadlines): answer within 24 h; on site in
6 working hours in the city, 7 in the suburbs, 24 h within 100 km, a plan
within 12 h beyond 100 km; a general fault fixed within 4 h of arrival, a major
fault on site within 48 h, a solution within 4 h of arrival and fixed within
12 h. These figures are the defaults of the SLA policy records; this module
only chooses among policies and reads a deadline's state. Working-hours
arithmetic is Odoo's (``resource.calendar.plan_hours``), not done here.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

# What a target measures, and the event that meets it.
KIND_RESPONSE = "response"  # first message to the customer / stage out of New
KIND_ARRIVAL = "arrival"  # first visit check-in
KIND_SOLUTION = "solution"  # a solution proposed on site
KIND_RESOLUTION = "resolution"  # ticket closed as solved
KINDS = (KIND_RESPONSE, KIND_ARRIVAL, KIND_SOLUTION, KIND_RESOLUTION)

# When a target's clock starts.
FROM_REQUEST = "request"
FROM_ARRIVAL = "arrival"

STATE_WAITING = "waiting"  # its clock has not started (e.g. no arrival yet)
STATE_RUNNING = "running"
STATE_MET = "met"
STATE_BREACHED = "breached"


@dataclass(frozen=True)
class PolicyCriteria:
    """One policy's conditions; ``None`` matches anything."""

    key: object
    sequence: int = 10
    team: object = None
    zone_type: str | None = None
    fault_level: str | None = None
    contract_level: str | None = None
    request_type: str | None = None
    customer_origin: str | None = None


@dataclass(frozen=True)
class Request:
    team: object = None
    zone_type: str | None = None
    fault_level: str | None = None
    contract_level: str | None = None
    request_type: str | None = None
    customer_origin: str | None = None


CRITERIA = (
    "team",
    "zone_type",
    "fault_level",
    "contract_level",
    "request_type",
    "customer_origin",
)

# Where the customer is, for deadlines that differ (complaints: closed within
# 13 days at home, 17 abroad; 004 客户投诉案件处理期限).
ORIGIN_DOMESTIC = "domestic"
ORIGIN_OVERSEAS = "overseas"


def customer_origin(customer_country, company_country) -> str:
    """Overseas when the customer's country is known and is not the
    company's; domestic otherwise (no country on either side counts as
    home: the shorter deadline, never a longer one by omission)."""
    if customer_country and company_country and customer_country != company_country:
        return ORIGIN_OVERSEAS
    return ORIGIN_DOMESTIC


def matches(policy: PolicyCriteria, request: Request) -> bool:
    return all(
        getattr(policy, name) is None or getattr(policy, name) == getattr(request, name)
        for name in CRITERIA
    )


def specificity(policy: PolicyCriteria) -> int:
    return sum(getattr(policy, name) is not None for name in CRITERIA)


def choose_policy(policies, request: Request):
    """The key of the most specific matching policy, or ``None``.

    A policy for the request's type beats every policy without a type (a
    complaint gets the complaint deadlines whatever its zone or fault level);
    then more conditions beat fewer (a policy for city + major beats one for city);
    among equally specific ones the lowest sequence, then the first given,
    wins. A condition set on a policy must equal the request's value: a request
    without a zone matches only policies without a zone condition.
    """
    best = None
    best_rank = None
    for position, policy in enumerate(policies):
        if not matches(policy, request):
            continue
        rank = (
            policy.request_type is None,
            -specificity(policy),
            policy.sequence,
            position,
        )
        if best_rank is None or rank < best_rank:
            best, best_rank = policy, rank
    return best.key if best is not None else None


def clock_deadline(start: datetime.datetime, hours: float) -> datetime.datetime:
    """A deadline counted in clock hours."""
    if hours < 0:
        raise ValueError(f"A target cannot be negative hours ({hours}).")
    return start + datetime.timedelta(hours=hours)


def deadline_state(
    deadline: datetime.datetime | None,
    reached_at: datetime.datetime | None,
    now: datetime.datetime,
) -> str:
    """Where a deadline stands at ``now``.

    Met or breached once the event happened (on the deadline itself is met);
    breached as soon as it passed without the event; running before; waiting
    when its clock has not started.
    """
    if reached_at is not None:
        if deadline is None or reached_at <= deadline:
            return STATE_MET
        return STATE_BREACHED
    if deadline is None:
        return STATE_WAITING
    if now > deadline:
        return STATE_BREACHED
    return STATE_RUNNING


def hours_left(deadline: datetime.datetime | None, now: datetime.datetime):
    """Hours until the deadline (negative when overdue), or None without one."""
    if deadline is None:
        return None
    return (deadline - now).total_seconds() / 3600


def warning_window(
    now: datetime.datetime, lead_hours: float
) -> tuple[datetime.datetime, datetime.datetime]:
    """The deadlines warned about at ``now``: from now to ``lead_hours``
    later, both included. The deadline cron searches this window
    (``aftersales.ticket.deadline._aftersales_warning_domain``)."""
    return now, now + datetime.timedelta(hours=lead_hours)


def on_time_rate(met: int, breached: int) -> float | None:
    """Share of decided deadlines that were met (KPI target: >= 90 %).

    The KPI facts count the same way per period (``kpi.on_time``: deadlines
    met / deadlines due and decided); this is the rate of two counts."""
    decided = met + breached
    if met < 0 or breached < 0:
        raise ValueError("Counts cannot be negative.")
    return None if decided == 0 else met / decided
