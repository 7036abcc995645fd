"""Customer satisfaction: the score, who counts as satisfied, the rate.

DOMAIN.md (Follow-up and satisfaction; Response and resolution deadlines):
the customer rates the service from 1 to 10; the service target is a
customer satisfaction of at least 85 %. What counts as satisfied is a
setting (default: a score of 8 or more), so the rate is the share of rated
services whose score reaches that threshold. Unrated services (not reached,
no answer) are not in the rate at all.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

SCORE_MIN = 1
SCORE_MAX = 10
DEFAULT_SATISFIED_SCORE = 8
DEFAULT_TARGET = Decimal("85")


def check_score(score):
    """``score`` as an int in 1..10, or ValueError naming the range."""
    if isinstance(score, bool) or not isinstance(score, int):
        raise ValueError(f"A satisfaction score is a whole number, not {score!r}.")
    if not SCORE_MIN <= score <= SCORE_MAX:
        raise ValueError(
            f"A satisfaction score is from {SCORE_MIN} to {SCORE_MAX}, not {score}."
        )
    return score


def check_threshold(threshold):
    """The 'satisfied from' setting must itself be a possible score."""
    return check_score(threshold)


def is_satisfied(score, threshold=DEFAULT_SATISFIED_SCORE) -> bool:
    """A customer is satisfied when the score reaches the threshold."""
    return check_score(score) >= check_threshold(threshold)


def satisfaction_rate(scores, threshold=DEFAULT_SATISFIED_SCORE):
    """Percentage (Decimal, 2 places, half up) of ``scores`` that are
    satisfied; None when nothing was rated. Empty or falsy scores (0, None:
    not rated) are left out."""
    rated = [score for score in scores if score]
    if not rated:
        return None
    satisfied = sum(1 for score in rated if is_satisfied(score, threshold))
    rate = Decimal(satisfied) * 100 / Decimal(len(rated))
    return rate.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def meets_target(rate, target=DEFAULT_TARGET) -> bool | None:
    """Whether ``rate`` reaches ``target`` (both in %); None without a rate."""
    if rate is None:
        return None
    return Decimal(str(rate)) >= Decimal(str(target))
