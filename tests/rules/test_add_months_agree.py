"""One month-end rule for the product: the safety addon's ``gating.add_months``
gives the warranty's ``add_months`` result for every date and month count.

A rules module loads by file path without Odoo and cannot import another
addon's rules, so the two copies are held together here.
"""

from __future__ import annotations

from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from .conftest import load_rule

G = load_rule("aftersales_safety", "gating")
W = load_rule("aftersales_service", "warranty")

days = st.dates(min_value=date(1900, 1, 1), max_value=date(2400, 12, 31))


@given(day=days, months=st.integers(min_value=0, max_value=600))
def test_gating_and_warranty_add_months_agree(day, months):
    assert G.add_months(day, months) == W.add_months(day, months)


def test_every_month_end_of_a_leap_cycle_agrees():
    for year in (2023, 2024, 2100):
        for month in range(1, 13):
            for day in (28, 29, 30, 31):
                try:
                    start = date(year, month, day)
                except ValueError:
                    continue
                for months in range(0, 49):
                    assert G.add_months(start, months) == W.add_months(start, months)
