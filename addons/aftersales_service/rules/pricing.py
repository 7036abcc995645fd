"""Prices of paid work: the fee schedule and the cost-plus quote.

DOMAIN.md (Paid work and billing): before paid work the customer is told the
price from the published fee schedule; a repair quote is cost (materials +
labour + travel + tax) plus 40 % (a setting). Money is Decimal here, rounded
half-up to the currency's rounding, which the caller passes in (Odoo's
``res.currency.rounding``); sums are exact.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

FEE_LABOUR = "labour"
FEE_TRAVEL = "travel"
FEE_CALLOUT = "callout"


def to_decimal(value) -> Decimal:
    """A float from the database as the decimal it was typed as."""
    return value if isinstance(value, Decimal) else Decimal(str(value))


def round_money(amount, rounding) -> Decimal:
    """Half-up to a multiple of ``rounding`` (e.g. 0.01), like Odoo's
    ``float_round``."""
    step = to_decimal(rounding)
    if step <= 0:
        raise ValueError(f"The currency rounding must be positive ({rounding}).")
    units = (to_decimal(amount) / step).quantize(Decimal(1), rounding=ROUND_HALF_UP)
    return units * step


def cost_plus(cost, markup_percent, rounding) -> Decimal:
    """Unit price = cost x (1 + markup %), rounded to the currency."""
    cost, markup = to_decimal(cost), to_decimal(markup_percent)
    if cost < 0:
        raise ValueError(f"A cost cannot be negative ({cost}).")
    if markup < 0:
        raise ValueError(f"A markup cannot be negative ({markup} %).")
    return round_money(cost * (1 + markup / 100), rounding)


def line_amount(quantity, unit_price, rounding) -> Decimal:
    """Quantity x unit price, rounded once."""
    quantity, unit_price = to_decimal(quantity), to_decimal(unit_price)
    if quantity < 0:
        raise ValueError(f"A quantity cannot be negative ({quantity}).")
    if unit_price < 0:
        raise ValueError(f"A price cannot be negative ({unit_price}).")
    return round_money(quantity * unit_price, rounding)


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
    per_km: bool = False


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


def fee_quantity(fee: Fee, hours=None, km=None) -> Decimal:
    """How many units of the fee: hours of labour, km of travel when the fee
    is per km, else one."""
    if fee.fee_type == FEE_LABOUR:
        quantity = to_decimal(hours if hours is not None else 1)
    elif fee.per_km:
        if km is None:
            raise ValueError("A per-km travel fee needs the distance.")
        quantity = to_decimal(km)
    else:
        quantity = Decimal(1)
    if quantity < 0:
        raise ValueError(f"A quantity cannot be negative ({quantity}).")
    return quantity
