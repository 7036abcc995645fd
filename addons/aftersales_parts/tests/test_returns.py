from datetime import date, datetime, timedelta

from odoo import Command, fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user, tagged

from .common import PartsCommon


class ReturnsCommon(PartsCommon):
    """The food company's policy of seed 003 and a dealer's; the roles of the
    README: the desk applies, the manager approves, the clerk receives, the
    accountant refunds."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.accountant = new_test_user(
            cls.env,
            login="as_ret_accountant",
            groups="account.group_account_invoice",
            name="Accountant Qian",
        )
        Reason = cls.env["aftersales.return.reason"]
        cls.r_quality = cls.env.ref("aftersales_parts.return_reason_quality")
        cls.r_leak = cls.env.ref("aftersales_parts.return_reason_leak")
        cls.r_breakage = cls.env.ref("aftersales_parts.return_reason_breakage")
        cls.r_packaging = cls.env.ref("aftersales_parts.return_reason_packaging")
        cls.r_taste = Reason.create({"name": "Does not like the taste"})
        cls.categ_food = cls.env["product.category"].create({"name": "Drinks"})
        Product = cls.env["product.product"]
        cls.can = Product.create(
            {
                "name": "Tea can 310 ml",
                "categ_id": cls.categ_food.id,
                "is_storable": True,
                "tracking": "lot",
                "list_price": 5.0,
                "aftersales_shelf_life_days": 365,
            }
        )
        cls.bottle = Product.create(
            {
                "name": "Soy sauce bottle",
                "categ_id": cls.categ_food.id,
                "is_storable": True,
                "list_price": 10.0,
            }
        )
        levels = cls.env["aftersales.goodwill.level"]
        cls.level_manager = cls.env.ref("aftersales_service.goodwill_level_manager")
        cls.level_director = cls.env.ref("aftersales_service.goodwill_level_director")
        cls.policy = cls.env["aftersales.return.policy"].create(
            {
                "name": "Food",
                "categ_ids": [Command.link(cls.categ_food.id)],
                "expiry_months": 3,
                "credit_rate": 80.0,
                "breakage_rate": 0.2,
                "swap_product_ids": [Command.link(cls.can.id)],
                "line_ids": [
                    Command.create(
                        {"reason_id": cls.r_quality.id, "outcome": "exchange"}
                    ),
                    Command.create({"reason_id": cls.r_leak.id, "outcome": "swap"}),
                    Command.create(
                        {"reason_id": cls.r_breakage.id, "outcome": "reimburse"}
                    ),
                    Command.create(
                        {
                            "reason_id": cls.r_packaging.id,
                            "outcome": "swap",
                            "direct_max_units": 15,
                        }
                    ),
                ],
                "approval_ids": [
                    Command.create(
                        {"max_value": 1000.0, "level_id": cls.level_manager.id}
                    ),
                    Command.create({"max_value": 0, "level_id": cls.level_director.id}),
                ],
            }
        )
        del levels
        cls.fresh = cls.env["stock.lot"].create(
            {
                "name": "T-FRESH",
                "product_id": cls.can.id,
                "aftersales_production_date": fields.Date.today() - timedelta(days=30),
            }
        )
        cls.old = cls.env["stock.lot"].create(
            {
                "name": "T-OLD",
                "product_id": cls.can.id,
                "aftersales_production_date": fields.Date.today() - timedelta(days=300),
            }
        )

    def _rma(self, user=None, **vals):
        env = self.env(user=user or self.desk)
        defaults = {
            "partner_id": self.customer.id,
            "product_id": self.can.id,
            "product_uom_qty": 10,
            "aftersales_lot_id": self.fresh.id,
            "aftersales_reason_id": self.r_quality.id,
        }
        return env["rma"].create({**defaults, **vals})

    def _deliver(self, product, qty, when, partner=None, lot=None):
        self._stock(product, self.stock, qty, lot=lot)
        picking = self.env["stock.picking"].create(
            {
                "partner_id": (partner or self.customer).id,
                "picking_type_id": self.warehouse.out_type_id.id,
                "location_id": self.stock.id,
                "location_dest_id": self.customers.id,
                "move_ids": [
                    Command.create(
                        {
                            "product_id": product.id,
                            "product_uom_qty": qty,
                            "location_id": self.stock.id,
                            "location_dest_id": self.customers.id,
                        }
                    )
                ],
            }
        )
        picking.action_confirm()
        picking.action_assign()
        picking.move_ids.write({"quantity": qty, "picked": True})
        picking._action_done()
        picking.move_ids.write({"date": when})
        picking.move_ids.move_line_ids.write({"date": when})
        return picking

    def _sanbao_proposal(self, name):
        """A unit of equipment (serial ``name``) repaired three times within
        its 三包 period: the policy of threshold 2 proposes its replacement."""
        self.env["aftersales.return.policy"].create(
            {
                "name": f"Equipment {name}",
                "categ_ids": [Command.link(self.categ_ac.id)],
                "sanbao_threshold": 2,
            }
        )
        unit = self._lot(name, fields.Date.today() - timedelta(days=60))
        today = fields.Date.today()
        for days in (20, 10, 1):
            self._ticket(
                user=self.desk,
                aftersales_lot_id=unit.id,
                aftersales_request_type="repair",
                aftersales_failure_date=today - timedelta(days=days),
            )
        proposal = unit.aftersales_sanbao_ids
        self.assertEqual(proposal.state, "proposed")
        return unit, proposal

    def _recall_of_delivered_batch(self, name):
        """A batch of cans (lot ``name``, produced 1 May 2026) delivered to two
        customers, 30 and 20 cans, and the manager's draft recall of April
        and May's production: ``(batch, recall)``."""
        batch = self.env["stock.lot"].create(
            {
                "name": name,
                "product_id": self.can.id,
                "aftersales_production_date": date(2026, 5, 1),
            }
        )
        self._deliver(self.can, 30, datetime(2026, 5, 10), lot=batch)
        self._deliver(
            self.can, 20, datetime(2026, 5, 11), partner=self.other_customer, lot=batch
        )
        recall = (
            self.env["aftersales.recall"]
            .with_user(self.manager)
            .create(
                {
                    "product_id": self.can.id,
                    "reason": "Swollen cans",
                    "production_from": date(2026, 4, 1),
                    "production_to": date(2026, 5, 31),
                }
            )
        )
        return batch, recall


@tagged("post_install", "-at_install")
class TestReturnPolicy(ReturnsCommon):
    def test_leaking_cans_swapped_directly(self):
        rma = self._rma(product_uom_qty=40, aftersales_reason_id=self.r_leak.id)
        rma.with_user(self.desk).action_aftersales_decide()
        self.assertEqual(rma.aftersales_decision, "swap")
        self.assertEqual(rma.aftersales_decision_rule, "swap_list")
        self.assertEqual(rma.aftersales_approval_state, "approved")
        self.assertIn("Food", rma.aftersales_decision_reason)
        self.assertIn("1:1", rma.aftersales_decision_reason)
        # Approved by the policy: goods may move.
        rma.with_user(self.desk).action_confirm()
        self.assertEqual(rma.state, "confirmed")

    def test_not_on_swap_list_needs_approval(self):
        rma = self._rma(
            product_id=self.bottle.id,
            aftersales_lot_id=False,
            aftersales_reason_id=self.r_leak.id,
        )
        rma.with_user(self.desk).action_aftersales_decide()
        self.assertEqual(
            (rma.aftersales_decision, rma.aftersales_decision_rule),
            ("exchange", "not_on_swap_list"),
        )
        self.assertEqual(rma.aftersales_approval_state, "to_approve")

    def test_reason_not_accepted(self):
        rma = self._rma(aftersales_reason_id=self.r_taste.id)
        rma.with_user(self.desk).action_aftersales_decide()
        self.assertEqual(rma.aftersales_decision, "refuse")
        self.assertEqual(rma.aftersales_decision_rule, "reason")
        self.assertEqual(rma.aftersales_approval_state, "refused")
        with self.assertRaises(UserError):
            rma.with_user(self.desk).action_confirm()
        self.assertEqual(rma.state, "draft")

    def test_expiry_window(self):
        # Produced 300 days ago, 365 days' shelf life: expires in 65 days,
        # inside the 3 months before expiry.
        rma = self._rma(aftersales_lot_id=self.old.id)
        self.assertEqual(
            rma.aftersales_expiry_date,
            self.old.aftersales_production_date + timedelta(days=365),
        )
        rma.with_user(self.desk).action_aftersales_decide()
        self.assertEqual(
            (rma.aftersales_decision, rma.aftersales_decision_rule),
            ("refuse", "expiry"),
        )
        self.assertIn("3 months", rma.aftersales_decision_reason)

    def test_exchange_same_or_credit_at_discount(self):
        same = self._rma()
        other = self._rma(aftersales_other_product=True)
        (same | other).with_user(self.desk).action_aftersales_decide()
        self.assertEqual(same.aftersales_decision, "exchange")
        self.assertEqual(same.aftersales_approval_state, "to_approve")
        self.assertEqual(
            (other.aftersales_decision, other.aftersales_credit_rate), ("credit", 80.0)
        )

    def test_approval_by_value_before_goods_move(self):
        rma = self._rma()  # 10 x 5.0 = 50: the manager's level
        rma.with_user(self.desk).action_aftersales_decide()
        self.assertEqual(rma.aftersales_approval_level_id, self.level_manager)
        # The desk applies but neither approves nor moves goods.
        with self.assertRaises(AccessError):
            rma.with_user(self.desk).action_aftersales_approve()
        with self.assertRaises(UserError):
            rma.with_user(self.desk).action_confirm()
        self.assertEqual(rma.state, "draft")
        self.assertEqual(rma.aftersales_approval_state, "to_approve")
        rma.with_user(self.manager).action_aftersales_approve()
        self.assertEqual(rma.aftersales_approver_id, self.manager)
        rma.with_user(self.desk).action_confirm()
        self.assertEqual(rma.state, "confirmed")
        # Approved facts cannot change once goods move.
        with self.assertRaises(UserError):
            rma.with_user(self.desk).write({"product_uom_qty": 99})

    def test_large_application_needs_the_director(self):
        rma = self._rma(product_uom_qty=300)  # 1,500 > 1,000
        rma.with_user(self.desk).action_aftersales_decide()
        self.assertEqual(rma.aftersales_approval_level_id, self.level_director)
        with self.assertRaises(AccessError):
            rma.with_user(self.manager).action_aftersales_approve()

    def test_packaging_direct_up_to_15(self):
        small = self._rma(product_uom_qty=15, aftersales_reason_id=self.r_packaging.id)
        large = self._rma(product_uom_qty=16, aftersales_reason_id=self.r_packaging.id)
        (small | large).with_user(self.desk).action_aftersales_decide()
        self.assertEqual(small.aftersales_approval_state, "approved")
        self.assertEqual(large.aftersales_approval_state, "to_approve")
        self.assertEqual(large.aftersales_decision_rule, "direct_limit")
        self.assertEqual(large.aftersales_accepted_qty, 15)

    def test_breakage_quota_across_a_quarter_boundary(self):
        self._deliver(self.bottle, 1000, datetime(2026, 3, 31, 10))
        self._deliver(self.bottle, 500, datetime(2026, 4, 1, 10))
        march = self._rma(
            product_id=self.bottle.id,
            aftersales_lot_id=False,
            product_uom_qty=2,
            aftersales_reason_id=self.r_breakage.id,
            date=datetime(2026, 3, 31, 12),
        )
        april = self._rma(
            product_id=self.bottle.id,
            aftersales_lot_id=False,
            product_uom_qty=1,
            aftersales_reason_id=self.r_breakage.id,
            date=datetime(2026, 4, 2, 12),
        )
        (march | april).with_user(self.desk).action_aftersales_decide()
        # Q1: 0.2 % of 1,000 = 2; Q2: 0.2 % of 500 = 1.
        self.assertEqual(march.aftersales_decision_rule, "breakage_quota")
        self.assertEqual(april.aftersales_decision_rule, "breakage_quota")
        self.assertEqual(april.aftersales_approval_state, "approved")
        # A second claim in April finds the quarter's quota used.
        again = self._rma(
            product_id=self.bottle.id,
            aftersales_lot_id=False,
            product_uom_qty=1,
            aftersales_reason_id=self.r_breakage.id,
            date=datetime(2026, 4, 20, 12),
        )
        again.with_user(self.desk).action_aftersales_decide()
        self.assertEqual(again.aftersales_decision_rule, "breakage_over")
        self.assertEqual(again.aftersales_approval_state, "to_approve")
        self.assertEqual(again.aftersales_accepted_qty, 0)
        # Another customer has no deliveries: no quota.
        other = self._rma(
            partner_id=self.other_customer.id,
            product_id=self.bottle.id,
            aftersales_lot_id=False,
            product_uom_qty=1,
            aftersales_reason_id=self.r_breakage.id,
            date=datetime(2026, 4, 20, 12),
        )
        other.with_user(self.desk).action_aftersales_decide()
        self.assertEqual(other.aftersales_decision_rule, "breakage_over")

    def test_decision_is_protected(self):
        rma = self._rma()
        for user in (self.desk, self.manager):
            with self.assertRaises(UserError):
                rma.with_user(user).write({"aftersales_approval_state": "approved"})
            with self.assertRaises(UserError):
                self._rma(user=user, aftersales_approval_state="approved")
        self.assertEqual(rma.aftersales_approval_state, "new")
        with self.assertRaises(UserError):
            rma.with_user(self.desk).action_confirm()
        self.assertEqual(rma.state, "draft")

    def test_changed_facts_send_the_application_back(self):
        rma = self._rma(aftersales_reason_id=self.r_leak.id)
        rma.with_user(self.desk).action_aftersales_decide()
        self.assertEqual(rma.aftersales_approval_state, "approved")
        rma.with_user(self.desk).write({"product_uom_qty": 500})
        self.assertEqual(rma.aftersales_approval_state, "new")
        self.assertFalse(rma.aftersales_decision)

    def test_roles_on_return_orders(self):
        rma = self._rma()
        Rma = self.env["rma"]
        for user in (self.clerk, self.accountant):
            self.assertTrue(Rma.with_user(user).search([("id", "=", rma.id)]))
            with self.assertRaises(AccessError):
                Rma.with_user(user).create({"partner_id": self.customer.id})
        with self.assertRaises(AccessError):
            Rma.with_user(self.technician).search([("id", "=", rma.id)])
        with self.assertRaises(AccessError):
            rma.with_user(self.clerk).action_aftersales_decide()

    def test_decide_queries_flat(self):
        self._deliver(self.bottle, 1000, datetime(2026, 3, 31, 10))

        def make(n):
            return self.env["rma"].create(
                [
                    {
                        "partner_id": self.customer.id,
                        "product_id": (self.bottle if i % 2 else self.can).id,
                        "product_uom_qty": 1,
                        "aftersales_reason_id": (
                            self.r_breakage if i % 2 else self.r_quality
                        ).id,
                    }
                    for i in range(n)
                ]
            )

        self.assertQueriesFlat(make, lambda rmas: rmas._aftersales_decide())


@tagged("post_install", "-at_install")
class TestSanbaoAndRecall(ReturnsCommon):
    def test_sanbao_after_repeated_repairs(self):
        unit, proposal = self._sanbao_proposal("AC-3B")
        self.assertEqual(len(proposal), 1)
        self.assertEqual(proposal.state, "proposed")
        self.assertEqual(proposal.repeat_count, 2)
        self.assertEqual(unit.aftersales_sanbao_state, "proposed")
        with self.assertRaises(AccessError):
            proposal.with_user(self.desk).action_replace()
        with self.assertRaises(UserError):
            proposal.with_user(self.manager).write({"state": "refund"})
        proposal.with_user(self.manager).action_replace()
        self.assertEqual(unit.aftersales_sanbao_state, "replace")
        self.assertEqual(proposal.decided_by_id, self.manager)

    def test_recall_find_notify_close(self):
        self.customer.email = "hotel@example.com"
        _batch, recall = self._recall_of_delivered_batch("T-BAD")
        self.assertTrue(recall.name.startswith("RC-"))
        with self.assertRaises(UserError):
            recall.with_user(self.desk).action_find_customers()
        recall.with_user(self.manager).action_find_customers()
        self.assertEqual(recall.state, "open")
        self.assertEqual(sorted(recall.line_ids.mapped("quantity")), [20.0, 30.0])
        self.assertEqual(
            recall.line_ids.partner_id, self.customer | self.other_customer
        )
        recall.with_user(self.manager).action_notify()
        self.assertEqual(set(recall.line_ids.mapped("state")), {"notified"})
        with self.assertRaises(UserError):
            recall.with_user(self.manager).action_close()
        with self.assertRaises(UserError):
            recall.line_ids[0].with_user(self.clerk).write({"state": "collected"})
        recall.line_ids[0].with_user(self.clerk).action_collected()
        recall.line_ids[1].with_user(self.clerk).action_refunded()
        recall.with_user(self.manager).action_close()
        self.assertEqual(recall.state, "closed")

    def test_supplier_claim_letter(self):
        claim = self.env["aftersales.supplier.claim"].create(
            {
                "partner_id": self.customer.id,
                "product_id": self.compressor.id,
                "quantity": 3,
                "problem": "Burnt windings",
                "site": "Sunrise Hotel roof",
            }
        )
        html = (
            self.env["ir.actions.report"]
            ._render_qweb_html("aftersales_parts.report_supplier_claim", claim.ids)[0]
            .decode()
        )
        for text in (
            "Burnt windings",
            "Sunrise Hotel roof",
            "Compressor C-9",
            "Who pays",
        ):
            self.assertIn(text, html)
