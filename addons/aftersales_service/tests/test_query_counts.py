"""Query counts of the batch paths: each runs on N and 10N records and must
not take more queries for more records (a query per record fails it)."""

from datetime import date, timedelta

from freezegun import freeze_time

from odoo import fields
from odoo.tests import tagged

from .common import AftersalesDispatchCommon
from .test_sla import no_commit
from .test_visit import SIGNATURE


@tagged("post_install", "-at_install")
class TestQueryCounts(AftersalesDispatchCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._billing_setup(1000000.0, "as_accountant_queries")
        cls.fan.write({"standard_price": 100.0, "sale_ok": True})

    def _tickets(self, count, **vals):
        return self.env["helpdesk.ticket"].create(
            [
                {
                    "name": f"Query count {index}",
                    "description": "<p>Blows warm air.</p>",
                    "team_id": self.team.id,
                    "partner_id": self.customer.id,
                    "aftersales_lot_id": self.lot.id,
                    **vals,
                }
                for index in range(count)
            ]
        )

    def test_deadline_cron(self):
        """Breached deadlines: escalated in batches, one write for all."""
        Deadline = self.env["aftersales.ticket.deadline"]
        Deadline.search([("state", "=", "running")]).write({"state": "cancelled"})
        now = fields.Datetime.now()

        def breached(count):
            return self._tickets(
                count,
                aftersales_zone_id=self.zone_remote.id,
                aftersales_reported_at=now - timedelta(hours=13),
                user_id=self.technician.id,
            )

        def run(tickets):
            with no_commit():
                Deadline._cron_aftersales_deadlines()
            self.assertEqual(
                set(
                    tickets.aftersales_deadline_ids.filtered(
                        lambda d: d.kind == "response"
                    ).mapped("state")
                ),
                {"breached"},
            )

        self.assertQueriesFlat(breached, run)

    def test_invoicing_many_tickets(self):
        """One invoice per ticket, created and linked in one go."""

        def tickets_with_charges(count):
            tickets = self._tickets(count)
            self.env["aftersales.charge.line"].create(
                [
                    {
                        "ticket_id": ticket.id,
                        "charge_type": "part",
                        "product_id": self.fan.id,
                        "quantity": 2,
                    }
                    for ticket in tickets
                ]
            )
            return tickets

        def run(tickets):
            tickets.with_user(self.accountant).action_aftersales_create_invoice()
            self.assertEqual(len(tickets.aftersales_invoice_ids), len(tickets))

        def core(tickets):
            """Odoo creating the same invoices: its own queries per invoice
            (journal, name, balance) are not ours."""
            self.env["account.move"].with_user(self.accountant).with_context(
                default_move_type="out_invoice"
            ).create(
                [
                    ticket._aftersales_invoice_values(ticket.aftersales_charge_line_ids)
                    for ticket in tickets
                ]
            )

        self.assertQueriesFlat(tickets_with_charges, run, baseline=core)

    def test_numbering_ranges_cron(self):
        """Next months' ranges of every monthly sequence: one search, one
        create (each range's PostgreSQL sequence is its own, by design)."""
        Sequence = self.env["ir.sequence"]

        def sequences(count):
            return Sequence.create(
                [
                    {
                        "name": f"Monthly {index}",
                        "prefix": "Q-%(range_y)s%(range_month)s-",
                        "use_date_range": True,
                        "aftersales_monthly_range": True,
                    }
                    for index in range(count)
                ]
            )

        def run(batch):
            with (
                freeze_time(fields.Date.today() + timedelta(days=70)),
                no_commit(),
            ):
                Sequence._cron_aftersales_prepare_ranges()
            self.assertEqual(set(batch.mapped(lambda s: len(s.date_range_ids))), {4})

        # Odoo makes each range's PostgreSQL sequence and reads its next
        # number, one by one: those queries are Odoo's, per range by design.
        self.assertQueriesFlat(
            sequences, run, ignore=r"CREATE SEQUENCE|FROM pg_sequences|FROM pg_class"
        )

    def _signed_visits(self, count):
        tickets = self._tickets(
            count, aftersales_failure_date=fields.Date.today() - timedelta(days=2)
        )
        start = fields.Datetime.now() - timedelta(hours=2)
        visits = self.env["aftersales.visit"]._aftersales_create(
            [
                {
                    "ticket_id": ticket.id,
                    "user_id": self.technician.id,
                    "planned_start": start,
                    "planned_end": start + timedelta(hours=2),
                }
                for ticket in tickets
            ]
        )
        for visit in visits.with_user(self.technician):
            visit.action_check_in()
            visit.write(
                {
                    "work_done": "<p>Replaced the fan capacitor.</p>",
                    "test_result": "passed",
                }
            )
            visit.action_done()
            visit._aftersales_sign_customer("Mr Zhou", SIGNATURE)
        return visits

    def test_signed_verify_cron(self):
        """Every chain verified in batches: the queries do not follow the
        number of signed records."""

        def run(visits):
            self.env["aftersales.signed.verify"]._cron_aftersales_verify()

        self.assertQueriesFlat(self._signed_visits, run, count=2)

    def test_holiday_reminder_cron(self):
        """October: every company following China's calendar is reminded,
        with one search of the holidays and one of the managers for all."""
        Company = self.env["res.company"]
        self.manager.company_ids |= self.company
        Company.search([]).aftersales_china_calendar = False

        def companies(count):
            new = Company.create(
                [
                    {
                        "name": f"Calendar Co {count}-{index}",
                        "aftersales_china_calendar": True,
                    }
                    for index in range(count)
                ]
            )
            self.manager.company_ids |= new
            return new

        def run(batch):
            with freeze_time("2030-10-15"), no_commit():
                Company._cron_aftersales_holiday_reminder()
            self.assertEqual(
                set(batch.mapped("aftersales_holiday_reminded_year")), {2030}
            )

        # Odoo fills its defaults cache once per company in a server's life,
        # and reads each company's partner (the record the to-do is on).
        self.assertQueriesFlat(
            companies,
            run,
            count=2,
            factor=5,
            ignore=r'FROM "ir_default"|SELECT "res_partner"."id", "res_partner"."email',
        )

    def test_fixed_counts(self):
        """Nothing to do: a fixed, small number of queries."""
        Deadline = self.env["aftersales.ticket.deadline"]
        Deadline.search([("state", "=", "running")]).write({"state": "cancelled"})
        self.env["res.company"].search([]).aftersales_china_calendar = False
        with freeze_time(date(2030, 1, 10)), no_commit():
            self.env["ir.sequence"]._cron_aftersales_prepare_ranges()
            self.env.invalidate_all()
            with self.assertQueryCount(4):
                self.env["ir.sequence"]._cron_aftersales_prepare_ranges()
            self.env.invalidate_all()
            with self.assertQueryCount(4):
                Deadline._cron_aftersales_deadlines()
            self.env.invalidate_all()
            with self.assertQueryCount(1):
                self.env["res.company"]._cron_aftersales_holiday_reminder()
