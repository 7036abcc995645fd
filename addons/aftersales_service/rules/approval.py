"""Who approves a goodwill or compensation amount.

DOMAIN.md (Paid work and billing): by its size as a multiple of the disputed
item: up to 1x the sales representative, 2x the supervisor, 5x the sales
manager, 5-10x the director, over 10x the general manager. The multiples are
records (a setting); this module picks the level.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from .pricing import to_decimal


@dataclass(frozen=True)
class Level:
    key: object
    rank: int  # higher rank approves more
    max_multiple: Decimal | None  # None: no upper limit (the top level)


def required_level(amount, disputed_value, levels):
    """The lowest level whose multiple covers ``amount`` / ``disputed_value``.

    ``levels`` in any order; an amount exactly at a level's multiple is that
    level's. Above every limited level, the unlimited one; ValueError when none
    covers it or the inputs are not positive.
    """
    amount, disputed = to_decimal(amount), to_decimal(disputed_value)
    if amount <= 0:
        raise ValueError(f"The goodwill amount must be positive ({amount}).")
    if disputed <= 0:
        raise ValueError(f"The disputed value must be positive ({disputed}).")
    ordered = sorted(levels, key=lambda level: level.rank)
    for level in ordered:
        if level.max_multiple is None or amount <= disputed * to_decimal(
            level.max_multiple
        ):
            return level.key
    raise ValueError(
        f"No approval level covers {amount} ({amount / disputed:.2f}x the disputed "
        "value); add a level without limit."
    )


def can_approve(approver_ranks, required_rank) -> bool:
    """An approver may approve at their highest level and below."""
    return any(rank >= required_rank for rank in approver_ranks)
