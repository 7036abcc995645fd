import io
from datetime import date

import openpyxl

from odoo.tests import tagged

from ..models import aftersales_kpi_fact as safety_kpi
from .common import AftersalesSafetyCommon


@tagged("post_install", "-at_install")
class TestKpiSafety(AftersalesSafetyCommon):
    """The safety figures of the month (trainings, people trained,
    certificates expiring, stop-work orders) are facts that agree with the
    registers and replace the workbook's "not available" safety line;
    incidents and hazards stay not available (no register yet)."""

    def test_safety_figures_in_facts_and_workbook(self):
        Fact = self.env["aftersales.kpi.fact"]
        codes = [code for code, _label in safety_kpi.SAFETY_FIGURES]
        june = date(2029, 6, 1)
        Fact._aftersales_build(june, self.company)
        scope = [("company_id", "=", self.company.id), ("period", "=", june)]
        totals = Fact._aftersales_sums(scope, codes)
        self.assertEqual(totals[(safety_kpi.KPI_TRAININGS,)][0], 1)
        by_user = Fact._aftersales_sums(
            scope, [safety_kpi.KPI_TRAINED], groupby=["user_id"]
        )
        self.assertEqual(by_user[(self.technician, safety_kpi.KPI_TRAINED)][0], 1)
        self.assertEqual(by_user[(self.technician_2, safety_kpi.KPI_TRAINED)][0], 1)
        # Both electrician certificates end on 31 December 2031.
        december = date(2031, 12, 1)
        Fact._aftersales_build(december, self.company)
        expiring = Fact._aftersales_sums(
            [("company_id", "=", self.company.id), ("period", "=", december)],
            [safety_kpi.KPI_CERTIFICATES_EXPIRING],
        )
        self.assertEqual(expiring[(safety_kpi.KPI_CERTIFICATES_EXPIRING,)][0], 2)
        content = (
            self.env["aftersales.kpi.period"]
            .with_user(self.manager)
            ._aftersales_workbook(june, "1", self.company)
        )
        other = {
            row[0]: row[1]
            for row in openpyxl.load_workbook(io.BytesIO(content))[
                "Other Areas"
            ].iter_rows(min_row=2, values_only=True)
        }
        self.assertEqual(other["Safety Trainings Held"], 1)
        self.assertEqual(other["People Trained (Passed)"], 2)
        self.assertEqual(other["Certificates Expiring"], 0)
        self.assertEqual(other["Stop-Work Orders"], 0)
        self.assertEqual(other["Safety: incidents, hazards"], "not available")
        self.assertNotIn(
            "Safety: trainings, certificates expiring, stop-work orders", other
        )
