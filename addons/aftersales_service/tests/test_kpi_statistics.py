import io
from datetime import date, datetime

import openpyxl

from odoo.tests import tagged

from ..models import aftersales_kpi_statistics as statistics
from .common import AftersalesCommon

JAN = date(2024, 1, 1)
TZ = "Asia/Shanghai"


@tagged("post_install", "-at_install")
class TestKpiStatistics(AftersalesCommon):
    """Requests by type, channel and product line; warranty cost against
    paid-service revenue; cash collected and handed over: facts of the
    month that agree with the database, shown in the workbook."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.resource_calendar_id.tz = TZ
        phone = cls.env.ref("helpdesk_mgmt.helpdesk_ticket_channel_phone")
        email = cls.env.ref("helpdesk_mgmt.helpdesk_ticket_channel_email")
        Ticket = cls.env["helpdesk.ticket"]
        base = {
            "description": "<p>Blows warm air.</p>",
            "team_id": cls.team.id,
            "partner_id": cls.customer.id,
            "aftersales_lot_id": cls.lot.id,
            "user_id": cls.technician.id,
        }
        cls.repair = Ticket.create(
            {
                **base,
                "name": "Repair by phone",
                "channel_id": phone.id,
                "aftersales_reported_at": datetime(2024, 1, 5, 2),
            }
        )
        cls.install = Ticket.create(
            {
                **base,
                "name": "Installation by e-mail",
                "channel_id": email.id,
                "aftersales_request_type": "installation",
                "aftersales_reported_at": datetime(2024, 1, 9, 2),
            }
        )
        # February's (Shanghai): not counted in January.
        Ticket.create(
            {
                **base,
                "name": "February",
                "channel_id": phone.id,
                "aftersales_reported_at": datetime(2024, 1, 31, 16, 30),
            }
        )
        cls.fan.write({"standard_price": 80.0, "list_price": 150.0, "sale_ok": True})
        # A manager decides who pays, with a reason (here as superuser).
        Line = cls.env["aftersales.charge.line"].sudo()
        Line.create(
            [
                {
                    "ticket_id": ticket.id,
                    "charge_type": "part",
                    "product_id": cls.fan.id,
                    "quantity": 2,
                    "date": day,
                    "payer": payer,
                    "payer_reason": "Decided for the test",
                }
                for ticket, payer, day in (
                    (cls.repair, "warranty", date(2024, 1, 6)),
                    (cls.install, "customer", date(2024, 1, 10)),
                    (cls.install, "customer", date(2024, 2, 1)),
                )
            ]
        )
        Cash = cls.env["aftersales.cash.handover"]
        Cash.create(
            [
                {
                    "ticket_id": cls.install.id,
                    "amount": amount,
                    "collected_at": datetime(2024, 1, 10, 4),
                    "user_id": cls.technician.id,
                }
                for amount in (300.0, 45.5)
            ]
        )
        cls.Fact = cls.env["aftersales.kpi.fact"]
        cls.Fact._aftersales_build(JAN, cls.company, datetime(2024, 6, 1))
        cls.scope = [("company_id", "=", cls.company.id), ("period", "=", JAN)]

    def _expected(self, payer, field):
        lines = self.env["aftersales.charge.line"].search(
            [
                ("company_id", "=", self.company.id),
                ("payer", "=", payer),
                ("date", ">=", JAN),
                ("date", "<", date(2024, 2, 1)),
            ]
        )
        return len(lines), sum(lines.mapped(field))

    def test_statistics_facts_agree_with_the_database(self):
        Fact = self.Fact
        by_type = Fact._aftersales_sums(
            self.scope, [statistics.KPI_REQUESTS], groupby=["request_type"]
        )
        self.assertEqual(by_type[("repair", "requests")][0], 1)
        self.assertEqual(by_type[("installation", "requests")][0], 1)
        by_channel = Fact._aftersales_sums(
            self.scope, [statistics.KPI_REQUESTS], groupby=["channel_id"]
        )
        self.assertEqual(
            {channel.name: count for (channel, _k), (count, _a) in by_channel.items()},
            {"Phone": 1, "Email": 1},
        )
        by_line = Fact._aftersales_sums(
            self.scope, [statistics.KPI_REQUESTS], groupby=["product_categ_id"]
        )
        self.assertEqual(
            by_line[(self.ac.categ_id, "requests")][0], 2, "both of the AC line"
        )
        sums = {
            kpi: value
            for (kpi,), value in Fact._aftersales_sums(
                self.scope,
                [
                    statistics.KPI_WARRANTY_COST,
                    statistics.KPI_PAID_REVENUE,
                    statistics.KPI_CASH_COLLECTED,
                    statistics.KPI_CASH_HANDED_OVER,
                ],
            ).items()
        }
        self.assertEqual(
            sums[statistics.KPI_WARRANTY_COST], self._expected("warranty", "cost_total")
        )
        self.assertEqual(sums[statistics.KPI_WARRANTY_COST], (1, 160.0))
        self.assertEqual(
            sums[statistics.KPI_PAID_REVENUE],
            self._expected("customer", "price_subtotal"),
        )
        self.assertEqual(sums[statistics.KPI_CASH_COLLECTED], (2, 345.5))
        # Nothing registered yet: nothing handed over.
        self.assertNotIn(statistics.KPI_CASH_HANDED_OVER, sums)

    def test_workbook_statistics_sheet(self):
        Period = self.env["aftersales.kpi.period"].with_user(self.manager)
        content = Period._aftersales_workbook(JAN, "1", self.company)
        book = openpyxl.load_workbook(io.BytesIO(content))
        self.assertIn("Statistics", book.sheetnames)
        rows = [row for row in book["Statistics"].iter_rows(values_only=True)]
        labels = {row[0]: row[1:] for row in rows if row[0]}
        self.assertEqual(labels["Warranty Cost"][0], 160.0)
        revenue = self._expected("customer", "price_subtotal")[1]
        self.assertEqual(labels["Paid-Service Revenue"][0], revenue)
        self.assertAlmostEqual(
            labels["Warranty Cost / Paid-Service Revenue (%)"][0],
            round(160.0 * 100 / revenue, 2),
        )
        self.assertEqual(labels["Cash Collected"][0], 345.5)
        self.assertEqual(labels["Cash Not Yet Handed Over"][0], 345.5)
        self.assertEqual(labels["Phone"][0], 1)
        self.assertEqual(labels["Email"][0], 1)
        # Other Areas: parts and safety not installed with the service alone
        # in this run say so, never zero.
        other = {
            row[0]: row[1]
            for row in book["Other Areas"].iter_rows(min_row=2, values_only=True)
        }
        self.assertEqual(other["Safety: incidents, hazards"], "not available")
