from odoo import api, fields, models
from odoo.exceptions import UserError


class AftersalesVisitReschedule(models.TransientModel):
    _name = "aftersales.visit.reschedule"
    _description = "Reschedule or Cancel a Visit"

    visit_id = fields.Many2one(
        comodel_name="aftersales.visit", required=True, readonly=True
    )
    mode = fields.Selection(
        selection=[("reschedule", "Reschedule"), ("cancel", "Cancel")],
        required=True,
        default="reschedule",
    )
    planned_start = fields.Datetime(
        string="New Start",
        compute="_compute_planned",
        store=True,
        readonly=False,
    )
    planned_end = fields.Datetime(
        string="New End",
        compute="_compute_planned",
        store=True,
        readonly=False,
    )
    user_id = fields.Many2one(
        comodel_name="res.users",
        string="Lead Technician",
        compute="_compute_planned",
        store=True,
        readonly=False,
        domain="[('share', '=', False)]",
        help="Only a dispatcher sends another technician; the dispatch rules "
        "are checked for the new time and technician.",
    )
    previous_start = fields.Datetime(
        string="Now Planned", related="visit_id.planned_start"
    )
    is_late = fields.Boolean(compute="_compute_is_late")
    from_board = fields.Boolean(readonly=True)
    reason = fields.Char()

    @api.depends("visit_id")
    def _compute_planned(self):
        for wizard in self:
            wizard.planned_start = wizard.visit_id.planned_start
            wizard.planned_end = wizard.visit_id.planned_end
            wizard.user_id = wizard.visit_id.user_id

    @api.depends("visit_id")
    def _compute_is_late(self):
        now = fields.Datetime.now()
        for wizard in self:
            wizard.is_late = bool(
                wizard.visit_id.planned_start and wizard.visit_id.planned_start < now
            )

    def action_apply(self):
        self.ensure_one()
        if self.from_board and not (self.reason or "").strip():
            raise UserError(
                self.env._(
                    "Visit %(visit)s: give the reason for the move; the customer "
                    "is told.",
                    visit=self.visit_id.name,
                )
            )
        if self.mode == "cancel":
            self.visit_id._aftersales_cancel(self.reason)
        else:
            self.visit_id._aftersales_reschedule(
                self.planned_start, self.planned_end, self.reason, user=self.user_id
            )
        return {"type": "ir.actions.act_window_close"}
