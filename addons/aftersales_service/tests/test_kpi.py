import io
import zipfile
from datetime import date, datetime

import openpyxl

from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged

from ..rules import kpi as kpi_rules
from ..rules import sla
from .common import AftersalesCommon

JAN = date(2024, 1, 1)
TZ = "Asia/Shanghai"


@tagged("post_install", "-at_install")
class TestKpi(AftersalesCommon):
    """The KPI facts, built from the rules, agree with the database; the
    dashboard's grouped rate, the scorecard's access and the statistics
    workbook read the same facts."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.resource_calendar_id.tz = TZ
        groups = "aftersales_service.group_aftersales_%s"
        cls.technician_b = new_test_user(
            cls.env, login="as_tech_b", groups=groups % "technician", name="Tech Bo"
        )
        cls.other_team = cls.env["helpdesk.ticket.team"].create(
            {"name": "Boilers", "aftersales_department_code": "GL"}
        )
        Ticket = cls.env["helpdesk.ticket"]
        base = {
            "name": "Unit does not cool",
            "description": "<p>Blows warm air.</p>",
            "team_id": cls.team.id,
            "partner_id": cls.customer.id,
            "aftersales_lot_id": cls.lot.id,
        }

        def ticket(when, user, **vals):
            return Ticket.create(
                {**base, "aftersales_reported_at": when, "user_id": user.id, **vals}
            )

        # January in Shanghai: 2023-12-31 16:00 to 2024-01-31 16:00 UTC.
        cls.on_time = ticket(datetime(2024, 1, 3, 2), cls.technician)
        cls.late = ticket(datetime(2024, 1, 10, 2), cls.technician)
        cls.other = ticket(
            datetime(2024, 1, 12, 2), cls.technician_b, team_id=cls.other_team.id
        )
        # Reported 31 Dec 23:30 in Shanghai: December's, not January's.
        cls.december = ticket(datetime(2023, 12, 31, 15, 30), cls.technician)
        # Reported 1 Feb 00:30 in Shanghai (31 Jan UTC): February's.
        cls.february = ticket(datetime(2024, 1, 31, 16, 30), cls.technician)
        cls.complaint = ticket(
            datetime(2024, 1, 20, 2),
            cls.desk,
            aftersales_request_type="complaint",
            aftersales_complaint_ticket_id=cls.late.id,
            aftersales_service_responsible=True,
        )
        cls.on_time._aftersales_reach(sla.KIND_RESPONSE, datetime(2024, 1, 3, 3))
        cls.late._aftersales_reach(sla.KIND_RESPONSE, datetime(2024, 1, 15, 3))
        cls.on_time._aftersales_reach(sla.KIND_RESOLUTION, datetime(2024, 1, 4, 3))
        # Spans months: reported in January, solved in February.
        cls.late._aftersales_reach(sla.KIND_RESOLUTION, datetime(2024, 2, 5, 3))
        Callback = cls.env["aftersales.callback"]
        Callback._aftersales_create(
            [
                {
                    "kind": "service",
                    "partner_id": cls.customer.id,
                    "ticket_id": cls.on_time.id,
                    "state": "done",
                    "done_at": datetime(2024, 1, 6, 2),
                    "satisfaction": score,
                }
                for score in (10, 9, 5)
            ]
        )
        cls.Fact = cls.env["aftersales.kpi.fact"]
        cls.now = datetime(2024, 6, 1)
        cls.facts = cls.Fact._aftersales_build(JAN, cls.company, cls.now)
        cls.scope = [("company_id", "=", cls.company.id), ("period", "=", JAN)]

    def _totals(self, env=None, domain=None):
        Fact = (env or self.env)["aftersales.kpi.fact"]
        return Fact._aftersales_totals(domain or self.scope)

    def _expected_on_time(self):
        """The deadlines due in January, counted from the database."""
        start, end = kpi_rules.period_bounds(JAN, 1, TZ)
        lines = self.env["aftersales.ticket.deadline"].search(
            [
                ("company_id", "=", self.company.id),
                ("deadline", ">=", start),
                ("deadline", "<", end),
                ("state", "!=", "cancelled"),
            ]
        )
        decided = lines.filtered(lambda d: d.reached_at or d.deadline < self.now)
        met = decided.filtered(lambda d: d.reached_at and d.reached_at <= d.deadline)
        return kpi_rules.Ratio(len(met), len(decided))

    def test_facts_agree_with_the_database(self):
        totals = self._totals()
        self.assertEqual(totals[("on_time",)], self._expected_on_time())
        self.assertGreater(totals[("on_time",)].denominator, 0)
        # Requests of January (Shanghai): three, the complaint apart; the
        # month-end tickets belong to December and February.
        self.assertEqual(totals[("complaint",)], kpi_rules.Ratio(1, 3))
        self.assertEqual(totals[("repeat_repair",)].denominator, 3)
        # Solved in January: one (the other was solved in February).
        self.assertEqual(totals[("first_time_fix",)], kpi_rules.Ratio(1, 1))
        self.assertEqual(totals[("satisfaction",)], kpi_rules.Ratio(2, 3))
        # Open at the end of January: the two not resolved by then
        # (``late``, ``other``) and the open complaint, plus December's, not
        # February's.
        self.assertEqual(totals[("backlog",)].numerator, 4)

    def test_complaint_counts_against_the_request_complained_about(self):
        fact = self.facts.filtered(lambda f: f.kpi == "complaint" and f.numerator)
        self.assertEqual(fact.user_id, self.technician)
        self.assertEqual(fact.team_id, self.team)

    def test_recompute_is_idempotent(self):
        before = sorted(
            self.facts.mapped(
                lambda f: (f.kpi, f.bucket, f.user_id.id, f.numerator, f.denominator)
            )
        )
        again = self.Fact.with_user(self.manager)._aftersales_recompute(
            JAN, self.company, self.now
        )
        self.assertFalse(self.facts.exists())
        after = sorted(
            again.mapped(
                lambda f: (f.kpi, f.bucket, f.user_id.id, f.numerator, f.denominator)
            )
        )
        self.assertEqual(before, after)
        self.assertEqual(self.Fact.search_count(self.scope), len(again))

    def test_empty_period_has_no_facts(self):
        self.assertFalse(self.Fact._aftersales_build(date(2023, 6, 1), self.company))

    def test_only_managers_recompute(self):
        count = self.Fact.search_count(self.scope)
        for user in (self.technician, self.desk, self.dispatcher):
            with self.assertRaises(AccessError):
                self.Fact.with_user(user)._aftersales_recompute(JAN, self.company)
            with self.assertRaises(AccessError):
                self.Fact.with_user(user).create(
                    {"period": JAN, "company_id": self.company.id, "kpi": "on_time"}
                )
        self.assertEqual(self.Fact.search_count(self.scope), count)
        self.assertTrue(self.facts.exists() == self.facts)

    def test_grouped_rate_is_sum_over_sum(self):
        groups = self.Fact._read_group(
            self.scope, groupby=["kpi"], aggregates=["rate:sum"]
        )
        totals = self._totals()
        for kpi, value in groups:
            ratio = totals[(kpi,)]
            expected = float(ratio.rate) if ratio.rate is not None else 0.0
            self.assertAlmostEqual(value, expected, places=2, msg=kpi)

    def test_scorecard_access(self):
        own = self.Fact.with_user(self.technician).search(self.scope)
        self.assertTrue(own)
        self.assertEqual(own.user_id, self.technician)
        desk = self.Fact.with_user(self.desk).search(self.scope)
        self.assertEqual(desk.team_id, self.team)
        self.assertIn(self.technician, desk.user_id)
        manager = self.Fact.with_user(self.manager).search(self.scope)
        self.assertEqual(manager, self.facts)
        self.assertIn(self.technician_b, manager.user_id)

    def test_multi_company(self):
        other = self.env["res.company"].create({"name": "Other Service Co"})
        self.manager.company_ids |= other
        facts = self.Fact._aftersales_build(JAN, other, self.now)
        self.assertFalse(facts)
        fact = self.Fact.sudo().create(
            {"period": JAN, "company_id": other.id, "kpi": "on_time"}
        )
        visible = self.Fact.with_user(self.manager).with_company(self.company)
        self.assertNotIn(fact, visible.search([]))

    def test_workbook_figures_match_the_database(self):
        Period = self.env["aftersales.kpi.period"].with_user(self.manager)
        content = Period._aftersales_workbook(JAN, "1", self.company)
        book = openpyxl.load_workbook(io.BytesIO(content))
        self.assertEqual(
            book.sheetnames,
            [
                "Summary",
                "Technicians",
                "Teams",
                "Product Lines",
                "Backlog",
                "Requests",
                "Statistics",
                "Other Areas",
            ],
        )
        summary = book["Summary"]
        self.assertEqual(summary.freeze_panes, "B5")
        rows = {
            row[0]: row[1:6]
            for row in summary.iter_rows(min_row=5, max_row=9, values_only=True)
        }
        labels = dict(self.Fact._fields["kpi"]._description_selection(self.env))
        totals = self._totals()
        for kpi in kpi_rules.RATIO_KPIS:
            numerator, denominator, rate, *_rest = rows[labels[kpi]]
            ratio = totals.get((kpi,), kpi_rules.Ratio())
            self.assertEqual(
                (numerator, denominator), (ratio.numerator, ratio.denominator)
            )
            if ratio.rate is None:
                self.assertEqual(rate, "not available")
            else:
                self.assertAlmostEqual(rate, float(ratio.rate), places=2)
        on_time = rows[labels["on_time"]]
        expected = self._expected_on_time()
        self.assertEqual(on_time[:2], (expected.numerator, expected.denominator))
        self.assertEqual(on_time[3], 90)
        # Every January request, one line each, and the total line.
        start, end = kpi_rules.period_bounds(JAN, 1, TZ)
        count = self.env["helpdesk.ticket"].search_count(
            [
                ("company_id", "=", self.company.id),
                ("aftersales_reported_at", ">=", start),
                ("aftersales_reported_at", "<", end),
            ]
        )
        requests = book["Requests"]
        self.assertEqual(requests.max_row, count + 2)
        self.assertEqual(requests.cell(count + 2, 2).value, count)
        # Technicians: the total line equals the facts.
        technicians = list(book["Technicians"].iter_rows(values_only=True))
        self.assertEqual(technicians[-1][0], "Total")
        self.assertEqual(
            technicians[-1][1:3],
            (totals[("on_time",)].numerator, totals[("on_time",)].denominator),
        )
        # Not available, never zero.
        other = [
            row[1] for row in book["Other Areas"].iter_rows(min_row=2, values_only=True)
        ]
        self.assertTrue(other)
        self.assertEqual(set(other), {"not available"})
        # Native charts of the three regulated KPIs.
        charts = [
            name
            for name in zipfile.ZipFile(io.BytesIO(content)).namelist()
            if name.startswith("xl/charts/chart")
        ]
        self.assertEqual(len(charts), 3)

    def test_half_year_workbook_sums_the_months(self):
        Period = self.env["aftersales.kpi.period"]
        wizard = Period.create({"period": date(2024, 3, 1), "span": "6"})
        self.assertEqual(wizard._aftersales_months()[0], JAN)
        self.assertEqual(len(wizard._aftersales_months()), 6)
        content = Period._aftersales_workbook(date(2024, 3, 1), "6", self.company)
        summary = openpyxl.load_workbook(io.BytesIO(content))["Summary"]
        self.assertEqual(summary["A1"].value, "Half-Yearly Analysis")

    def test_monthly_workbook_mailed_to_subscribers(self):
        self.manager.email = "boss.chen@example.com"
        self.company.aftersales_kpi_subscriber_ids = self.manager
        mail = self.Fact._aftersales_send_workbook(JAN, self.company)
        self.assertEqual(mail.recipient_ids, self.manager.partner_id)
        self.assertEqual(mail.attachment_ids.name, "aftersales-statistics-2024-01.xlsx")
        book = openpyxl.load_workbook(io.BytesIO(mail.attachment_ids.raw))
        self.assertIn("Summary", book.sheetnames)

    def test_daily_report_lists_open_items_per_technician(self):
        self.manager.email = "boss.chen@example.com"
        self.team.aftersales_manager_id = self.manager
        day = date(2024, 1, 15)
        # A visit as dispatched (the dispatch rules have their own tests).
        self.env["aftersales.visit"]._aftersales_create(
            [
                {
                    "ticket_id": self.late.id,
                    "user_id": self.technician.id,
                    "planned_start": datetime(2024, 1, 15, 1),
                    "planned_end": datetime(2024, 1, 15, 3),
                }
            ]
        )
        rows = self.Fact._aftersales_daily_rows(self.company, day)
        self.assertEqual(rows, [(self.technician, 0, 0.0, None, 1)])
        mail = self.Fact._aftersales_send_daily_report(self.company, day)
        self.assertIn(self.manager.partner_id, mail.recipient_ids)
        self.assertIn("Tech Li", mail.body_html)
        self.assertIn("not available", mail.body_html)
        self.assertFalse(
            self.Fact._aftersales_send_daily_report(self.company, date(2023, 1, 1))
        )
