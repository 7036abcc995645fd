"""Return policies (addons/aftersales_parts/rules/returns.py)."""

from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from .conftest import load_rule

returns = load_rule("aftersales_parts", "returns")

FOOD = returns.Policy(
    key="food",
    reasons={
        "quality": returns.ReasonRule("exchange"),
        "leak": returns.ReasonRule("swap"),
        "breakage": returns.ReasonRule("reimburse"),
        "packaging": returns.ReasonRule("swap", direct_max_units=15),
        "resale": returns.ReasonRule("credit"),
    },
    expiry_months=3,
    exchange_same_only=True,
    credit_rate=0.8,
    swap_products=frozenset({"can", "carton"}),
    breakage_rate=0.002,
    approval_tiers=((1000.0, "lead"), (None, "director")),
)
TODAY = date(2026, 3, 20)


def app(reason="quality", product="can", quantity=1.0, value=100.0, **kw):
    kw.setdefault("applied_on", TODAY)
    kw.setdefault("expiry_date", date(2026, 12, 31))
    kw.setdefault("customer", "shop")
    return returns.Application(
        key=kw.pop("key", 1),
        reason=reason,
        product=product,
        quantity=quantity,
        value=value,
        **kw,
    )


def test_reason_not_accepted_is_refused():
    decision = returns.decide(app(reason="taste"), FOOD)
    assert (decision.outcome, decision.rule) == ("refuse", "reason")
    assert returns.decide(app(), None).outcome == "refuse"


def test_expiry_window_three_months():
    expiry = date(2026, 6, 20)
    on_limit = returns.decide(
        app(expiry_date=expiry, applied_on=date(2026, 3, 20)), FOOD
    )
    assert on_limit.outcome == "exchange"
    late = returns.decide(app(expiry_date=expiry, applied_on=date(2026, 3, 21)), FOOD)
    assert (late.outcome, late.rule) == ("refuse", "expiry")
    assert late.facts["expiry_limit"] == date(2026, 3, 20)


def test_no_expiry_known_is_not_refused():
    decision = returns.decide(app(expiry_date=None), FOOD)
    assert decision.outcome == "exchange"
    assert decision.facts["expiry_months"] == 3


def test_exchange_same_product_or_credit_at_discount():
    same = returns.decide(app(), FOOD)
    assert (same.outcome, same.rule, same.needs_approval) == (
        "exchange",
        "exchange_same",
        True,
    )
    other = returns.decide(app(other_product=True), FOOD)
    assert (other.outcome, other.rule, other.credit_rate) == (
        "credit",
        "credit_discount",
        0.8,
    )


def test_leaking_cans_swapped_one_to_one_directly():
    decision = returns.decide(app(reason="leak", quantity=40), FOOD)
    assert (decision.outcome, decision.rule, decision.needs_approval) == (
        "swap",
        "swap_list",
        False,
    )
    assert decision.accepted_quantity == 40
    bottle = returns.decide(app(reason="leak", product="bottle"), FOOD)
    assert (bottle.outcome, bottle.rule, bottle.needs_approval) == (
        "exchange",
        "not_on_swap_list",
        True,
    )


def test_packaging_direct_up_to_15_units():
    assert not returns.decide(app(reason="packaging", quantity=15), FOOD).needs_approval
    above = returns.decide(app(reason="packaging", quantity=16), FOOD)
    assert (above.rule, above.needs_approval, above.accepted_quantity) == (
        "direct_limit",
        True,
        15,
    )
    # Over a limit escalates one level up.
    assert above.approval_level == "director"


def test_breakage_quota_share_of_delivered():
    within = returns.decide(app(reason="breakage", quantity=2), FOOD, delivered=1000)
    assert (within.rule, within.needs_approval) == ("breakage_quota", False)
    over = returns.decide(app(reason="breakage", quantity=3), FOOD, delivered=1000)
    assert (over.rule, over.needs_approval, over.accepted_quantity) == (
        "breakage_over",
        True,
        2.0,
    )
    used = returns.decide(
        app(reason="breakage", quantity=1), FOOD, delivered=1000, used=1.5
    )
    assert used.needs_approval


def test_breakage_quota_across_a_quarter_boundary():
    """Deliveries of Q1 do not feed a claim of Q2; claims of Q1 do not use up
    the quota of Q2."""
    q1 = returns.quarter_start(date(2026, 3, 31))
    q2 = returns.quarter_start(date(2026, 4, 1))
    assert (q1, q2) == (date(2026, 1, 1), date(2026, 4, 1))
    delivered = {("shop", "glass", q1): 1000.0, ("shop", "glass", q2): 500.0}
    apps = [
        app(
            key=1,
            reason="breakage",
            product="glass",
            quantity=2,
            applied_on=date(2026, 3, 31),
        ),
        app(
            key=2,
            reason="breakage",
            product="glass",
            quantity=1,
            applied_on=date(2026, 4, 1),
        ),
        app(
            key=3,
            reason="breakage",
            product="glass",
            quantity=0.5,
            applied_on=date(2026, 4, 2),
        ),
    ]
    decisions = returns.decide_batch(apps, {1: FOOD, 2: FOOD, 3: FOOD}, delivered, {})
    assert decisions[1].rule == "breakage_quota"  # 2 of 2 in Q1
    assert decisions[2].rule == "breakage_quota"  # 1 of 1 in Q2
    assert decisions[3].rule == "breakage_over"  # Q2 used up
    assert decisions[3].accepted_quantity == 0


def test_dealer_outcomes_pass_through():
    dealer = returns.Policy(
        key="dealer",
        reasons={
            "faulty": returns.ReasonRule("factory"),
            "transport": returns.ReasonRule("repair"),
        },
        approval_tiers=((None, "manager"),),
    )
    decision = returns.decide(app(reason="faulty", expiry_date=None), dealer)
    assert (decision.outcome, decision.rule, decision.approval_level) == (
        "factory",
        "outcome",
        "manager",
    )


def test_approval_level_by_value():
    tiers = ((None, "top"), (500.0, "low"), (5000.0, "mid"))
    assert returns.approval_level(10, tiers) == "low"
    assert returns.approval_level(500, tiers) == "low"
    assert returns.approval_level(501, tiers) == "mid"
    assert returns.approval_level(10**9, tiers) == "top"
    assert returns.approval_level(1, ()) is None
    assert returns.approval_level(10**9, ((100.0, "a"),)) == "a"
    assert returns.escalate("low", tiers) == "mid"
    assert returns.escalate("top", tiers) == "top"


def test_sanbao_due():
    assert returns.sanbao_due(2, 2, True)
    assert not returns.sanbao_due(1, 2, True)
    assert not returns.sanbao_due(5, 2, False)
    assert not returns.sanbao_due(5, 0, True)


@given(st.dates(min_value=date(2000, 1, 1), max_value=date(2100, 12, 31)))
def test_quarter_bounds(day):
    start, end = returns.quarter_start(day), returns.quarter_end(day)
    assert start <= day <= end
    assert start.month in (1, 4, 7, 10) and start.day == 1
    assert returns.quarter_start(end + timedelta(days=1)) == end + timedelta(days=1)


@given(
    st.lists(
        st.tuples(
            st.floats(min_value=0.1, max_value=50, allow_nan=False),
            st.dates(min_value=date(2026, 1, 1), max_value=date(2026, 12, 31)),
        ),
        max_size=30,
    ),
    st.floats(min_value=0, max_value=100000, allow_nan=False),
)
def test_breakage_never_exceeds_quota_per_quarter(claims, delivered_qty):
    apps = [
        app(
            key=i,
            reason="breakage",
            product="glass",
            quantity=qty,
            applied_on=day,
            expiry_date=date(2030, 1, 1),
        )
        for i, (qty, day) in enumerate(claims)
    ]
    delivered = {
        ("shop", "glass", returns.quarter_start(date(2026, m, 1))): delivered_qty
        for m in (1, 4, 7, 10)
    }
    decisions = returns.decide_batch(apps, {a.key: FOOD for a in apps}, delivered, {})
    per_quarter = {}
    for application in apps:
        decision = decisions[application.key]
        quarter = returns.quarter_start(application.applied_on)
        per_quarter[quarter] = per_quarter.get(quarter, 0) + decision.accepted_quantity
        if not decision.needs_approval:
            assert decision.accepted_quantity == application.quantity
    for total in per_quarter.values():
        assert total <= delivered_qty * 0.002 + 1e-9


@given(
    st.sampled_from(["quality", "leak", "breakage", "packaging", "resale", "x"]),
    st.floats(min_value=0.1, max_value=100, allow_nan=False),
    st.dates(min_value=date(2025, 1, 1), max_value=date(2027, 12, 31)),
)
def test_refused_or_decided_by_a_known_rule(reason, quantity, applied_on):
    decision = returns.decide(
        app(reason=reason, quantity=quantity, applied_on=applied_on), FOOD, 10**6
    )
    assert decision.outcome in (*returns.OUTCOMES, "refuse")
    if decision.outcome == "refuse":
        assert not decision.needs_approval
    elif decision.outcome not in returns.DIRECT_OUTCOMES:
        assert decision.needs_approval and decision.approval_level
