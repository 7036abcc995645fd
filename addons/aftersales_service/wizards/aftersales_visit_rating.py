from odoo import fields, models

from ..models.aftersales_callback import SCORES, YES_NO


class AftersalesVisitRating(models.TransientModel):
    """Right after signing, the customer taps a score on the technician's
    device."""

    _name = "aftersales.visit.rating"
    _description = "Customer Rating at Signature"

    visit_id = fields.Many2one(
        comodel_name="aftersales.visit", required=True, readonly=True
    )
    score = fields.Selection(selection=SCORES, string="Your Score (1-10)")
    explained_care = fields.Selection(
        selection=YES_NO,
        string="Did the technician explain use and care?",
    )
    right_first_time = fields.Selection(
        selection=YES_NO,
        string="Was the work done right the first time?",
    )
    comment = fields.Text(string="Anything else?")

    def action_rate(self):
        self.ensure_one()
        self.env["aftersales.callback"]._aftersales_rate_on_site(
            self.visit_id,
            {
                "score": int(self.score or 0),
                "explained_care": self.explained_care or False,
                "right_first_time": self.right_first_time or False,
                "comment": self.comment,
            },
        )
        return self.visit_id._aftersales_form_action()

    def action_skip(self):
        self.ensure_one()
        return self.visit_id._aftersales_form_action()
