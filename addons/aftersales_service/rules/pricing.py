"""Prices of paid work: the fee schedule and the cost-plus quote.

DOMAIN.md (Paid work and billing): before paid work the customer is told the
price from the published fee schedule; a repair quote is cost (materials +
labour + travel + tax) plus 40 % (a setting). Money is Decimal here and
exact: products and sums are not rounded; the models round each amount once
with ``res.currency.round`` (half-up to the currency's rounding).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

FEE_LABOUR = "labour"
FEE_TRAVEL = "travel"
FEE_CALLOUT = "callout"


def to_decimal(value) -> Decimal:
    """A float from the database as the decimal it was typed as."""
    return value if isinstance(value, Decimal) else Decimal(str(value))


def cost_plus(cost, markup_percent) -> Decimal:
    """Unit price = cost x (1 + markup %), exact; the model rounds it with
    ``res.currency.round``."""
    cost, markup = to_decimal(cost), to_decimal(markup_percent)
    if cost < 0:
        raise ValueError(f"A cost cannot be negative ({cost}).")
    if markup < 0:
        raise ValueError(f"A markup cannot be negative ({markup} %).")
    return cost * (1 + markup / 100)


def line_amount(quantity, unit_price) -> Decimal:
    """Quantity x unit price, exact; the model rounds it once with
    ``res.currency.round``."""
    quantity, unit_price = to_decimal(quantity), to_decimal(unit_price)
    if quantity < 0:
        raise ValueError(f"A quantity cannot be negative ({quantity}).")
    if unit_price < 0:
        raise ValueError(f"A price cannot be negative ({unit_price}).")
    return quantity * unit_price


def total(amounts) -> Decimal:
    """Exact sum of amounts already rounded."""
    return sum((to_decimal(amount) for amount in amounts), Decimal(0))


@dataclass(frozen=True)
class Fee:
    key: object
    fee_type: str
    amount: Decimal
    skill_level: str | None = None
    zone: object = None


def choose_fee(fees, fee_type, skill_level=None, zone=None):
    """The fee of ``fee_type`` for this skill level (labour) or zone (travel).

    An exact match beats a fee without that condition; a fee whose condition
    differs never applies. ``None`` when no fee applies.
    """
    best, best_rank = None, None
    for position, fee in enumerate(fees):
        if fee.fee_type != fee_type:
            continue
        if fee.skill_level not in (None, skill_level):
            continue
        if fee.zone not in (None, zone):
            continue
        specific = (fee.skill_level is not None) + (fee.zone is not None)
        rank = (-specific, position)
        if best_rank is None or rank < best_rank:
            best, best_rank = fee, rank
    return best
