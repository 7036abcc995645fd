from odoo import fields, models

from ..models.aftersales_callback import SCORES, YES_NO


class AftersalesCallbackOutcome(models.TransientModel):
    """The outcome of one try of a follow-up call, recorded by the desk."""

    _name = "aftersales.callback.outcome"
    _description = "Follow-up Call Outcome"

    callback_id = fields.Many2one(
        comodel_name="aftersales.callback", required=True, readonly=True
    )
    kind = fields.Selection(related="callback_id.kind")
    partner_id = fields.Many2one(related="callback_id.partner_id")
    partner_phone = fields.Char(related="callback_id.partner_phone")
    script = fields.Html(related="callback_id.script")
    try_count = fields.Integer(related="callback_id.try_count")
    reached = fields.Selection(
        selection=[("reached", "Reached"), ("not_reached", "Not Reached")],
        string="Call",
        required=True,
        default="reached",
    )
    score = fields.Selection(selection=SCORES, string="Satisfaction (1-10)")
    explained_care = fields.Selection(
        selection=YES_NO,
        string="Use and Care Explained",
        help="Did the technician explain the use and care of the product?",
    )
    right_first_time = fields.Selection(
        selection=YES_NO,
        string="Done Right First Time",
        help="Was the work done right the first time?",
    )
    comment = fields.Text()

    def action_record(self):
        self.ensure_one()
        reached = self.reached == "reached"
        self.callback_id._aftersales_record_outcome(
            reached,
            score=int(self.score or 0) if reached else 0,
            explained_care=self.explained_care if reached else False,
            right_first_time=self.right_first_time if reached else False,
            comment=self.comment,
        )
        return {"type": "ir.actions.act_window_close"}
