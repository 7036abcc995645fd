"""Returns, exchanges and 三包 replacements decided by a company's policy.

DOMAIN.md "Returns and exchanges" and seed 003 (a food company): returns and
exchanges only up to N months before expiry (3); exchange for the same
product, otherwise at a discounted value; leaking cans swapped 1:1; glass
breakage reimbursed up to a share (0.2 %) of the customer's purchases per
quarter; damaged packaging swapped directly up to N units (15) per size,
approval above; a leader approves before goods move. Seed 001 (dealers and
equipment): resaleable, transport-damaged, misused or faulty units are
repaired, exchanged or returned to the factory; under 三包 a unit that fails
again after repeated repairs is replaced or refunded.

Plain values in, plain values out: the model (``rma``) gathers the facts in a
few queries per batch and calls :func:`decide_batch`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

# What a reason leads to under a policy.
OUTCOMES = ("exchange", "credit", "swap", "reimburse", "repair", "factory")
# Outcomes that are the policy's own remedies and pass without a manager when
# within their limits (the 1:1 swap list, the quarterly breakage quota, the
# direct swap limit); returns and exchanges are always approved by a leader.
DIRECT_OUTCOMES = ("swap", "reimburse")

# Rule codes, each worded by the model (like the ticket's coverage reason).
RULE_REASON = "reason"
RULE_EXPIRY = "expiry"
RULE_EXPIRY_UNKNOWN = "expiry_unknown"
RULE_SWAP_LIST = "swap_list"
RULE_NOT_ON_SWAP_LIST = "not_on_swap_list"
RULE_BREAKAGE_QUOTA = "breakage_quota"
RULE_BREAKAGE_OVER = "breakage_over"
RULE_DIRECT_LIMIT = "direct_limit"
RULE_EXCHANGE_SAME = "exchange_same"
RULE_CREDIT_DISCOUNT = "credit_discount"
RULE_CREDIT = "credit"
RULE_OUTCOME = "outcome"


@dataclass(frozen=True)
class ReasonRule:
    """One accepted reason of a policy: what it leads to, and how many units
    per product variant one application may take without approval (0: no
    limit)."""

    outcome: str
    direct_max_units: float = 0.0


@dataclass(frozen=True)
class Policy:
    key: object
    reasons: dict = field(default_factory=dict)  # reason key -> ReasonRule
    expiry_months: int = 0  # 0: no expiry window
    exchange_same_only: bool = True
    credit_rate: float = 1.0  # share of the value credited
    swap_products: frozenset = frozenset()  # the 1:1 list; empty: any product
    breakage_rate: float = 0.0  # share of the quarter's delivered quantity
    # ((max value or None for no limit, approval level key), ...) by value
    approval_tiers: tuple = ()


@dataclass(frozen=True)
class Application:
    key: object
    reason: object
    product: object
    quantity: float
    value: float
    applied_on: date
    customer: object = None
    expiry_date: date | None = None
    other_product: bool = False  # the customer wants another product


@dataclass(frozen=True)
class Decision:
    outcome: str  # one of OUTCOMES or "refuse"
    rule: str  # the rule that decided (RULE_*)
    needs_approval: bool
    approval_level: object = None  # key of the level that approves, if any
    accepted_quantity: float = 0.0  # within the quota / direct limit
    credit_rate: float = 1.0
    # Figures the model words the reason with (limit date, quota, …).
    facts: dict = field(default_factory=dict)


def add_months(day: date, months: int) -> date:
    """``day`` moved by ``months`` calendar months (end of month kept)."""
    month_index = day.year * 12 + day.month - 1 + months
    year, month = divmod(month_index, 12)
    month += 1
    for last in (31, 30, 29, 28):
        try:
            return date(year, month, min(day.day, last))
        except ValueError:
            continue
    raise ValueError(day)  # pragma: no cover


def quarter_start(day: date) -> date:
    """First day of the calendar quarter of ``day``."""
    return date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)


def quarter_end(day: date) -> date:
    """Last day of the calendar quarter of ``day``."""
    start = quarter_start(day)
    following = add_months(start, 3)
    return date.fromordinal(following.toordinal() - 1)


def approval_level(value: float, tiers) -> object:
    """Key of the first tier whose limit covers ``value`` (tiers ordered by
    limit, ``None`` = no limit); the last tier when none covers it."""
    ordered = sorted(tiers, key=lambda tier: (tier[0] is None, tier[0] or 0))
    for limit, level in ordered:
        if limit is None or value <= limit:
            return level
    return ordered[-1][1] if ordered else None


def escalate(level: object, tiers) -> object:
    """The level above ``level`` in ``tiers`` (itself when it is the top)."""
    ordered = [
        lvl
        for _limit, lvl in sorted(
            tiers, key=lambda tier: (tier[0] is None, tier[0] or 0)
        )
    ]
    if level not in ordered:
        return level
    return ordered[min(ordered.index(level) + 1, len(ordered) - 1)]


def breakage_allowance(delivered: float, rate: float, used: float) -> float:
    """Units still reimbursable this quarter: ``rate`` of the delivered
    quantity less what was already reimbursed (never negative)."""
    return max(0.0, delivered * rate - used)


def decide(
    application: Application,
    policy: Policy | None,
    delivered: float = 0.0,
    used: float = 0.0,
) -> Decision:
    """The policy's decision on one application. ``delivered``: the
    customer's delivered quantity of the product in the quarter of the
    application (by delivery date); ``used``: breakage already reimbursed to
    them for that product in that quarter."""
    if policy is None or application.reason not in policy.reasons:
        return Decision("refuse", RULE_REASON, False)
    reason_rule = policy.reasons[application.reason]
    facts = {}
    if policy.expiry_months:
        if application.expiry_date is None:
            facts["expiry_months"] = policy.expiry_months
        else:
            limit = add_months(application.expiry_date, -policy.expiry_months)
            facts["expiry_limit"] = limit
            if application.applied_on > limit:
                return Decision("refuse", RULE_EXPIRY, False, facts=facts)
    tiers = policy.approval_tiers
    level = approval_level(application.value, tiers)
    outcome = reason_rule.outcome
    quantity = application.quantity
    if outcome == "swap":
        if policy.swap_products and application.product not in policy.swap_products:
            # Not a product the 1:1 list swaps: exchanged like any return.
            return Decision(
                "exchange", RULE_NOT_ON_SWAP_LIST, True, level, quantity, facts=facts
            )
        decision = Decision("swap", RULE_SWAP_LIST, False, None, quantity, facts=facts)
    elif outcome == "reimburse":
        allowance = breakage_allowance(delivered, policy.breakage_rate, used)
        facts.update(delivered=delivered, used=used, allowance=allowance)
        if quantity > allowance:
            return Decision(
                "reimburse",
                RULE_BREAKAGE_OVER,
                True,
                escalate(level, tiers),
                allowance,
                facts=facts,
            )
        decision = Decision(
            "reimburse", RULE_BREAKAGE_QUOTA, False, None, quantity, facts=facts
        )
    elif outcome == "exchange":
        if application.other_product and policy.exchange_same_only:
            return Decision(
                "credit",
                RULE_CREDIT_DISCOUNT,
                True,
                level,
                quantity,
                policy.credit_rate,
                facts,
            )
        return Decision(
            "exchange", RULE_EXCHANGE_SAME, True, level, quantity, facts=facts
        )
    elif outcome == "credit":
        return Decision(
            "credit", RULE_CREDIT, True, level, quantity, policy.credit_rate, facts
        )
    else:
        return Decision(outcome, RULE_OUTCOME, True, level, quantity, facts=facts)
    # Direct outcomes: within the per-application limit they need nobody.
    limit = reason_rule.direct_max_units
    if limit and quantity > limit:
        facts["direct_max_units"] = limit
        return Decision(
            decision.outcome,
            RULE_DIRECT_LIMIT,
            True,
            escalate(level, tiers),
            limit,
            facts=facts,
        )
    return decision


def decide_batch(applications, policies, delivered, used) -> dict:
    """Decide many applications at once, in the given order: a quarter's
    breakage reimbursed to a customer by one application counts against the
    next. ``policies``: application key -> Policy (or None); ``delivered`` and
    ``used``: (customer, product, quarter start) -> quantity. Returns
    application key -> Decision."""
    running = dict(used)
    result = {}
    for application in applications:
        bucket = (
            application.customer,
            application.product,
            quarter_start(application.applied_on),
        )
        decision = decide(
            application,
            policies.get(application.key),
            delivered.get(bucket, 0.0),
            running.get(bucket, 0.0),
        )
        if decision.outcome == "reimburse":
            running[bucket] = running.get(bucket, 0.0) + decision.accepted_quantity
        result[application.key] = decision
    return result


def sanbao_due(repeat_repairs: int, threshold: int, in_warranty: bool) -> bool:
    """三包: a unit in warranty that came back for repair ``threshold`` times
    (repeat repairs of the same fault) is due a replacement or refund
    (0: the policy does not propose)."""
    return bool(threshold) and in_warranty and repeat_repairs >= threshold
