"""A/B/C classification of spare parts by consumption value.

Plain values in, plain values out: no Odoo import. The parts are sorted by
consumption value, highest first; a part is A while the value of the parts
before it is below ``a_percent`` of the total, B while below
``a_percent + b_percent``, C otherwise. Parts with the same value get the
same class (the class of the first of them), so the order of equal parts
never changes a result; parts with no consumption are always C.
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Mapping

CLASSES = ("a", "b", "c")
# Relative tolerance when comparing cumulative shares with the limits.
_EPSILON = 1e-9


def check_percents(a_percent: float, b_percent: float) -> None:
    """Refuse limits that do not split 100 %."""
    if a_percent < 0 or b_percent < 0:
        raise ValueError("The A and B shares cannot be negative.")
    if a_percent + b_percent > 100:
        raise ValueError("The A and B shares together cannot exceed 100 %.")


def classify(
    values: Mapping[Hashable, float],
    a_percent: float = 80.0,
    b_percent: float = 15.0,
) -> dict[Hashable, str]:
    """``{key: 'a' | 'b' | 'c'}`` for ``{key: consumption value}``."""
    check_percents(a_percent, b_percent)
    clean = {key: max(float(value or 0.0), 0.0) for key, value in values.items()}
    total = sum(clean.values())
    result = {key: "c" for key in clean}
    if total <= 0:
        return result
    groups: dict[float, list[Hashable]] = {}
    for key, value in clean.items():
        if value > 0:
            groups.setdefault(value, []).append(key)
    cumulative = 0.0
    a_limit = a_percent * total / 100
    b_limit = (a_percent + b_percent) * total / 100
    tolerance = total * _EPSILON
    for value in sorted(groups, reverse=True):
        keys = groups[value]
        if cumulative < a_limit - tolerance:
            klass = "a"
        elif cumulative < b_limit - tolerance:
            klass = "b"
        else:
            klass = "c"
        for key in keys:
            result[key] = klass
        cumulative += value * len(keys)
    return result


def reorder_levels(
    quantity: float, window_days: int, min_days: int, max_days: int
) -> tuple[float, float]:
    """(min, max) stock levels covering ``min_days`` and ``max_days`` of the
    average daily consumption of ``quantity`` over ``window_days``, rounded up
    to whole units; max is never below min."""
    if window_days <= 0:
        raise ValueError("The consumption window must be at least one day.")
    if min_days < 0 or max_days < 0:
        raise ValueError("Cover days cannot be negative.")
    daily = max(float(quantity or 0.0), 0.0) / window_days
    minimum = float(math.ceil(daily * min_days - 1e-9)) if daily else 0.0
    maximum = float(math.ceil(daily * max_days - 1e-9)) if daily else 0.0
    return minimum, max(minimum, maximum)
