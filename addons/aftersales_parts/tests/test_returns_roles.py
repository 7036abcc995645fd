from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .test_returns import ReturnsCommon


@tagged("post_install", "-at_install")
class TestReturnRoles(ReturnsCommon):
    """One refund application end to end, each step done by the
    least-privileged user of its role (README): the service desk applies and
    asks the policy, the manager approves, the desk confirms, the stock clerk
    receives the goods, the accountant (Invoicing only) refunds."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        if not cls.company.chart_template:
            cls.env["account.chart.template"].try_loading(
                "generic_coa", company=cls.company, install_demo=False
            )

    def test_refund_application_by_the_real_roles(self):
        # Least privilege: neither the clerk nor the accountant is in any
        # after-sales group, the accountant has Invoicing rights only.
        for user in (self.clerk, self.accountant):
            self.assertFalse(user.has_group("aftersales_service.group_aftersales_user"))
        self.assertFalse(self.accountant.has_group("stock.group_stock_user"))
        self.assertFalse(self.accountant.has_group("account.group_account_manager"))

        # The desk applies: the customer wants another product than the
        # bottles returned, so the policy credits them at 80 % and the value
        # (10 x 10.0) goes to the manager's level.
        rma = self._rma(
            product_id=self.bottle.id,
            aftersales_lot_id=False,
            product_uom_qty=10,
            aftersales_reason_id=self.r_quality.id,
            aftersales_other_product=True,
        )
        self.assertEqual(rma.create_uid, self.desk)
        rma.with_user(self.desk).action_aftersales_decide()
        self.assertEqual(rma.aftersales_decision, "credit")
        self.assertEqual(rma.aftersales_credit_rate, 80.0)
        self.assertEqual(rma.aftersales_approval_state, "to_approve")
        self.assertEqual(rma.aftersales_approval_level_id, self.level_manager)
        self.assertEqual(rma.operation_id, self.env.ref("rma.rma_operation_refund"))

        # The desk cannot approve itself, not even by writing the fields.
        decided = rma.read(
            [
                "aftersales_decision",
                "aftersales_approval_state",
                "aftersales_approver_id",
            ]
        )
        for vals in (
            {"aftersales_approval_state": "approved"},
            {"aftersales_approver_id": self.desk.id},
            {"aftersales_decision": "reimburse", "aftersales_credit_rate": 100.0},
        ):
            with self.assertRaises(UserError):
                rma.with_user(self.desk).write(vals)
        with self.assertRaises(AccessError):
            rma.with_user(self.desk).action_aftersales_approve()
        rma.invalidate_recordset()
        self.assertEqual(
            rma.read(
                [
                    "aftersales_decision",
                    "aftersales_approval_state",
                    "aftersales_approver_id",
                ]
            ),
            decided,
        )
        self.assertEqual(rma.aftersales_credit_rate, 80.0)
        with self.assertRaises(UserError):
            rma.with_user(self.desk).action_confirm()
        self.assertEqual(rma.state, "draft")

        # The manager approves; the desk confirms: rma makes the receipt.
        rma.with_user(self.manager).action_aftersales_approve()
        self.assertEqual(rma.aftersales_approval_state, "approved")
        self.assertEqual(rma.aftersales_approver_id, self.manager)
        rma.with_user(self.desk).action_confirm()
        self.assertEqual(rma.state, "confirmed")
        picking = rma.reception_move_id.picking_id
        self.assertTrue(picking)
        self.assertEqual(picking.picking_type_id.code, "incoming")

        # The stock clerk receives the goods.
        picking = picking.with_user(self.clerk)
        picking.move_ids.write({"quantity": 10, "picked": True})
        self.assertIs(picking.button_validate(), True)
        self.assertEqual(picking.state, "done")
        rma.invalidate_recordset()
        self.assertEqual(rma.state, "received")
        # Receiving does not let the clerk refund (no Invoicing rights).
        self.assertFalse(self.clerk.has_group("account.group_account_invoice"))

        # The accountant refunds with rma's own action: a draft credit note
        # for the customer, 10 x 10.0 credited at 80 % before taxes.
        rma.with_user(self.accountant).action_refund()
        rma.invalidate_recordset()
        self.assertEqual(rma.state, "refunded")
        refund = rma.refund_id
        self.assertTrue(refund)
        self.assertEqual(refund.move_type, "out_refund")
        self.assertEqual(refund.state, "draft")
        self.assertEqual(refund.partner_id, self.customer)
        self.assertEqual(refund.invoice_line_ids.product_id, self.bottle)
        self.assertEqual(refund.invoice_line_ids.quantity, 10.0)
        self.assertAlmostEqual(refund.invoice_line_ids.price_unit, 8.0)
        self.assertAlmostEqual(refund.amount_untaxed, 80.0)
        self.assertEqual(rma.refund_line_id, refund.invoice_line_ids)
