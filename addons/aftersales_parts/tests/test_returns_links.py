from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .test_returns import ReturnsCommon


@tagged("post_install", "-at_install")
class TestReturnOrderLinks(ReturnsCommon):
    """A manager's 三包 decision and a recalled unit collected make the
    return order (rma's own create), linked both ways, approved by the
    decision that made it."""

    def test_sanbao_replace_creates_the_return_order(self):
        unit, proposal = self._sanbao_proposal("AC-RMA-1")
        with self.assertRaises(AccessError):
            proposal.with_user(self.desk).action_replace()
        self.assertFalse(
            self.env["rma"].search([("aftersales_sanbao_id", "=", proposal.id)])
        )
        proposal.with_user(self.manager).action_replace()
        rma = proposal.rma_id
        self.assertTrue(rma)
        self.assertEqual(rma.aftersales_sanbao_id, proposal)
        self.assertEqual(rma.partner_id, unit.aftersales_customer_id)
        self.assertEqual(rma.product_id, unit.product_id)
        self.assertEqual(rma.aftersales_lot_id, unit)
        self.assertEqual(rma.product_uom_qty, 1.0)
        self.assertEqual(rma.operation_id, self.env.ref("rma.rma_operation_replace"))
        self.assertEqual(rma.aftersales_decision, "exchange")
        self.assertEqual(rma.aftersales_approval_state, "approved")
        self.assertEqual(rma.aftersales_approver_id, self.manager)
        self.assertEqual(rma.create_uid, self.manager)
        self.assertEqual(rma.state, "draft")
        self.assertIn("三包", rma.aftersales_decision_reason)
        # Goods may move: the decision approved it.
        rma.with_user(self.manager).action_confirm()
        self.assertEqual(rma.state, "confirmed")

    def test_sanbao_refund_and_refusal(self):
        _unit, proposal = self._sanbao_proposal("AC-RMA-2")
        proposal.with_user(self.manager).action_refund()
        self.assertEqual(
            proposal.rma_id.operation_id, self.env.ref("rma.rma_operation_refund")
        )
        self.assertEqual(proposal.rma_id.aftersales_decision, "reimburse")
        _unit, refused = self._sanbao_proposal("AC-RMA-3")
        refused.with_user(self.manager).action_refuse()
        self.assertFalse(refused.rma_id)

    def test_sanbao_unit_without_customer(self):
        unit, proposal = self._sanbao_proposal("AC-RMA-5")
        unit.aftersales_customer_id = False
        proposal.lot_id.invalidate_recordset()
        self.env["helpdesk.ticket"].search(
            [("aftersales_lot_id", "=", unit.id)]
        ).partner_id = False
        with self.assertRaisesRegex(UserError, "no customer"):
            proposal.with_user(self.manager).action_replace()
        self.assertEqual(proposal.state, "proposed")
        self.assertFalse(proposal.rma_id)
        self.assertFalse(
            self.env["rma"].search([("aftersales_sanbao_id", "=", proposal.id)])
        )

    def test_links_are_protected(self):
        _unit, proposal = self._sanbao_proposal("AC-RMA-4")
        proposal.with_user(self.manager).action_replace()
        rma = proposal.rma_id
        other = self._rma()
        with self.assertRaises(UserError):
            proposal.with_user(self.manager).write({"rma_id": other.id})
        with self.assertRaises(UserError):
            other.with_user(self.desk).write({"aftersales_sanbao_id": proposal.id})
        with self.assertRaises(UserError):
            self.env["rma"].with_user(self.desk).create(
                {
                    "partner_id": self.customer.id,
                    "product_id": self.can.id,
                    "aftersales_sanbao_id": proposal.id,
                }
            )
        self.assertEqual(proposal.rma_id, rma)
        self.assertFalse(other.aftersales_sanbao_id)
        self.assertEqual(
            self.env["rma"].search([("aftersales_sanbao_id", "=", proposal.id)]), rma
        )

    def test_recall_collection_creates_the_return_order(self):
        batch, recall = self._recall_of_delivered_batch("T-RECALL")
        recall.with_user(self.manager).action_find_customers()
        collected, refunded = recall.line_ids.sorted("quantity", reverse=True)
        with self.assertRaises(UserError):
            collected.with_user(self.clerk).write({"rma_id": self._rma().id})
        self.assertFalse(collected.rma_id)
        with self.assertRaises(AccessError):
            self.env["rma"].with_user(self.clerk).create(
                {"partner_id": self.customer.id, "product_id": self.can.id}
            )
        collected.with_user(self.clerk).action_collected()
        rma = collected.rma_id
        self.assertTrue(rma)
        self.assertEqual(rma.aftersales_recall_line_id, collected)
        self.assertEqual(rma.partner_id, self.customer)
        self.assertEqual(rma.product_uom_qty, 30.0)
        self.assertEqual(rma.aftersales_lot_id, batch)
        self.assertEqual(rma.origin, recall.name)
        self.assertEqual(rma.aftersales_approval_state, "approved")
        self.assertEqual(rma.aftersales_approver_id, self.manager)
        self.assertEqual(rma.create_uid, self.clerk)
        self.assertIn("Swollen cans", rma.aftersales_decision_reason)
        # One return order per line, however often the button is pressed.
        collected.with_user(self.clerk).action_collected()
        self.assertEqual(collected.rma_id, rma)
        self.assertEqual(
            self.env["rma"].search_count(
                [("aftersales_recall_line_id", "=", collected.id)]
            ),
            1,
        )
        refunded.with_user(self.clerk).action_refunded()
        self.assertFalse(refunded.rma_id)
        self.assertIn(recall.name, collected.display_name)
