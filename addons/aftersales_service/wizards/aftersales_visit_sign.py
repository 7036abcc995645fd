from odoo import fields, models


class AftersalesVisitSign(models.TransientModel):
    _name = "aftersales.visit.sign"
    _description = "Customer Signature of a Service Report"

    visit_id = fields.Many2one(
        comodel_name="aftersales.visit", required=True, readonly=True
    )
    work_done = fields.Html(related="visit_id.work_done")
    test_result = fields.Selection(related="visit_id.test_result")
    advice = fields.Text(related="visit_id.advice")
    signed_by = fields.Char(string="Name of the Signer", required=True)
    signature = fields.Binary(required=True)

    def action_sign(self):
        self.ensure_one()
        self.visit_id._aftersales_sign_customer(self.signed_by, self.signature)
        # Then the customer rates the service on the same device.
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Rate the Service"),
            "res_model": "aftersales.visit.rating",
            "view_mode": "form",
            "target": "new",
            "context": {"default_visit_id": self.visit_id.id},
        }
