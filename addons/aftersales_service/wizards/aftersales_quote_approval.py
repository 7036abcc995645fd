from odoo import fields, models


class AftersalesQuoteApproval(models.TransientModel):
    _name = "aftersales.quote.approval"
    _description = "Record the Customer's Approval of a Quote"

    ticket_id = fields.Many2one(
        comodel_name="helpdesk.ticket", required=True, readonly=True
    )
    currency_id = fields.Many2one(related="ticket_id.aftersales_currency_id")
    amount = fields.Monetary(related="ticket_id.aftersales_customer_amount")
    method = fields.Selection(
        selection=[("verbal", "Verbal"), ("written", "Written")],
        required=True,
        default="verbal",
    )
    approved_by = fields.Char(required=True)
    signature = fields.Binary()

    def action_confirm(self):
        self.ensure_one()
        self.ticket_id._aftersales_approve_quote(
            self.method, self.approved_by, signature=self.signature
        )
        return {"type": "ir.actions.act_window_close"}
