from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

from ..rules import approval


class AftersalesGoodwill(models.Model):
    """A goodwill or compensation amount waiting for, or given, approval at
    the level its size requires."""

    _name = "aftersales.goodwill"
    _description = "Goodwill Approval"
    _inherit = ["mail.thread", "aftersales.protected.mixin"]
    _order = "id desc"
    _check_company_auto = True

    ticket_id = fields.Many2one(
        comodel_name="helpdesk.ticket",
        required=True,
        ondelete="cascade",
        index=True,
        check_company=True,
    )
    company_id = fields.Many2one(
        related="ticket_id.company_id", store=True, index=True, precompute=True
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    amount = fields.Monetary(required=True, tracking=True)
    disputed_value = fields.Monetary(
        required=True,
        tracking=True,
        help="Value of the disputed item (unit, part or invoice).",
    )
    reason = fields.Text(required=True)
    level_id = fields.Many2one(
        comodel_name="aftersales.goodwill.level",
        string="Approval Level",
        compute="_compute_level_id",
        store=True,
    )
    state = fields.Selection(
        selection=[
            ("to_approve", "To Approve"),
            ("approved", "Approved"),
            ("refused", "Refused"),
        ],
        default="to_approve",
        required=True,
        readonly=True,
        tracking=True,
    )
    approver_id = fields.Many2one(
        comodel_name="res.users", readonly=True, tracking=True
    )
    decided_at = fields.Datetime(readonly=True)

    @api.depends("amount", "disputed_value")
    def _compute_level_id(self):
        levels = self.env["aftersales.goodwill.level"].sudo().search([], limit=None)
        criteria = [
            approval.Level(
                key=level.id,
                rank=level.rank,
                max_multiple=level.max_multiple or None,
            )
            for level in levels
        ]
        for goodwill in self:
            if goodwill.amount > 0 and goodwill.disputed_value > 0:
                goodwill.level_id = levels.browse(
                    approval.required_level(
                        goodwill.amount, goodwill.disputed_value, criteria
                    )
                )
            else:
                goodwill.level_id = False

    @api.constrains("amount", "disputed_value")
    def _check_amounts(self):
        for goodwill in self:
            if goodwill.amount <= 0 or goodwill.disputed_value <= 0:
                raise ValidationError(
                    self.env._(
                        "Goodwill on %(ticket)s: the amount and the disputed "
                        "value must both be more than zero.",
                        ticket=goodwill.ticket_id.number,
                    )
                )

    def _aftersales_protected_field_names(self):
        # Decided only by an approver of the right level (_aftersales_decide).
        return super()._aftersales_protected_field_names() | {
            "state",
            "approver_id",
            "decided_at",
            "level_id",
        }

    def write(self, vals):
        decided = self.filtered(lambda g: g.state != "to_approve")
        if decided and set(vals) & {"amount", "disputed_value", "ticket_id"}:
            raise UserError(
                self.env._("A decided goodwill cannot change; request a new one.")
            )
        return super().write(vals)

    def _aftersales_user_rank(self, user):
        levels = self.env["aftersales.goodwill.level"].sudo().search([], limit=None)
        return [level.rank for level in levels if level._aftersales_is_approver(user)]

    def action_approve(self):
        self._aftersales_decide("approved")

    def action_refuse(self):
        self._aftersales_decide("refused")

    def _aftersales_decide(self, state):
        user = self.env.user
        ranks = self._aftersales_user_rank(user)
        for goodwill in self:
            if goodwill.state != "to_approve":
                raise UserError(
                    self.env._(
                        "This goodwill of %(amount)s is already decided.",
                        amount=goodwill.amount,
                    )
                )
            # The superuser (data files, migrations; never an RPC caller)
            # records decisions taken outside the system.
            if not self.env.su and not approval.can_approve(
                ranks, goodwill.level_id.rank
            ):
                raise AccessError(
                    self.env._(
                        "Goodwill of %(amount)s on %(ticket)s (%(multiple).1fx the "
                        "disputed value) needs approval at level %(level)s; you "
                        "cannot decide it.",
                        amount=goodwill.amount,
                        ticket=goodwill.ticket_id.number,
                        multiple=goodwill.amount / goodwill.disputed_value,
                        level=goodwill.level_id.name,
                    )
                )
        self.sudo()._aftersales_write(
            {
                "state": state,
                "approver_id": user.id,
                "decided_at": fields.Datetime.now(),
            }
        )
