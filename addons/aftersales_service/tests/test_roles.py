from datetime import date, datetime, timedelta

from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, tagged

from .common import AftersalesDispatchCommon
from .test_visit import SIGNATURE

TUESDAY_9AM = datetime(2030, 1, 8, 9, 0)


@tagged("post_install", "-at_install")
class TestRoles(AftersalesDispatchCommon):
    """Each role does its whole job, as that role, and no more."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._billing_setup(1000.0, "as_roles_accountant")
        cls.labour = cls.env["product.product"].create(
            {"name": "Labour", "type": "service", "standard_price": 50.0}
        )
        cls.env["aftersales.fee"].create(
            {
                "name": "Labour",
                "fee_type": "labour",
                "product_id": cls.labour.id,
                "amount": 80.0,
            }
        )

    def _paid_job(self):
        lot = self._lot("AC-PAID", date(2020, 1, 1))
        ticket = self._ticket(aftersales_lot_id=lot.id)
        self.assertEqual(ticket.aftersales_coverage, "paid")
        return ticket

    # ------------------------------------------------------------------
    # One job end to end, each step as the role that does it
    # ------------------------------------------------------------------

    def test_role_walk_desk_dispatcher_technician_accountant(self):
        # The service desk: a new customer, their unit, the request.
        # (created directly: the partner form's own onchanges log a core
        # warning about new records in a child_of domain)
        customer = (
            self.env["res.partner"]
            .with_user(self.desk)
            .create({"name": "Golden Dragon Restaurant", "is_company": True})
        )
        lot = (
            self.env["stock.lot"]
            .with_user(self.desk)
            .create(
                {
                    "name": "AC-WALK-1",
                    "product_id": self.ac.id,
                    "aftersales_customer_id": customer.id,
                    "aftersales_factory_date": date(2015, 3, 1),
                }
            )
        )
        with Form(self.env["helpdesk.ticket"].with_user(self.desk)) as form:
            form.name = "Kitchen AC blows warm air"
            form.description = "<p>Since this morning.</p>"
            form.team_id = self.team
            form.partner_id = customer
            form.aftersales_lot_id = lot
            form.aftersales_zone_id = self.zone_city
        ticket = form.record
        self.assertEqual(ticket.aftersales_coverage, "paid")
        # The dispatcher sends the technician.
        action = ticket.with_user(self.dispatcher).action_aftersales_dispatch()
        with Form(
            self.env[action["res_model"]]
            .with_user(self.dispatcher)
            .with_context(**action["context"])
        ) as form:
            form.planned_start = TUESDAY_9AM
            form.duration = 2
            form.technician_id = self.profile
        action = form.record.action_dispatch()
        visit = (
            self.env["aftersales.visit"]
            .with_user(self.technician)
            .browse(action["res_id"])
        )
        # The technician on site: steps, labour at the fee schedule's price,
        # report, the customer's signature.
        visit.action_depart()
        visit.action_check_in()
        visit.action_start_work()
        charge = (
            self.env["aftersales.charge.line"]
            .with_user(self.technician)
            .create(
                {
                    "ticket_id": ticket.id,
                    "visit_id": visit.id,
                    "charge_type": "labour",
                    "product_id": self.labour.id,
                    "quantity": 2,
                }
            )
        )
        self.assertEqual(charge.price_unit, 80.0)
        self.assertEqual(charge.payer, "customer")
        visit.write({"work_done": "<p>Refilled gas.</p>", "test_result": "passed"})
        visit.action_done()
        sign = visit.action_open_sign()
        self.env[sign["res_model"]].with_user(self.technician).with_context(
            **sign["context"]
        ).create({"signature": SIGNATURE}).action_sign()
        self.assertTrue(visit.signed_at)
        # The accountant (Invoicing rights only) invoices and posts.
        action = ticket.with_user(self.accountant).action_aftersales_create_invoice()
        invoice = (
            self.env["account.move"].with_user(self.accountant).browse(action["res_id"])
        )
        invoice.action_post()
        self.assertEqual(invoice.state, "posted")
        self.assertEqual(invoice.amount_untaxed, 160.0)
        self.assertEqual(invoice.invoice_line_ids.aftersales_charge_line_id, charge)
        self.assertTrue(charge.invoiced)

    # ------------------------------------------------------------------
    # Item 7: each role can do its whole job
    # ------------------------------------------------------------------

    def test_accountant_posts_invoices_with_and_without_serials(self):
        self.company.aftersales_warranty_start_event = "invoice"
        unit = self.env["stock.lot"].create(
            {"name": "AC-SOLD", "product_id": self.ac.id}
        )
        Move = self.env["account.move"].with_user(self.accountant)
        unrelated = Move.create(
            {
                "move_type": "out_invoice",
                "partner_id": self.other_customer.id,
                "invoice_line_ids": [
                    Command.create({"name": "Consulting", "price_unit": 100.0})
                ],
            }
        )
        unrelated.action_post()
        self.assertEqual(unrelated.state, "posted")
        sale = Move.create(
            {
                "move_type": "out_invoice",
                "partner_id": self.customer.id,
                "invoice_date": date(2026, 5, 4),
                "invoice_line_ids": [
                    Command.create(
                        {
                            "product_id": self.ac.id,
                            "price_unit": 9000.0,
                            "aftersales_lot_ids": [Command.set(unit.ids)],
                        }
                    )
                ],
            }
        )
        sale.action_post()
        self.assertEqual(sale.state, "posted")
        self.assertEqual(unit.aftersales_warranty_start, date(2026, 5, 4))
        self.assertEqual(unit.aftersales_customer_id, self.customer)

    def test_desk_creates_a_customer(self):
        partner = (
            self.env["res.partner"]
            .with_user(self.desk)
            .create({"name": "New Customer", "phone": "123"})
        )
        partner.with_user(self.desk).phone = "456"
        self.assertEqual(partner.phone, "456")
        with self.assertRaises(AccessError):
            self.env["res.partner"].with_user(self.technician).create(
                {"name": "Not by technicians"}
            )

    def test_desk_editing_an_invoiced_charge_is_told_why(self):
        ticket = self._paid_job()
        charge = self.env["aftersales.charge.line"].create(
            {
                "ticket_id": ticket.id,
                "charge_type": "labour",
                "product_id": self.labour.id,
            }
        )
        action = ticket.with_user(self.accountant).action_aftersales_create_invoice()
        invoice = self.env["account.move"].browse(action["res_id"])
        with self.assertRefused(UserError, f"is on invoice {invoice.name}"):
            charge.with_user(self.desk).write({"quantity": 5})
        self.assertEqual(charge.quantity, 1.0)

    # ------------------------------------------------------------------
    # Item 3: links that decide access or money
    # ------------------------------------------------------------------

    def test_technician_cannot_send_himself_or_others(self):
        ticket = self._ticket()
        other = self._ticket(name="Another customer's job")
        visit = self._visit(ticket)
        mine = visit.with_user(self.technician)
        for vals in (
            {"ticket_id": other.id},
            {"user_id": self.technician_2.id},
            {"helper_ids": [Command.link(self.technician_2.id)]},
        ):
            with self.assertRefused(AccessError, "only a dispatcher changes"):
                mine.with_context(aftersales_reschedule=True).write(vals)
        visit.invalidate_recordset()
        self.assertEqual(visit.ticket_id, ticket)
        self.assertEqual(visit.user_id, self.technician)
        self.assertFalse(visit.helper_ids)
        self.assertNotIn(self.technician, other.aftersales_technician_ids)
        # The dispatcher may, through Reschedule (the dispatch rules checked).
        visit.with_user(self.dispatcher)._aftersales_reschedule(
            visit.planned_start, visit.planned_end, "", user=self.technician_2
        )
        self.assertEqual(visit.user_id, self.technician_2)

    def test_technician_sees_but_does_not_change_prices(self):
        ticket = self._paid_job()
        self._visit(ticket)
        Charge = self.env["aftersales.charge.line"].with_user(self.technician)
        line = Charge.create(
            {
                "ticket_id": ticket.id,
                "charge_type": "labour",
                "product_id": self.labour.id,
            }
        )
        self.assertEqual(line.price_unit, 80.0)
        for vals in ({"price_unit": 1.0}, {"unit_cost": 0.0}, {"tax_ids": []}):
            with self.assertRefused(AccessError, "do not change customer prices"):
                line.with_context(any_key=True).write(vals)
        line.invalidate_recordset()
        self.assertEqual(line.price_unit, 80.0)
        self.assertEqual(line.unit_cost, 50.0)
        count = len(ticket.aftersales_charge_line_ids)
        with self.assertRefused(AccessError, "do not change customer prices"):
            Charge.create(
                {
                    "ticket_id": ticket.id,
                    "charge_type": "labour",
                    "product_id": self.labour.id,
                    "price_unit": 1.0,
                }
            )
        self.assertEqual(len(ticket.aftersales_charge_line_ids), count)
        # The quantity is the technician's to record; the desk sets prices.
        line.quantity = 3
        line.with_user(self.desk).price_unit = 70.0
        self.assertEqual(line.price_unit, 70.0)

    def test_invoice_line_charge_link_only_by_create_invoice(self):
        ticket = self._paid_job()
        charge = self.env["aftersales.charge.line"].create(
            {
                "ticket_id": ticket.id,
                "charge_type": "labour",
                "product_id": self.labour.id,
            }
        )
        Move = self.env["account.move"].with_user(self.accountant)
        with self.assertRefused(AccessError, "set only by Create Invoice"):
            Move.create(
                {
                    "move_type": "out_invoice",
                    "partner_id": self.customer.id,
                    "invoice_line_ids": [
                        Command.create(
                            {
                                "name": "Labour",
                                "price_unit": 1.0,
                                "aftersales_charge_line_id": charge.id,
                            }
                        )
                    ],
                }
            )
        self.assertFalse(charge.invoiced)
        other = Move.create(
            {
                "move_type": "out_invoice",
                "partner_id": self.customer.id,
                "invoice_line_ids": [
                    Command.create({"name": "Anything", "price_unit": 1.0})
                ],
            }
        )
        with self.assertRefused(AccessError, "set only by Create Invoice"):
            other.invoice_line_ids.write({"aftersales_charge_line_id": charge.id})
        with self.assertRefused(AccessError, "set only by Create Invoice"):
            charge.with_user(self.accountant).write(
                {"invoice_line_ids": [Command.link(other.invoice_line_ids.id)]}
            )
        self.assertFalse(other.invoice_line_ids.aftersales_charge_line_id)
        self.assertFalse(charge.invoiced)

    def test_technician_reads_only_records_of_his_jobs(self):
        Contract = self.env["aftersales.contract"]
        foreign_lot = self._lot(
            "AC-FOREIGN", date(2025, 1, 1), customer=self.other_customer
        )
        contracts = Contract.create(
            [
                {
                    "partner_id": partner.id,
                    "date_start": date(2026, 1, 1),
                    "date_end": date(2035, 12, 31),
                    "lot_ids": [Command.set(lot.ids)],
                }
                for partner, lot in (
                    (self.customer, self.lot),
                    (self.other_customer, foreign_lot),
                )
            ]
        )
        contracts.action_activate()
        job = self._ticket(aftersales_zone_id=self.zone_city.id)
        self._visit(job)
        foreign = self._ticket(
            name="Not his job",
            partner_id=self.other_customer.id,
            aftersales_lot_id=foreign_lot.id,
            aftersales_zone_id=self.zone_city.id,
            user_id=self.technician_2.id,
        )
        self.assertTrue(job.aftersales_deadline_ids)
        self.assertTrue(foreign.aftersales_deadline_ids)
        self.env.flush_all()
        env = self.env(user=self.technician)
        Deadline = env["aftersales.ticket.deadline"]
        self.assertTrue(Deadline.search([("ticket_id", "=", job.id)]))
        self.assertFalse(Deadline.search([("ticket_id", "=", foreign.id)]))
        lots = env["stock.lot"].search([])
        self.assertIn(self.lot, lots)
        self.assertNotIn(foreign_lot, lots)
        with self.assertRaises(AccessError):
            foreign_lot.with_env(env).read(["name"])
        visible = env["aftersales.contract"].search([("id", "in", contracts.ids)])
        self.assertEqual(visible, job.aftersales_contract_id)
        # The desk keeps every customer file.
        desk = self.env(user=self.desk)
        self.assertIn(foreign_lot, desk["stock.lot"].search([]))
        self.assertEqual(
            desk["aftersales.contract"].search([("id", "in", contracts.ids)]),
            contracts,
        )

    def test_technician_still_reschedules_his_visit(self):
        """Moving the time is not sending someone: the technician still
        reschedules his own visit (with the reason when late)."""
        ticket = self._ticket()
        visit = self._visit(ticket, start=TUESDAY_9AM)
        visit.with_user(self.technician)._aftersales_reschedule(
            TUESDAY_9AM + timedelta(days=1),
            TUESDAY_9AM + timedelta(days=1, hours=2),
            "",
        )
        self.assertEqual(visit.planned_start, TUESDAY_9AM + timedelta(days=1))
