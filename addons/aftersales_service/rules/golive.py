"""Go-live: what a unit's history (deliveries, returns, invoices) says about
its customer and warranty start, decided from plain values.

No Odoo import: the history backfill gathers each serial's facts in SQL and
calls :func:`decide`. The regulations (DOMAIN.md, Warranty): the period
starts at the proof of purchase — the delivery or the invoice, as the company
chooses. Data set by hand (or imported, or already filled by a delivery or
invoice) is never overwritten; an ambiguous history is not guessed: it is
reported for someone to decide.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

DELIVERY = "delivery"
INVOICE = "invoice"

# Conflicts reported for someone to decide; nothing is set for such a unit.
DELIVERED_TWICE = "delivered_twice"
RETURNED = "returned"
CUSTOMER_MISMATCH = "customer_mismatch"  # delivered to one, invoiced to another
OWNER_DIFFERS = "owner_differs"  # the unit already has another customer
BEFORE_FACTORY = "before_factory"  # the history's start is before the factory date

# Sources that may be replaced by the history: none yet, or the factory date
# plus the grace months (a fallback, not a proof).
REPLACEABLE_START_SOURCES = (None, "factory")


@dataclass(frozen=True)
class History:
    deliveries: int
    returns: int = 0
    first_delivery: datetime.date | None = None
    delivery_customers: tuple = ()
    invoice_date: datetime.date | None = None
    invoice_customers: tuple = ()
    current_customer: int | None = None
    start_source: str | None = None
    factory_date: datetime.date | None = None
    start_event: str = DELIVERY


@dataclass(frozen=True)
class Outcome:
    customer: int | None = None
    customer_source: str | None = None
    start: datetime.date | None = None
    start_source: str | None = None
    conflicts: tuple = ()
    kept_start: bool = False  # a start from proof or by hand was kept
    no_invoice: bool = False  # starts at invoice, no posted invoice found


def decide(history: History) -> Outcome:
    """What to set on one serial from its history (nothing when it was
    never delivered, or when the history is ambiguous: the conflicts say
    why)."""
    if not history.deliveries:
        return Outcome()
    conflicts = []
    if history.deliveries > 1:
        conflicts.append(DELIVERED_TWICE)
    if history.returns:
        conflicts.append(RETURNED)
    customers = set(history.delivery_customers)
    if history.invoice_customers and set(history.invoice_customers) != customers:
        conflicts.append(CUSTOMER_MISMATCH)
    if len(customers) == 1:
        [customer] = customers
    else:
        customer = None
    if customer and history.current_customer and history.current_customer != customer:
        conflicts.append(OWNER_DIFFERS)
    if history.start_event == INVOICE:
        start, source = history.invoice_date, INVOICE
    else:
        start, source = history.first_delivery, DELIVERY
    if start and history.factory_date and start < history.factory_date:
        conflicts.append(BEFORE_FACTORY)
    if conflicts:
        return Outcome(conflicts=tuple(conflicts))
    kept = history.start_source not in REPLACEABLE_START_SOURCES
    set_start = start if not kept else None
    return Outcome(
        customer=customer if customer and not history.current_customer else None,
        customer_source=DELIVERY,
        start=set_start,
        start_source=set_start and source,
        kept_start=kept,
        no_invoice=bool(history.start_event == INVOICE and not start and not kept),
    )
