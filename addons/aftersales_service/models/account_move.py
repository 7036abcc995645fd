from odoo import models


class AccountMove(models.Model):
    _inherit = "account.move"

    def _post(self, soft=True):
        posted = super()._post(soft=soft)
        for move in posted.filtered(lambda m: m.move_type == "out_invoice"):
            lots = move.invoice_line_ids.aftersales_lot_ids
            if not lots:
                continue
            customer = move.partner_id.commercial_partner_id
            if move.company_id.aftersales_warranty_start_event == "invoice":
                lots._aftersales_set_warranty_start(
                    move.invoice_date, "invoice", customer
                )
            else:
                lots._aftersales_set_warranty_start(None, None, customer)
        return posted
