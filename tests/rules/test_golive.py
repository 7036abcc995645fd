"""addons/aftersales_service/rules/golive.py: a unit's customer and warranty
start from its delivery/invoice history at go-live (DOMAIN.md, Warranty: the
period starts at the proof of purchase; data set by hand is kept; an
ambiguous history is reported, never guessed)."""

from __future__ import annotations

from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from .conftest import load_rule

G = load_rule("aftersales_service", "golive")
D1, D2 = date(2024, 3, 1), date(2024, 3, 9)


def test_never_delivered_sets_nothing():
    assert G.decide(G.History(deliveries=0)) == G.Outcome()


def test_delivery_sets_customer_and_start():
    out = G.decide(G.History(1, first_delivery=D1, delivery_customers=(7,)))
    assert (out.customer, out.start, out.start_source) == (7, D1, "delivery")


def test_invoice_company_starts_at_invoice_date():
    out = G.decide(
        G.History(
            1,
            first_delivery=D1,
            delivery_customers=(7,),
            invoice_date=D2,
            invoice_customers=(7,),
            start_event="invoice",
        )
    )
    assert (out.start, out.start_source) == (D2, "invoice")


def test_invoice_company_without_invoice_sets_customer_only():
    out = G.decide(
        G.History(1, first_delivery=D1, delivery_customers=(7,), start_event="invoice")
    )
    assert (out.customer, out.start, out.no_invoice) == (7, None, True)


def test_manual_start_and_customer_kept():
    out = G.decide(
        G.History(
            1,
            first_delivery=D1,
            delivery_customers=(7,),
            current_customer=7,
            start_source="manual",
        )
    )
    assert (out.customer, out.start, out.kept_start) == (None, None, True)


def test_conflicts_listed_and_nothing_set():
    twice = G.decide(
        G.History(2, returns=1, first_delivery=D1, delivery_customers=(7, 8))
    )
    assert twice.conflicts == ("delivered_twice", "returned")
    mismatch = G.decide(
        G.History(1, first_delivery=D1, delivery_customers=(7,), invoice_customers=(8,))
    )
    assert mismatch.conflicts == ("customer_mismatch",)
    owner = G.decide(
        G.History(1, first_delivery=D1, delivery_customers=(7,), current_customer=9)
    )
    assert owner.conflicts == ("owner_differs",)
    early = G.decide(
        G.History(1, first_delivery=D1, delivery_customers=(7,), factory_date=D2)
    )
    assert early.conflicts == ("before_factory",)
    for out in (twice, mismatch, owner, early):
        assert (out.customer, out.start) == (None, None)


@given(
    st.integers(0, 3),
    st.integers(0, 2),
    st.sampled_from(
        [None, "factory", "manual", "card", "invoice", "delivery", "import"]
    ),
    st.one_of(st.none(), st.integers(1, 3)),
)
def test_set_values_never_replace_proof_or_owner(deliveries, returns, source, owner):
    out = G.decide(
        G.History(
            deliveries,
            returns,
            first_delivery=D1,
            delivery_customers=(1,),
            current_customer=owner,
            start_source=source,
        )
    )
    if source not in (None, "factory"):
        assert out.start is None
    if owner:
        assert out.customer is None
    if out.conflicts:
        assert (out.customer, out.start) == (None, None)
