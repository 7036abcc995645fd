from datetime import date

from freezegun import freeze_time

import odoo
from odoo import api
from odoo.exceptions import UserError
from odoo.tests import TransactionCase, tagged

from odoo.addons.aftersales_service.models.aftersales_protected_mixin import (
    authorized,
)
from odoo.addons.aftersales_service.tests.concurrency import ConcurrentClients


@tagged("post_install", "-at_install")
class TestConcurrentIssue(TransactionCase):
    """Two clerks issuing the last unit at the same time, in two real
    transactions: the second is refused while the first is validating, and
    after the first commits there is nothing left to issue. The data is
    committed through a third connection and removed afterwards."""

    def _connection(self):
        cr = odoo.sql_db.db_connect(self.env.cr.dbname).cursor()
        cr.execute("SET lock_timeout = '10s'")
        return cr, api.Environment(cr, odoo.SUPERUSER_ID, {"tracking_disable": True})

    def _issue(self, env, ids):
        return env["stock.picking"].browse(ids).button_validate()

    def test_last_unit_issued_once(self):
        cr0, env0 = self._connection()
        warehouse = env0["stock.warehouse"]._aftersales_main(env0.company)
        partner = env0["res.partner"].create({"name": "Concurrent Customer"})
        product = env0["product.product"].create(
            {"name": "Last Compressor", "is_storable": True, "standard_price": 10}
        )
        env0["stock.quant"]._update_available_quantity(
            product, warehouse.lot_stock_id, 1
        )
        ticket = env0["helpdesk.ticket"].create(
            {"name": "Last unit", "description": "<p>x</p>", "partner_id": partner.id}
        )
        pickings = env0["stock.picking"]
        for _index in range(2):
            picking = env0["stock.picking"].create(
                {
                    "picking_type_id": warehouse.aftersales_issue_type_id.id,
                    "location_id": warehouse.lot_stock_id.id,
                    "location_dest_id": env0.ref("stock.stock_location_customers").id,
                    "partner_id": partner.id,
                    "aftersales_ticket_id": ticket.id,
                    "move_ids": [
                        (
                            0,
                            0,
                            {
                                "product_id": product.id,
                                "product_uom_qty": 1,
                                "product_uom": product.uom_id.id,
                                "location_id": warehouse.lot_stock_id.id,
                                "location_dest_id": env0.ref(
                                    "stock.stock_location_customers"
                                ).id,
                            },
                        )
                    ],
                }
            )
            picking.action_confirm()
            # Both clerks picked the unit: the quantities are set and picked.
            picking.move_ids.quantity = 1
            picking.move_ids.picked = True
            pickings |= picking
        cr0.commit()
        first, second = pickings.ids
        cr1, env1 = self._connection()
        cr2, env2 = self._connection()
        try:
            self._issue(env1, [first])
            with self.assertRaises(UserError) as caught:
                self._issue(env2, [second])
            self.assertIn("Someone else is issuing", str(caught.exception))
            cr2.rollback()
            cr1.commit()
            with self.assertRaises(UserError) as caught:
                self._issue(env2, [second])
            self.assertIn("Only 0", str(caught.exception))
            cr2.rollback()
            lines = env2["aftersales.charge.line"].search(
                [("ticket_id", "=", ticket.id)]
            )
            self.assertEqual(len(lines), 1)
            self.assertEqual(
                env2["stock.quant"]._get_available_quantity(
                    product, warehouse.lot_stock_id
                ),
                0,
            )
        finally:
            for cr in (cr1, cr2):
                cr.rollback()
                cr.close()
            cr0.rollback()
            env0.invalidate_all()
            ticket = env0["helpdesk.ticket"].browse(ticket.id)
            moves = env0["stock.move"].search([("product_id", "=", product.id)])
            with authorized("aftersales.charge.line"):
                env0["aftersales.charge.line"].search(
                    [("ticket_id", "=", ticket.id)]
                ).unlink()
            env0.cr.execute(
                "DELETE FROM stock_move_line WHERE move_id IN %s", [tuple(moves.ids)]
            )
            env0.cr.execute("DELETE FROM stock_move WHERE id IN %s", [tuple(moves.ids)])
            env0.cr.execute(
                "DELETE FROM stock_picking WHERE id IN %s", [tuple(pickings.ids)]
            )
            env0.cr.execute(
                "DELETE FROM stock_quant WHERE product_id = %s", [product.id]
            )
            env0.invalidate_all()
            ticket.unlink()
            product.unlink()
            partner.unlink()
            cr0.commit()
            cr0.close()


@tagged("post_install", "-at_install")
class TestConcurrentLoan(TransactionCase):
    """Two loan requests for the same loaner unit in two real transactions:
    while the first is not committed the second is refused at once; after it
    commits the second is refused because the unit is promised."""

    def _connection(self):
        cr = odoo.sql_db.db_connect(self.env.cr.dbname).cursor()
        cr.execute("SET lock_timeout = '10s'")
        return cr, api.Environment(cr, odoo.SUPERUSER_ID, {"tracking_disable": True})

    def _lend(self, env, ticket_id, lot_id):
        return env["aftersales.loan"].create({"ticket_id": ticket_id, "lot_id": lot_id})

    def test_same_loaner_lent_once(self):
        cr0, env0 = self._connection()
        partner = env0["res.partner"].create({"name": "Loan Customer"})
        product = env0["product.product"].create(
            {
                "name": "Concurrent Loaner",
                "is_storable": True,
                "tracking": "serial",
                "aftersales_loaner": True,
            }
        )
        lot = env0["stock.lot"].create({"name": "LN-RACE", "product_id": product.id})
        tickets = env0["helpdesk.ticket"].create(
            [
                {"name": name, "description": "<p>x</p>", "partner_id": partner.id}
                for name in ("Loan A", "Loan B")
            ]
        )
        cr0.commit()
        cr1, env1 = self._connection()
        cr2, env2 = self._connection()
        try:
            self._lend(env1, tickets[0].id, lot.id)
            with self.assertRaises(UserError) as caught:
                self._lend(env2, tickets[1].id, lot.id)
            self.assertIn("Someone else is lending loaner", str(caught.exception))
            cr2.rollback()
            cr1.commit()
            with self.assertRaises(UserError) as caught:
                self._lend(env2, tickets[1].id, lot.id)
            self.assertIn("already promised or lent", str(caught.exception))
            cr2.rollback()
            self.assertEqual(
                env2["aftersales.loan"].search_count([("lot_id", "=", lot.id)]), 1
            )
        finally:
            for cr in (cr1, cr2):
                cr.rollback()
                cr.close()
            cr0.rollback()
            env0.invalidate_all()
            env0["aftersales.loan"].search([("lot_id", "=", lot.id)]).unlink()
            env0["helpdesk.ticket"].browse(tickets.ids).unlink()
            env0["stock.lot"].browse(lot.id).unlink()
            env0["product.product"].browse(product.id).unlink()
            env0["res.partner"].browse(partner.id).unlink()
            cr0.commit()
            cr0.close()


@tagged("post_install", "-at_install")
class TestConcurrentClaimNumbers(ConcurrentClients, TransactionCase):
    """Four clerks writing a supplier claim at the same moment, in a month
    whose numbering range nobody prepared: one client creates the range, the
    others wait, fail and are retried as Odoo's RPC layer does; every claim
    has its own number. Committed data is removed afterwards."""

    def test_first_claims_of_a_month(self):
        cr0, env0 = self._connection()
        product = env0["product.product"].create({"name": "Concurrent Valve"})
        cr0.commit()
        sequence = env0.ref("aftersales_parts.seq_aftersales_supplier_claim")

        def write_claim(env):
            claim = env["aftersales.supplier.claim"].create(
                {"product_id": product.id, "problem": "Leaks"}
            )
            return claim.name

        try:
            with freeze_time("2031-04-02 09:00:00"):
                names, attempts = self._at_once(write_claim)
            self.assertEqual(
                sorted(names), [f"SC-3104-0{running}" for running in range(1, 5)]
            )
            self.assertGreaterEqual(attempts, 4)
        finally:
            cr0.rollback()
            env0.invalidate_all()
            env0["aftersales.supplier.claim"].search(
                [("product_id", "=", product.id)]
            ).unlink()
            sequence.date_range_ids.filtered(
                lambda r: r.date_from == date(2031, 4, 1)
            ).unlink()
            product.unlink()
            cr0.commit()
            cr0.close()
