from odoo import models


class StockMove(models.Model):
    _inherit = "stock.move"

    def _action_done(self, cancel_backorder=False):
        moves = super()._action_done(cancel_backorder=cancel_backorder)
        moves._aftersales_register_delivered_units()
        return moves

    def _aftersales_register_delivered_units(self):
        """Units delivered to a customer get their owner and, when the company
        starts warranties at delivery, their warranty start; the customer gets
        a follow-up call planned."""
        delivered = self.filtered(
            lambda move: (
                move.state == "done"
                and move.location_dest_id.usage == "customer"
                and move.has_tracking == "serial"
            )
        )
        for move in delivered:
            lots = move.move_line_ids.lot_id
            customer = (
                move.picking_id.partner_id or move.partner_id
            ).commercial_partner_id
            if move.company_id.aftersales_warranty_start_event == "delivery":
                lots._aftersales_set_warranty_start(
                    move.date.date(), "delivery", customer
                )
            elif customer:
                lots._aftersales_set_warranty_start(None, None, customer, "delivery")
        self.env["aftersales.callback"]._aftersales_plan_after_delivery(delivered)
