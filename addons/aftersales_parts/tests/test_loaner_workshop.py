from datetime import timedelta
from unittest.mock import patch

from freezegun import freeze_time

from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged

from .common import PartsCommon


@tagged("post_install", "-at_install")
class TestLoaner(PartsCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.loaner = cls.env["product.product"].create(
            {
                "name": "Portable AC",
                "is_storable": True,
                "tracking": "serial",
                "aftersales_loaner": True,
            }
        )
        cls.loaners = cls.warehouse.aftersales_loaner_location_id
        cls.unit_1 = cls.env["stock.lot"].create(
            {"name": "LN-1", "product_id": cls.loaner.id}
        )
        cls.unit_2 = cls.env["stock.lot"].create(
            {"name": "LN-2", "product_id": cls.loaner.id}
        )
        cls._stock(cls.loaner, cls.loaners, 1, lot=cls.unit_1)
        cls._stock(cls.loaner, cls.loaners, 1, lot=cls.unit_2)

    def test_lend_and_take_back(self):
        ticket = self._job()
        Loan = self.env["aftersales.loan"].with_user(self.clerk)
        loan = Loan.create({"ticket_id": ticket.id, "lot_id": self.unit_1.id})
        self.assertEqual(loan.partner_id, self.customer)
        self.assertEqual(loan.due_date, loan.create_date.date() + timedelta(days=14))
        loan.action_lend()
        delivery = loan.out_picking_id
        self.assertEqual(delivery.location_id, self.loaners)
        self.assertEqual(delivery.move_line_ids.lot_id, self.unit_1)
        self.assertEqual(loan.state, "draft")
        self._validate(delivery)
        self.assertEqual(loan.state, "lent")
        # Who has which unit.
        self.assertEqual(
            Loan.search(
                [("state", "=", "lent"), ("partner_id", "=", self.customer.id)]
            ),
            loan,
        )
        # Lending is not selling: no owner, no warranty start on the loaner.
        self.assertFalse(self.unit_1.aftersales_customer_id)
        self.assertFalse(self.unit_1.aftersales_warranty_start)
        with self.assertRefused(UserError, "already promised or lent"):
            Loan.create({"ticket_id": ticket.id, "lot_id": self.unit_1.id})
        with freeze_time(loan.due_date + timedelta(days=1)):
            loan.invalidate_recordset(["overdue"])
            self.assertTrue(loan.overdue)
            self.assertIn(loan, Loan.search([("overdue", "=", True)]))
        loan.action_take_back()
        self._validate(loan.in_picking_id)
        self.assertEqual(loan.state, "returned")
        self.assertEqual(
            self.env["stock.quant"]._get_available_quantity(
                self.loaner, self.loaners, lot_id=self.unit_1
            ),
            1,
        )

    def test_overdue_loaner_todo_for_the_assignee(self):
        ticket = self._job()
        ticket.user_id = self.technician_2
        loan = self.env["aftersales.loan"].create(
            {"ticket_id": ticket.id, "lot_id": self.unit_2.id}
        )
        loan.action_lend()
        cron = type(self.env["ir.cron"])
        with (
            freeze_time(loan.due_date + timedelta(days=1)),
            patch.object(cron, "_commit_progress", return_value=1.0),
        ):
            self.env["aftersales.loan"]._cron_aftersales_overdue()
            self.assertFalse(loan.activity_ids, "still with us: not overdue")
            self._validate(loan.out_picking_id)
            self.assertEqual(loan.state, "lent")
            self.env["aftersales.loan"]._cron_aftersales_overdue()
            self.assertEqual(loan.activity_ids.user_id, self.technician_2)
            self.assertIn("Take back loaner LN-2", loan.activity_ids.summary)
            self.env["aftersales.loan"]._cron_aftersales_overdue()
            self.assertEqual(len(loan.activity_ids), 1)
        loan.action_take_back()
        self._validate(loan.in_picking_id)
        self.assertEqual(loan.state, "returned")
        loan.invalidate_recordset(["activity_ids"])
        self.assertFalse(loan.activity_ids)
        done = (
            self.env["mail.activity"]
            .with_context(active_test=False)
            .search([("res_model", "=", "aftersales.loan"), ("res_id", "=", loan.id)])
        )
        self.assertFalse(done.active, "kept as done, in the history")

    def test_loan_state_follows_its_pickings_only(self):
        loan = (
            self.env["aftersales.loan"]
            .with_user(self.clerk)
            .create({"ticket_id": self._job().id, "lot_id": self.unit_1.id})
        )
        for vals in (
            {"state": "lent"},
            {"state": "returned", "date_back": "2026-01-01"},
            {"date_out": "2026-01-01"},
        ):
            with self.assertRefused(UserError, "cannot be set directly"):
                loan.with_user(self.clerk).with_context(tracking_disable=True).write(
                    vals
                )
        self.assertEqual(loan.state, "draft")
        self.assertFalse(loan.date_out or loan.date_back)

    def test_unit_not_in_loaners_is_refused(self):
        ticket = self._job()
        other = self.env["stock.lot"].create(
            {"name": "LN-9", "product_id": self.loaner.id}
        )
        loan = self.env["aftersales.loan"].create(
            {"ticket_id": ticket.id, "lot_id": other.id}
        )
        with self.assertRefused(UserError, "is not in"):
            loan.action_lend()
        self.assertFalse(loan.out_picking_id)

    def test_loaner_must_be_serial_tracked(self):
        with self.assertRefused(ValidationError, "unique serial number"):
            self.env["product.product"].create(
                {"name": "Fan heater", "is_storable": True, "aftersales_loaner": True}
            )

    def test_loan_moved_to_a_promised_unit_is_refused(self):
        Loan = self.env["aftersales.loan"].with_user(self.clerk)
        first = Loan.create({"ticket_id": self._job().id, "lot_id": self.unit_1.id})
        second = Loan.create({"ticket_id": self._job().id, "lot_id": self.unit_2.id})
        with self.assertRefused(UserError, "already promised or lent"):
            second.write({"lot_id": self.unit_1.id})
        self.assertEqual(second.lot_id, self.unit_2)
        self.assertEqual(first.lot_id, self.unit_1)

    def test_overdue_loan_cron_skips_a_failing_loan(self):
        loans = self.env["aftersales.loan"]
        for unit in (self.unit_1, self.unit_2):
            ticket = self._job(user_id=self.technician.id)
            loan = loans.create({"ticket_id": ticket.id, "lot_id": unit.id})
            loan.action_lend()
            self._validate(loan.out_picking_id)
            loans |= loan
        bad, good = loans
        Loan = type(loans)
        original = Loan._aftersales_overdue_summary

        def summary(record):
            if record == bad:
                raise ValueError("broken loan")
            return original(record)

        cron = type(self.env["ir.cron"])
        with (
            freeze_time(max(loans.mapped("due_date")) + timedelta(days=1)),
            patch.object(cron, "_commit_progress", return_value=1.0),
            patch.object(Loan, "_aftersales_overdue_summary", summary),
            self.assertLogs(
                "odoo.addons.aftersales_service.models.ir_cron", level="ERROR"
            ) as logs,
        ):
            self.env["aftersales.loan"]._cron_aftersales_overdue()
        self.assertIn("skipped", logs.output[0])
        self.assertTrue(good.overdue_notified)
        self.assertEqual(len(good.activity_ids), 1)
        self.assertFalse(bad.overdue_notified)
        self.assertFalse(bad.activity_ids)


@tagged("post_install", "-at_install")
class TestWorkshop(PartsCommon):
    def test_receive_and_return_the_customers_unit(self):
        ticket = self._job()
        self.assertEqual(ticket.aftersales_unit_location, "At the customer")
        action = ticket.with_user(self.clerk).action_aftersales_workshop_receive()
        receipt = self.env["stock.picking"].browse(action["res_id"])
        self.assertEqual(receipt.aftersales_kind, "repair_in")
        self.assertEqual(receipt.owner_id, self.customer)
        self.assertRegex(receipt.name, r"/WSI-\d{4}-\d{2,}$")
        ticket.invalidate_recordset()
        self.assertIn(receipt.name, ticket.aftersales_unit_location)
        self._validate(receipt)
        ticket.invalidate_recordset()
        self.assertTrue(ticket.aftersales_unit_in_workshop)
        self.assertIn("Customer Units in Repair", ticket.aftersales_unit_location)
        quant = self.lot.quant_ids.filtered(lambda q: q.quantity > 0)
        self.assertEqual(quant.owner_id, self.customer, "still the customer's unit")
        html, _fmt = self.env["ir.actions.report"]._render_qweb_html(
            "aftersales_parts.action_report_workshop_receipt", receipt.ids
        )
        self.assertIn(b"hand it back when you collect", html)
        self.assertIn(self.lot.name.encode(), html)
        with self.assertRefused(UserError, "already in the workshop"):
            ticket.with_user(self.clerk).action_aftersales_workshop_receive()
        action = ticket.with_user(self.clerk).action_aftersales_workshop_return()
        delivery = self.env["stock.picking"].browse(action["res_id"])
        self.assertEqual(delivery.move_line_ids.lot_id, self.lot)
        self._validate(delivery)
        ticket.invalidate_recordset()
        self.assertEqual(ticket.aftersales_unit_location, "At the customer")
        self.assertFalse(ticket.aftersales_unit_in_workshop)

    def test_no_unit_no_receipt(self):
        ticket = self._job(aftersales_lot_id=False)
        with self.assertRefused(UserError, "no serial-numbered unit"):
            ticket.action_aftersales_workshop_receive()
