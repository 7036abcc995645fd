from datetime import date, timedelta
from unittest.mock import patch

from freezegun import freeze_time

from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import PartsCommon


@tagged("post_install", "-at_install")
class TestOldForNew(PartsCommon):
    def _issue_compressor(self):
        ticket = self._job()
        picking = self._validate(self._request(ticket, [(self.compressor, 1)]))
        return ticket, picking, ticket.aftersales_part_return_ids

    def test_return_expected_and_received(self):
        self.company.aftersales_parts_return_days = 5
        ticket, issue, expected = self._issue_compressor()
        self.assertEqual(len(expected), 1)
        self.assertEqual(expected.state, "expected")
        self.assertEqual(expected.user_id, self.technician)
        self.assertEqual(expected.issue_picking_id, issue)
        self.assertEqual(expected.due_date, date.today() + timedelta(days=5))
        incoming = expected.return_picking_id
        self.assertEqual(incoming.aftersales_kind, "defective")
        self.assertEqual(
            incoming.location_dest_id, self.warehouse.aftersales_defective_location_id
        )
        # The technician sees what they owe; another technician does not.
        Return = self.env["aftersales.part.return"]
        self.assertEqual(Return.with_user(self.technician).search([]), expected)
        self.assertFalse(Return.with_user(self.technician_2).search([]))
        self._validate(incoming)
        self.assertEqual(expected.state, "received")
        self.assertEqual(
            self.env["stock.quant"]._get_available_quantity(
                self.compressor, self.warehouse.aftersales_defective_location_id
            ),
            1,
        )
        # The defective part does not count as stock to issue.
        self.assertEqual(
            self.env["stock.quant"]._get_available_quantity(
                self.compressor, self.stock
            ),
            1,
        )
        # Only return-required parts are expected back.
        self._validate(self._request(ticket, [(self.fan, 1)]))
        self.assertEqual(len(ticket.aftersales_part_return_ids), 1)

    def test_overdue_then_charged_to_technician(self):
        self.company.write(
            {"aftersales_parts_return_days": 7, "aftersales_parts_charge_days": 30}
        )
        ticket, issue, expected = self._issue_compressor()
        due = expected.due_date
        Return = self.env["aftersales.part.return"]
        self.assertFalse(expected.overdue)
        with freeze_time(due + timedelta(days=1)):
            expected.invalidate_recordset(["overdue"])
            self.assertTrue(expected.overdue)
            self.assertIn(expected, Return.search([("overdue", "=", True)]))
            with self.assertRefused(UserError, "can be charged to the technician from"):
                expected.with_user(self.clerk).action_charge_technician()
            self.assertEqual(expected.state, "expected")
        with freeze_time(due + timedelta(days=30)):
            expected.with_user(self.clerk).action_charge_technician()
        self.assertEqual(expected.state, "charged")
        self.assertEqual(expected.charge_amount, 1000.0)
        self.assertEqual(expected.charged_by_id, self.clerk)
        self.assertEqual(expected.return_move_id.state, "cancel")
        self.assertIn("charged to Tech Li", expected.message_ids[:1].body)
        self.assertIn("charged to Tech Li", ticket.message_ids[:1].body)

    def _run_overdue_cron(self, model):
        cron = type(self.env["ir.cron"])
        with patch.object(cron, "_commit_progress", return_value=1.0) as progress:
            self.env[model]._cron_aftersales_overdue()
        return progress

    def test_overdue_gives_the_technician_one_todo(self):
        self.company.aftersales_parts_return_days = 7
        ticket, issue, expected = self._issue_compressor()
        todo = self.env.ref("aftersales_parts.mail_activity_type_bring_back")
        self._run_overdue_cron("aftersales.part.return")
        self.assertFalse(expected.activity_ids, "not overdue yet")
        with freeze_time(expected.due_date + timedelta(days=1)):
            progress = self._run_overdue_cron("aftersales.part.return")
            self.assertEqual(progress.call_count, 1)
            activity = expected.activity_ids
            self.assertEqual(len(activity), 1)
            self.assertEqual(activity.user_id, self.technician)
            self.assertEqual(activity.activity_type_id, todo)
            self.assertIn("Bring back the defective Compressor", activity.summary)
            self.assertIn(issue.name, activity.summary)
            self.assertTrue(expected.overdue_notified)
            # The technician sees it in their activities.
            self.assertEqual(
                self.env["mail.activity"]
                .with_user(self.technician)
                .search([("res_model", "=", "aftersales.part.return")]),
                activity,
            )
            # Once: the next day's run adds nothing.
            self._run_overdue_cron("aftersales.part.return")
            self.assertEqual(len(expected.activity_ids), 1)
        # A new due date: the to-do goes, a new one comes if it is missed too.
        expected.due_date = expected.due_date + timedelta(days=30)
        expected.invalidate_recordset(["activity_ids"])
        self.assertFalse(expected.activity_ids)
        self.assertFalse(expected.overdue_notified)
        with freeze_time(expected.due_date + timedelta(days=1)):
            self._run_overdue_cron("aftersales.part.return")
            self.assertEqual(len(expected.activity_ids), 1)
        # Someone's own to-do on the record is not ours to close.
        own = expected.activity_schedule(
            "mail.mail_activity_data_todo", user_id=self.clerk.id, summary="Call him"
        )
        # The part comes back: the to-do is done, on the record's history.
        self._validate(expected.return_picking_id)
        self.assertEqual(expected.state, "received")
        expected.invalidate_recordset(["activity_ids"])
        self.assertEqual(expected.activity_ids, own)
        self.assertIn(
            "Bring back the defective Compressor",
            " ".join(expected.message_ids.mapped("body")),
        )

    def test_unused_part_returned_cancels_the_expected_return(self):
        ticket, issue, expected = self._issue_compressor()
        wizard = (
            self.env["stock.return.picking"]
            .with_context(active_id=issue.id, active_model="stock.picking")
            .create({"picking_id": issue.id})
        )
        wizard.product_return_moves.quantity = 1
        back = self.env["stock.picking"].browse(
            wizard.action_create_returns()["res_id"]
        )
        self._validate(back)
        self.assertEqual(expected.state, "cancelled")
        self.assertFalse(ticket.aftersales_charge_line_ids)

    def test_supplier_claim(self):
        supplier = self.env["res.partner"].create({"name": "Compressor Works"})
        self.env["product.supplierinfo"].create(
            {
                "partner_id": supplier.id,
                "product_tmpl_id": self.compressor.product_tmpl_id.id,
            }
        )
        ticket, issue, expected = self._issue_compressor()
        with self.assertRefused(UserError, "can be claimed"):
            expected.action_create_claim()
        self._validate(expected.return_picking_id)
        action = expected.with_user(self.clerk).action_create_claim()
        claim = self.env["aftersales.supplier.claim"].browse(action["res_id"])
        self.assertEqual(claim.partner_id, supplier)
        self.assertEqual(claim.product_id, self.compressor)
        self.assertEqual(claim.quantity, 1)
        self.assertRegex(claim.name, r"^SC-\d{4}-\d{2,}$")
        self.assertEqual(claim.deadline, date.today() + timedelta(days=30))
        with self.assertRefused(UserError, "Problem"):
            claim.with_user(self.clerk).action_send()
        claim.problem = "Seized after 3 months: no compression."
        claim.with_user(self.clerk).action_send()
        self.assertEqual(claim.state, "sent")
        self.assertEqual(
            claim.picking_id.location_id,
            self.warehouse.aftersales_defective_location_id,
        )
        self.assertEqual(claim.picking_id.state, "assigned")

    def test_overdue_cron_skips_a_failing_return_and_retries_it(self):
        """One return whose to-do cannot be made is logged and skipped, not
        marked as notified; the others get their to-do; the next run retries."""
        self.company.aftersales_parts_return_days = 7
        self._stock(self.compressor, self.stock, 1)
        returns = self.env["aftersales.part.return"]
        for _index in range(3):
            returns |= self._issue_compressor()[2]
        bad = returns[1]
        Return = type(returns)
        original = Return._aftersales_overdue_summary

        def summary(record):
            if record == bad:
                raise ValueError("broken return")
            return original(record)

        with freeze_time(max(returns.mapped("due_date")) + timedelta(days=1)):
            with (
                patch.object(Return, "_aftersales_overdue_summary", summary),
                self.assertLogs(
                    "odoo.addons.aftersales_service.models.ir_cron", level="ERROR"
                ) as logs,
            ):
                self._run_overdue_cron("aftersales.part.return")
            self.assertIn("skipped", logs.output[0])
            self.assertEqual((returns - bad).mapped("overdue_notified"), [True, True])
            self.assertEqual(len((returns - bad).activity_ids), 2)
            self.assertFalse(bad.overdue_notified)
            self.assertFalse(bad.activity_ids)
            self._run_overdue_cron("aftersales.part.return")
            self.assertTrue(bad.overdue_notified)
            self.assertEqual(len(bad.activity_ids), 1)


@tagged("post_install", "-at_install")
class TestPartsRulesInTheModel(PartsCommon):
    """A technician (or a clerk) cannot settle a defective part or a claim by
    writing its state: refused with any context, nothing changed."""

    def test_return_settled_only_by_stock_or_charge(self):
        ticket = self._job()
        self._validate(self._request(ticket, [(self.compressor, 1)]))
        expected = ticket.aftersales_part_return_ids
        context = {"aftersales_parts_from_move": True, "tracking_disable": True}
        for user, vals in (
            (self.technician, {"state": "received"}),
            (self.technician, {"state": "cancelled"}),
            (self.clerk, {"charge_amount": 0, "charged_date": date(2026, 1, 1)}),
            (self.clerk, {"received_date": date(2026, 1, 1)}),
        ):
            with self.assertRaises(UserError) as caught:
                expected.with_user(user).with_context(**context).sudo(False).write(vals)
            self.assertIn("cannot be set directly", str(caught.exception))
        self.assertEqual(expected.state, "expected")
        self.assertFalse(expected.received_date or expected.charged_date)
