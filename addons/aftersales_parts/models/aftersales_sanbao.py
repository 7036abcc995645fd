from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError


class AftersalesSanbao(models.Model):
    """三包: a unit in warranty that failed again after repeated repairs is
    proposed for replacement or refund; a manager decides, recorded on the
    unit."""

    _name = "aftersales.sanbao"
    _description = "三包 Replacement or Refund"
    _inherit = ["mail.thread", "aftersales.protected.mixin"]
    _order = "id desc"
    _check_company_auto = True

    lot_id = fields.Many2one(
        comodel_name="stock.lot",
        string="Unit",
        required=True,
        index=True,
        ondelete="cascade",
        check_company=True,
    )
    product_id = fields.Many2one(related="lot_id.product_id", store=True)
    company_id = fields.Many2one(
        comodel_name="res.company",
        required=True,
        index=True,
        default=lambda self: self.env.company,
    )
    policy_id = fields.Many2one(comodel_name="aftersales.return.policy", readonly=True)
    repeat_count = fields.Integer(string="Repeat Repairs", readonly=True)
    threshold = fields.Integer(readonly=True)
    state = fields.Selection(
        selection=[
            ("proposed", "Proposed"),
            ("replace", "Replace"),
            ("refund", "Refund"),
            ("refused", "Refused"),
        ],
        default="proposed",
        required=True,
        readonly=True,
        tracking=True,
    )
    decided_by_id = fields.Many2one(comodel_name="res.users", readonly=True)
    decided_at = fields.Datetime(readonly=True)
    note = fields.Text(string="Manager's Note")
    rma_id = fields.Many2one(
        comodel_name="rma",
        string="Return Order",
        readonly=True,
        help="The return order that takes the unit back.",
    )

    @api.depends("lot_id", "state")
    def _compute_display_name(self):
        for proposal in self:
            proposal.display_name = f"三包 {proposal.lot_id.display_name or ''}"

    def _aftersales_protected_field_names(self):
        return super()._aftersales_protected_field_names() | {
            "lot_id",
            "policy_id",
            "repeat_count",
            "threshold",
            "state",
            "decided_by_id",
            "decided_at",
            "rma_id",
        }

    def _aftersales_decide(self, state):
        if not self.env.user.has_group("aftersales_service.group_aftersales_manager"):
            raise AccessError(
                self.env._("Only an after-sales manager decides a 三包 proposal.")
            )
        if self.filtered(lambda p: p.state != "proposed"):
            raise UserError(self.env._("This 三包 proposal is already decided."))
        self._aftersales_write(
            {
                "state": state,
                "decided_by_id": self.env.user.id,
                "decided_at": fields.Datetime.now(),
            }
        )
        return True

    def action_replace(self):
        return self._aftersales_decide("replace")

    def action_refund(self):
        return self._aftersales_decide("refund")

    def action_refuse(self):
        return self._aftersales_decide("refused")
