import io
from datetime import timedelta

import openpyxl
from freezegun import freeze_time

from odoo import fields
from odoo.tests import tagged

from odoo.addons.aftersales_service.rules import kpi as kpi_rules

from ..models import aftersales_kpi_fact as parts_kpi
from .common import PartsCommon


@tagged("post_install", "-at_install")
class TestKpiParts(PartsCommon):
    """The parts figures of the month (issued, A/B/C, charged for loss)
    are facts that agree with the database and replace the workbook's
    "not available" parts line."""

    def test_parts_figures_in_facts_and_workbook(self):
        self.company.write(
            {"aftersales_parts_return_days": 7, "aftersales_parts_charge_days": 30}
        )
        ticket = self._job()
        self._validate(self._request(ticket, [(self.compressor, 1)]))
        expected = ticket.aftersales_part_return_ids
        with freeze_time(expected.due_date + timedelta(days=30)):
            expected.with_user(self.clerk).action_charge_technician()
        self.env["product.product"]._aftersales_abc_classify(self.company)
        month = expected.charged_date.replace(day=1)
        issue_month = fields.Date.today().replace(day=1)
        Fact = self.env["aftersales.kpi.fact"]
        Fact._aftersales_build(month, self.company)
        if issue_month != month:
            Fact._aftersales_build(issue_month, self.company)
        codes = [code for code, _label in parts_kpi.PARTS_FIGURES]
        scope = [("company_id", "=", self.company.id), ("period", "=", month)]
        sums = Fact._aftersales_sums(scope, codes, groupby=["user_id"])
        self.assertEqual(
            sums[(self.technician, parts_kpi.KPI_LOSS)],
            (1, expected.charge_amount),
            "charged to the technician, per technician",
        )
        issued = Fact._aftersales_sums(
            [("company_id", "=", self.company.id), ("period", "=", issue_month)],
            [parts_kpi.KPI_ISSUED],
        )
        start, end = kpi_rules.period_bounds(
            issue_month, 1, Fact._aftersales_tz(self.company)
        )
        moves = self.env["stock.move"].search_count(
            [
                ("company_id", "=", self.company.id),
                ("state", "=", "done"),
                ("aftersales_charge_line_id", "!=", False),
                ("origin_returned_move_id", "=", False),
                ("date", ">=", start),
                ("date", "<", end),
            ]
        )
        self.assertGreaterEqual(moves, 1, "the compressor's issue")
        self.assertEqual(issued[(parts_kpi.KPI_ISSUED,)][0], moves)
        classified = self.env["product.template"].search_count(
            [
                ("aftersales_spare_part", "=", True),
                ("company_id", "in", (self.company.id, False)),
                ("aftersales_abc_class", "=", "a"),
            ]
        )
        totals = Fact._aftersales_sums(scope, codes)
        self.assertEqual(totals.get((parts_kpi.KPI_CLASS_A,), (0, 0.0))[0], classified)
        content = (
            self.env["aftersales.kpi.period"]
            .with_user(self.manager)
            ._aftersales_workbook(month, "1", self.company)
        )
        other = {
            row[0]: row[1]
            for row in openpyxl.load_workbook(io.BytesIO(content))[
                "Other Areas"
            ].iter_rows(min_row=2, values_only=True)
        }
        self.assertEqual(other["Parts Charged to Technicians for Loss"], 1)
        self.assertEqual(
            other["Amount Charged to Technicians for Loss"], expected.charge_amount
        )
        self.assertNotIn("Parts: issued, A/B/C, charged to technicians for loss", other)
        self.assertIsInstance(other["Spare Parts in Class A"], int)
