from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..rules import sla

DEADLINE_KINDS = [
    (sla.KIND_RESPONSE, "First Response"),
    (sla.KIND_ARRIVAL, "Arrival on Site"),
    (sla.KIND_SOLUTION, "Solution Proposed"),
    (sla.KIND_RESOLUTION, "Resolution"),
]


class AftersalesSlaTarget(models.Model):
    _name = "aftersales.sla.target"
    _description = "Service Deadline Target"
    _order = "policy_id, sequence, id"

    policy_id = fields.Many2one(
        comodel_name="aftersales.sla.policy",
        required=True,
        ondelete="cascade",
        index=True,
    )
    sequence = fields.Integer(default=10)
    kind = fields.Selection(selection=DEADLINE_KINDS, required=True)
    unit = fields.Selection(
        selection=[("hours", "Hours"), ("days", "Days")],
        default="hours",
        required=True,
        help="Hours: counted to the minute. Days: the start day is not counted; "
        "the deadline is the end of the last day (calendar days) or the end of "
        "the working time of the last working day (working days).",
    )
    hours = fields.Float(help="Hours allowed to reach the target.")
    days = fields.Integer(help="Days allowed to reach the target.")
    working_hours = fields.Boolean(
        string="Working Time",
        help="Count the team's working time (its calendar: statutory holidays "
        "off, make-up working days worked) instead of clock hours or calendar "
        "days.",
    )
    start_from = fields.Selection(
        selection=[(sla.FROM_REQUEST, "The request"), (sla.FROM_ARRIVAL, "Arrival")],
        string="Counted From",
        compute="_compute_start_from",
        store=True,
        readonly=False,
        precompute=True,
        required=True,
    )

    _aftersales_kind_unique = models.Constraint(
        "UNIQUE(policy_id, kind)",
        "A policy has one target of each kind.",
    )

    @api.depends("kind")
    def _compute_start_from(self):
        for target in self:
            target.start_from = (
                sla.FROM_ARRIVAL
                if target.kind in (sla.KIND_SOLUTION, sla.KIND_RESOLUTION)
                else sla.FROM_REQUEST
            )

    @api.constrains("hours", "days", "unit", "kind", "start_from")
    def _check_hours(self):
        for target in self:
            if target.unit == "days" and target.days <= 0:
                raise ValidationError(
                    self.env._(
                        "Policy %(policy)s: the %(kind)s target must be at least "
                        "1 day (Days is %(days)s).",
                        policy=target.policy_id.name,
                        kind=target._aftersales_kind_label(),
                        days=target.days,
                    )
                )
            if target.unit == "hours" and target.hours <= 0:
                raise ValidationError(
                    self.env._(
                        "Policy %(policy)s: the %(kind)s target must be more than "
                        "0 hours (it is %(hours)s).",
                        policy=target.policy_id.name,
                        kind=target._aftersales_kind_label(),
                        hours=target.hours,
                    )
                )
            if target.kind == sla.KIND_ARRIVAL and target.start_from != "request":
                raise ValidationError(
                    self.env._(
                        "Policy %(policy)s: arrival is counted from the request.",
                        policy=target.policy_id.name,
                    )
                )

    def _aftersales_kind_label(self):
        self.ensure_one()
        return dict(self._fields["kind"]._description_selection(self.env))[self.kind]
