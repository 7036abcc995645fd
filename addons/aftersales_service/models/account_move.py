from odoo import fields, models


class AccountMove(models.Model):
    _inherit = "account.move"

    aftersales_ticket_ids = fields.Many2many(
        comodel_name="helpdesk.ticket",
        string="Service Requests",
        compute="_compute_aftersales_ticket_ids",
    )
    aftersales_ticket_count = fields.Integer(compute="_compute_aftersales_ticket_ids")

    def _compute_aftersales_ticket_ids(self):
        for move in self:
            tickets = move.invoice_line_ids.aftersales_charge_line_id.ticket_id
            move.aftersales_ticket_ids = tickets
            move.aftersales_ticket_count = len(tickets)

    def action_aftersales_view_tickets(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "aftersales_service.helpdesk_ticket_action"
        )
        action["domain"] = [("id", "in", self.aftersales_ticket_ids.ids)]
        action["context"] = {}
        if len(self.aftersales_ticket_ids) == 1:
            action.update(views=[(False, "form")], res_id=self.aftersales_ticket_ids.id)
        return action

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
                lots._aftersales_set_warranty_start(None, None, customer, "invoice")
        return posted
