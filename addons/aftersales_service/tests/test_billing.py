import base64
from datetime import date, datetime

import odoo
from odoo import api
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, HttpCase, TransactionCase, new_test_user, tagged

from .common import AftersalesCommon, AftersalesDispatchCommon
from .test_visit import SIGNATURE


@tagged("post_install", "-at_install")
class BillingCommon(AftersalesCommon):
    """A unit whose 12-month warranty has expired (paid job) while its
    compressor's 36 months still run; parts, service products, fees and an
    accountant."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._billing_setup(200.0, "as_accountant")
        cls.tax = cls.env["account.tax"].create(
            {"name": "VAT 13%", "amount": 13, "type_tax_use": "sale"}
        )
        cls.compressor.write({"standard_price": 500.0, "sale_ok": True})
        cls.fan.write(
            {
                "standard_price": 100.0,
                "sale_ok": True,
                "taxes_id": [(6, 0, cls.tax.ids)],
            }
        )
        Product = cls.env["product.product"]
        cls.labour = Product.create(
            {"name": "Senior labour", "type": "service", "standard_price": 50.0}
        )
        cls.travel = Product.create(
            {"name": "Travel", "type": "service", "standard_price": 20.0}
        )
        Fee = cls.env["aftersales.fee"]
        Fee.create(
            {
                "name": "Senior technician",
                "fee_type": "labour",
                "skill_level": "senior",
                "product_id": cls.labour.id,
                "amount": 80.0,
            }
        )
        cls.zone_remote = cls.env["aftersales.service.zone"].create(
            {"name": "Mountains", "zone_type": "remote", "travel_charged": True}
        )
        Fee.create(
            {
                "name": "Travel to the mountains",
                "fee_type": "travel",
                "zone_id": cls.zone_remote.id,
                "product_id": cls.travel.id,
                "amount": 300.0,
            }
        )
        cls.analytic_plan = cls.env["account.analytic.plan"].create({"name": "Teams"})
        cls.analytic = cls.env["account.analytic.account"].create(
            {"name": "HVAC Service", "plan_id": cls.analytic_plan.id}
        )
        cls.team.aftersales_analytic_account_id = cls.analytic

    def _line(self, ticket, product, quantity=1, **vals):
        charge_type = "part" if product.type == "consu" else "labour"
        return self.env["aftersales.charge.line"].create(
            {
                "ticket_id": ticket.id,
                "charge_type": vals.pop("charge_type", charge_type),
                "product_id": product.id,
                "quantity": quantity,
                **vals,
            }
        )

    def _approve(self, ticket):
        ticket.with_user(self.desk)._aftersales_approve_quote("verbal", "Mr Zhou")


@tagged("post_install", "-at_install")
class TestCharges(BillingCommon):
    def test_payer_follows_coverage_and_component_warranty(self):
        ticket = self._ticket(user=self.desk)
        self.assertEqual(ticket.aftersales_coverage, "paid")
        fan = self._line(ticket, self.fan)
        compressor = self._line(ticket, self.compressor)
        self.assertEqual(fan.payer, "customer")
        self.assertEqual(
            compressor.payer, "warranty", "36-month compressor warranty still runs"
        )
        ticket.aftersales_exclusion_id = self.exclusion
        self.assertEqual(compressor.payer, "customer", "an exclusion voids it too")

    def test_free_ticket_costs_customer_nothing_but_cost_is_known(self):
        lot = self._lot("AC-NEW", date(2026, 6, 1))
        ticket = self._ticket(aftersales_lot_id=lot.id)
        self.assertEqual(ticket.aftersales_coverage, "free")
        fan = self._line(ticket, self.fan, quantity=2)
        labour = self._line(ticket, self.labour, quantity=1.5)
        self.assertEqual((fan | labour).mapped("payer"), ["warranty", "warranty"])
        self.assertEqual(ticket.aftersales_customer_amount, 0)
        self.assertAlmostEqual(ticket.aftersales_free_cost_amount, 200 + 75)
        report = self.env["aftersales.charge.line"]._read_group(
            [("ticket_id", "=", ticket.id), ("payer", "!=", "customer")],
            groupby=["product_id"],
            aggregates=["cost_total:sum"],
        )
        self.assertEqual(
            dict(report), {self.fan: 200.0, self.labour: 75.0}, "cost per product"
        )

    def test_contract_covers_parts_not_labour(self):
        contract = self.env["aftersales.contract"].create(
            {
                "partner_id": self.customer.id,
                "date_start": date(2026, 1, 1),
                "date_end": date(2027, 12, 31),
                "lot_ids": [(6, 0, self.lot.ids)],
                "covers_labour": False,
            }
        )
        contract.action_activate()
        ticket = self._ticket()
        self.assertEqual(ticket.aftersales_coverage, "contract")
        self.assertEqual(self._line(ticket, self.fan).payer, "contract")
        self.assertEqual(self._line(ticket, self.labour).payer, "customer")

    def test_remote_travel_charged_even_in_warranty(self):
        lot = self._lot("AC-NEW2", date(2026, 6, 1))
        ticket = self._ticket(
            aftersales_lot_id=lot.id, aftersales_zone_id=self.zone_remote.id
        )
        travel = self._line(ticket, self.travel, charge_type="travel")
        self.assertEqual(travel.payer, "customer")
        self.assertEqual(travel.price_unit, 300.0, "from the fee schedule")

    def test_prices_cost_plus_and_fee_schedule(self):
        ticket = self._ticket()
        fan = self._line(ticket, self.fan, quantity=2)
        self.assertEqual(fan.price_unit, 140.0, "cost 100 x (1 + 40 %)")
        self.assertEqual(fan.price_subtotal, 280.0)
        self.assertAlmostEqual(fan.price_total, 316.4)
        self.assertEqual(fan.cost_total, 200.0)
        self.assertEqual(self._line(ticket, self.labour).price_unit, 80.0)
        self.company.aftersales_quote_markup = 25
        self.assertEqual(self._line(ticket, self.fan).price_unit, 125.0)

    def test_payer_change_needs_manager_and_reason(self):
        ticket = self._ticket()
        fan = self._line(ticket, self.fan)
        with self.assertRefused(ValidationError, "needs a reason"):
            fan.with_user(self.manager).payer = "goodwill"
        with self.assertRefused(AccessError, "Only an after-sales manager"):
            fan.with_user(self.desk).write(
                {"payer": "goodwill", "payer_reason": "Long-standing customer"}
            )
        self.assertEqual(fan.payer, "customer")
        fan.with_user(self.manager).write(
            {"payer": "goodwill", "payer_reason": "Long-standing customer"}
        )
        self.assertEqual(fan.payer, "goodwill")
        ticket.aftersales_fault_level = "major"
        self.assertEqual(fan.payer, "goodwill", "a reasoned choice stays")

    def test_negative_quantity_or_price_refused(self):
        ticket = self._ticket()
        with self.assertRefused(ValidationError, "Quantity cannot be negative"):
            self._line(ticket, self.fan, quantity=-1)
        line = self._line(ticket, self.fan)
        with self.assertRefused(ValidationError, "Unit Price cannot be negative"):
            line.price_unit = -5
        self.assertEqual(line.price_unit, 140.0)
        line.unlink()
        self.assertFalse(ticket.aftersales_charge_line_ids)


@tagged("post_install", "-at_install")
class TestFeeBySkillLevel(AftersalesDispatchCommon):
    """Labour is priced at the skill level of the visit's lead technician: a
    fee of that level wins over the fee without a level, which applies to
    every level."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._billing_setup(100000.0, "as_accountant_levels")
        cls.hour = cls.env["product.product"].create(
            {"name": "Labour hour", "type": "service", "standard_price": 50.0}
        )
        Fee = cls.env["aftersales.fee"]
        for name, level, amount in (
            ("Any technician", False, 100.0),
            ("Expert technician", "expert", 150.0),
            ("Junior technician", "junior", 70.0),
        ):
            Fee.create(
                {
                    "name": name,
                    "fee_type": "labour",
                    "skill_level": level,
                    "product_id": cls.hour.id,
                    "amount": amount,
                }
            )
        cls.profile.skill_level = "expert"
        cls.profile_2.skill_level = "senior"

    def _labour(self, ticket, visit=None):
        return self.env["aftersales.charge.line"].create(
            {
                "ticket_id": ticket.id,
                "charge_type": "labour",
                "product_id": self.hour.id,
                "visit_id": visit.id if visit else False,
            }
        )

    def test_labour_priced_at_the_lead_technicians_level(self):
        ticket = self._ticket()
        expert_visit = self._visit(ticket)
        senior_visit = self._visit(
            ticket, start=datetime(2030, 1, 9, 9, 0), user=self.technician_2
        )
        self.assertEqual(self._labour(ticket, expert_visit).price_unit, 150.0)
        self.assertEqual(
            self._labour(ticket, senior_visit).price_unit,
            100.0,
            "no senior fee: the fee without a level applies",
        )
        self.assertEqual(self._labour(ticket).price_unit, 100.0, "no visit, no level")
        self.profile_2.skill_level = "junior"
        self.assertEqual(self._labour(ticket, senior_visit).price_unit, 70.0)
        # Pricing many lines: one search for the fees, one for the
        # technicians, whatever the number of lines.
        visits = expert_visit | senior_visit

        def lines(count):
            return self.env["aftersales.charge.line"].create(
                [
                    {
                        "ticket_id": ticket.id,
                        "charge_type": "labour",
                        "product_id": self.hour.id,
                        "visit_id": visits[index % 2].id,
                    }
                    for index in range(count)
                ]
            )

        self.assertQueriesFlat(lines, lambda batch: batch._compute_price_unit())


@tagged("post_install", "-at_install")
class TestQuoteAndInvoice(BillingCommon):
    def setUp(self):
        super().setUp()
        self.ticket = self._ticket(user=self.desk)
        self.fan_line = self._line(self.ticket, self.fan, quantity=2)  # 316.40
        self.free_line = self._line(self.ticket, self.compressor)  # warranty

    def test_paid_work_above_threshold_needs_approved_quote(self):
        with self.assertRefused(UserError, "has not approved a quote"):
            self.ticket._aftersales_check_quote()
        self._approve(self.ticket)
        self.assertEqual(self.ticket.aftersales_quote_amount, 316.4)
        self.assertEqual(self.ticket.aftersales_quote_approved_by, "Mr Zhou")
        self.ticket._aftersales_check_quote()
        # More work than approved needs a new approval.
        self._line(self.ticket, self.labour, quantity=2)
        with self.assertRefused(UserError, "has not approved a quote"):
            self.ticket.stage_id = self.env.ref(
                "helpdesk_mgmt.helpdesk_ticket_stage_done"
            )

    def test_small_amount_needs_no_quote(self):
        ticket = self._ticket(name="Small job")
        self._line(ticket, self.labour)  # 80, below 200
        ticket._aftersales_check_quote()

    def test_quote_prints_customer_lines(self):
        html, _type = self.env["ir.actions.report"]._render_qweb_html(
            "aftersales_service.report_aftersales_quote", self.ticket.ids
        )
        html = html.decode()
        self.assertIn("Fan motor", html)
        self.assertIn("Free of charge for you", html)

    def test_send_quote_marks_it_sent(self):
        action = self.ticket.with_user(self.desk).action_aftersales_send_quote()
        self.assertEqual(self.ticket.aftersales_quote_state, "draft")
        composer = Form(
            self.env["mail.compose.message"]
            .with_user(self.desk)
            .with_context(**action["context"])
        ).save()
        composer._action_send_mail()
        self.assertEqual(self.ticket.aftersales_quote_state, "sent")

    def test_invoice_customer_lines_once(self):
        self._approve(self.ticket)
        as_accountant = self.ticket.with_user(self.accountant)
        action = as_accountant.action_aftersales_create_invoice()
        invoice = self.env["account.move"].browse(action["res_id"])
        self.assertEqual(invoice.move_type, "out_invoice")
        self.assertEqual(invoice.partner_id, self.customer)
        self.assertEqual(
            invoice.invoice_line_ids.aftersales_charge_line_id, self.fan_line
        )
        self.assertAlmostEqual(invoice.amount_total, 316.4)
        self.assertEqual(
            invoice.invoice_line_ids.analytic_distribution, {str(self.analytic.id): 100}
        )
        self.assertEqual(self.fan_line.invoice_id, invoice)
        self.assertEqual(invoice.aftersales_ticket_ids, self.ticket)
        self.assertEqual(self.ticket.aftersales_invoice_ids, invoice)
        with self.assertRefused(UserError, "nothing to invoice"):
            as_accountant.action_aftersales_create_invoice()
        with self.assertRefused(UserError, "cannot be changed"):
            self.fan_line.quantity = 3
        with self.assertRefused(UserError, "cannot be changed"):
            self.fan_line.unlink()

    def test_cancelled_or_credited_invoice_frees_the_lines(self):
        self._approve(self.ticket)
        self.ticket = self.ticket.with_user(self.accountant)
        action = self.ticket.action_aftersales_create_invoice()
        invoice = self.env["account.move"].browse(action["res_id"])
        invoice.button_cancel()
        self.assertFalse(self.fan_line.invoiced)
        self.fan_line.with_user(self.desk).quantity = 1
        action = self.ticket.action_aftersales_create_invoice()
        second = self.env["account.move"].browse(action["res_id"])
        second.action_post()
        self.assertTrue(self.fan_line.invoiced)
        reversal = (
            self.env["account.move.reversal"]
            .with_context(active_model="account.move", active_ids=second.ids)
            .create({"journal_id": second.journal_id.id, "reason": "Wrong price"})
        )
        reversal.refund_moves()
        credit = second.reversal_move_ids
        credit.action_post()
        self.assertEqual(second.payment_state, "reversed")
        self.assertFalse(self.fan_line.invoiced, "credited: can be invoiced again")

    def test_no_customer_lines_or_several_companies_refused(self):
        lot = self._lot("AC-NEW3", date(2026, 6, 1))
        free = self._ticket(name="Warranty job", aftersales_lot_id=lot.id)
        self._line(free, self.fan)
        with self.assertRefused(UserError, "nothing to invoice"):
            free.action_aftersales_create_invoice()
        other_company = self.env["res.company"].create({"name": "Other Co"})
        foreign = free.sudo().copy(
            {
                "company_id": other_company.id,
                "team_id": False,
                "aftersales_lot_id": False,
            }
        )
        with self.assertRefused(UserError, "several companies"):
            (self.ticket | foreign).sudo().action_aftersales_create_invoice()
        self.assertFalse(self.ticket.aftersales_invoice_ids)

    def test_goodwill_above_approved_blocks_invoice(self):
        self._approve(self.ticket)
        self._line(
            self.ticket,
            self.labour,
            payer="goodwill",
            payer_reason="Second visit on us",
        )
        with self.assertRefused(UserError, "exceed the approved goodwill"):
            self.ticket.with_user(self.accountant).action_aftersales_create_invoice()


@tagged("post_install", "-at_install")
class TestGoodwillAndCash(BillingCommon):
    def _goodwill(self, amount, disputed=100.0):
        return self.env["aftersales.goodwill"].create(
            {
                "ticket_id": self._ticket().id,
                "amount": amount,
                "disputed_value": disputed,
                "reason": "Unit failed twice",
            }
        )

    def test_level_by_multiple_of_disputed_value(self):
        self.assertEqual(
            self._goodwill(100).level_id,
            self.env.ref("aftersales_service.goodwill_level_rep"),
        )
        self.assertEqual(
            self._goodwill(100.01).level_id,
            self.env.ref("aftersales_service.goodwill_level_supervisor"),
        )
        self.assertEqual(
            self._goodwill(1001).level_id,
            self.env.ref("aftersales_service.goodwill_level_general_manager"),
        )

    def test_approval_within_own_level_only(self):
        small, large = self._goodwill(80), self._goodwill(300)
        small.with_user(self.desk).action_approve()
        self.assertEqual(small.state, "approved")
        self.assertEqual(small.approver_id, self.desk)
        with self.assertRefused(AccessError, "you cannot decide it"):
            large.with_user(self.desk).action_approve()
        self.assertEqual(large.state, "to_approve")
        large.with_user(self.manager).action_approve()
        self.assertEqual(large.state, "approved")
        with self.assertRefused(UserError, "already decided"):
            large.with_user(self.manager).action_refuse()

    def test_non_positive_goodwill_refused(self):
        with self.assertRefused(ValidationError, "more than zero"):
            self._goodwill(0)

    def test_cash_collected_registered_by_accountant(self):
        ticket = self._ticket().with_user(self.accountant)
        self._line(ticket, self.labour)
        action = ticket.action_aftersales_create_invoice()
        invoice = self.env["account.move"].browse(action["res_id"])
        invoice.action_post()
        handover = (
            self.env["aftersales.cash.handover"]
            .with_user(self.technician)
            .create(
                {
                    "ticket_id": ticket.id,
                    "amount": invoice.amount_total,
                    "receipt_number": "R-001",
                }
            )
        )
        self.assertEqual(handover.user_id, self.technician)
        overdue = self.env["aftersales.cash.handover"].search(
            [("is_overdue", "=", True)]
        )
        self.assertNotIn(handover, overdue)
        handover.collected_at = "2020-01-01 08:00:00"
        self.assertIn(
            handover,
            self.env["aftersales.cash.handover"].search([("is_overdue", "=", True)]),
        )
        mine = handover.with_user(self.accountant)
        mine.invoice_id = invoice
        mine.action_register_payment()
        self.assertEqual(handover.state, "registered")
        self.assertIn(invoice.payment_state, ("paid", "in_payment"))
        with self.assertRefused(UserError, "already registered"):
            mine.action_register_payment()


@tagged("post_install", "-at_install")
class TestConcurrentInvoice(TransactionCase):
    """Two users invoicing the same ticket at once, in two real transactions:
    the second is refused, and after the first commits there is nothing left
    to invoice. The test transaction writes nothing (it would hold locks), so
    the data is committed through a third connection and removed afterwards."""

    def _connection(self):
        cr = odoo.sql_db.db_connect(self.env.cr.dbname).cursor()
        cr.execute("SET lock_timeout = '10s'")
        return cr, api.Environment(cr, odoo.SUPERUSER_ID, {"tracking_disable": True})

    def test_second_transaction_is_refused(self):
        cr0, env0 = self._connection()
        partner = env0["res.partner"].create({"name": "Concurrent Customer"})
        product = env0["product.product"].create(
            {"name": "Concurrent repair", "type": "service", "list_price": 50.0}
        )
        ticket = env0["helpdesk.ticket"].create(
            {
                "name": "Invoiced twice?",
                "description": "<p>x</p>",
                "partner_id": partner.id,
            }
        )
        env0["aftersales.charge.line"].create(
            {"ticket_id": ticket.id, "charge_type": "other", "product_id": product.id}
        )
        cr0.commit()
        ids = {"partner": partner.id, "product": product.id, "ticket": ticket.id}
        cr1, env1 = self._connection()
        cr2, env2 = self._connection()
        try:
            env1["helpdesk.ticket"].browse(
                ids["ticket"]
            ).action_aftersales_create_invoice()
            with self.assertRaises(UserError) as caught:
                env2["helpdesk.ticket"].browse(
                    ids["ticket"]
                ).action_aftersales_create_invoice()
            self.assertIn("Someone else is invoicing", str(caught.exception))
            cr2.rollback()
            cr1.commit()
            with self.assertRaises(UserError) as caught:
                env2["helpdesk.ticket"].browse(
                    ids["ticket"]
                ).action_aftersales_create_invoice()
            self.assertIn("nothing to invoice", str(caught.exception))
            cr2.rollback()
            invoices = env2["account.move"].search(
                [
                    (
                        "invoice_line_ids.aftersales_charge_line_id.ticket_id",
                        "=",
                        ids["ticket"],
                    )
                ]
            )
            self.assertEqual(len(invoices), 1)
        finally:
            for cr in (cr1, cr2):
                cr.rollback()
                cr.close()
            cr0.rollback()
            env0.invalidate_all()
            tickets = env0["helpdesk.ticket"].browse(ids["ticket"])
            tickets.aftersales_charge_line_ids.invoice_line_ids.move_id.unlink()
            tickets.unlink()
            env0["product.product"].browse(ids["product"]).unlink()
            env0["res.partner"].browse(ids["partner"]).unlink()
            cr0.commit()
            cr0.close()


@tagged("post_install", "-at_install")
class TestPortalQuote(HttpCase):
    """The customer accepts the quote on the portal by signing it."""

    def _quoted_ticket(self, login):
        """A paid repair of a new portal customer (``login``, also the
        password), its quote of one service line sent."""
        portal = new_test_user(self.env, login=login, groups="base.group_portal")
        ticket = self.env["helpdesk.ticket"].create(
            {
                "name": "Paid repair",
                "description": "<p>x</p>",
                "partner_id": portal.partner_id.id,
            }
        )
        product = self.env["product.product"].create(
            {"name": "Board replacement", "type": "service", "list_price": 300.0}
        )
        self.env["aftersales.charge.line"].create(
            {"ticket_id": ticket.id, "charge_type": "other", "product_id": product.id}
        )
        ticket._aftersales_write({"aftersales_quote_state": "sent"})
        return ticket

    def test_portal_customer_signs_quote(self):
        ticket = self._quoted_ticket("as_portal_quote")
        url = f"/my/ticket/{ticket.id}/quote/accept"
        self.authenticate("as_portal_quote", "as_portal_quote")
        page = self.url_open(f"/my/ticket/{ticket.id}")
        self.assertIn("Accept and Sign", page.text)
        refused = self.make_jsonrpc_request(url, {"name": "Mr Sun", "signature": ""})
        self.assertIn("sign", refused["error"])
        result = self.make_jsonrpc_request(
            url, {"name": "Mr Sun", "signature": SIGNATURE.decode()}
        )
        self.assertTrue(result.get("force_refresh"), result)
        self.assertEqual(ticket.aftersales_quote_state, "approved")
        self.assertEqual(ticket.aftersales_quote_approval_method, "portal")
        self.assertEqual(ticket.aftersales_quote_approved_by, "Mr Sun")
        self.assertTrue(ticket.aftersales_quote_signature)
        again = self.make_jsonrpc_request(url, {"name": "Mr Sun", "signature": "x"})
        self.assertIn("no quote waiting", again["error"])

    def test_other_customer_cannot_accept(self):
        owner = self.env["res.partner"].create({"name": "Owner"})
        ticket = self.env["helpdesk.ticket"].create(
            {"name": "Not yours", "description": "<p>x</p>", "partner_id": owner.id}
        )
        ticket._aftersales_write({"aftersales_quote_state": "sent"})
        new_test_user(self.env, login="as_portal_other", groups="base.group_portal")
        self.authenticate("as_portal_other", "as_portal_other")
        result = self.make_jsonrpc_request(
            f"/my/ticket/{ticket.id}/quote/accept",
            {"name": "Intruder", "signature": SIGNATURE.decode()},
        )
        self.assertIn("not yours", result["error"])
        self.assertEqual(ticket.aftersales_quote_state, "sent")

    def test_unreadable_signature_stores_nothing(self):
        """A signature that is not an image is refused with a message and
        nothing of the approval is stored."""
        ticket = self._quoted_ticket("as_portal_bad_sig")
        self.authenticate("as_portal_bad_sig", "as_portal_bad_sig")
        url = f"/my/ticket/{ticket.id}/quote/accept"
        not_an_image = base64.b64encode(b"not an image").decode()
        for signature in (not_an_image, "%%% not base64 %%%"):
            result = self.make_jsonrpc_request(
                url, {"name": "Mr Sun", "signature": signature}
            )
            self.assertIn("could not be read as an image", result["error"])
            ticket.invalidate_recordset()
            self.assertEqual(ticket.aftersales_quote_state, "sent")
            self.assertFalse(ticket.aftersales_quote_signature)
            self.assertFalse(ticket.aftersales_quote_approved_by)
            self.assertFalse(ticket.aftersales_quote_amount)
