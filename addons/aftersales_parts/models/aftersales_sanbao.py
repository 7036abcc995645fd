from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

# The manager's 三包 decision -> the return order's decision and operation.
RMA_OF = {
    "replace": ("exchange", "rma.rma_operation_replace"),
    "refund": ("reimburse", "rma.rma_operation_refund"),
}


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
        if state in RMA_OF:
            self._aftersales_check_customer()
        now = fields.Datetime.now()
        self._aftersales_write(
            {"state": state, "decided_by_id": self.env.user.id, "decided_at": now}
        )
        if state in RMA_OF:
            self._aftersales_create_rma(state, now)
        return True

    def _aftersales_customer(self):
        """The unit's customer: the one on the unit, else the one of its
        latest repair request."""
        self.ensure_one()
        if self.lot_id.aftersales_customer_id:
            return self.lot_id.aftersales_customer_id
        ticket = (
            self.env["helpdesk.ticket"]
            .sudo()
            .search(
                [
                    ("aftersales_lot_id", "=", self.lot_id.id),
                    ("partner_id", "!=", False),
                ],
                order="id desc",
                limit=1,
            )
        )
        return ticket.partner_id

    def _aftersales_check_customer(self):
        for proposal in self:
            if not proposal._aftersales_customer():
                raise UserError(
                    self.env._(
                        "%(proposal)s: the unit has no customer. Set the "
                        "customer on the unit %(lot)s, then decide again.",
                        proposal=proposal.display_name,
                        lot=proposal.lot_id.display_name,
                    )
                )

    def _aftersales_create_rma(self, state, now):
        """The return order that takes the unit back, through rma's own
        create: approved by the manager's decision, linked both ways."""
        decision, operation_xmlid = RMA_OF[state]
        operation = self.env.ref(operation_xmlid, raise_if_not_found=False)
        vals_list = []
        for proposal in self:
            customer = proposal._aftersales_customer()
            vals_list.append(
                {
                    "partner_id": customer.id,
                    "company_id": proposal.company_id.id,
                    "product_id": proposal.product_id.id,
                    "product_uom_qty": 1.0,
                    "aftersales_lot_id": proposal.lot_id.id,
                    "operation_id": operation.id if operation else False,
                    "origin": proposal.display_name,
                    "aftersales_sanbao_id": proposal.id,
                    "aftersales_policy_id": proposal.policy_id.id,
                    "aftersales_decision": decision,
                    "aftersales_decision_reason": self.env._(
                        "三包: %(count)s repeat repairs reached the threshold "
                        "(%(threshold)s); decided by %(manager)s.",
                        count=proposal.repeat_count,
                        threshold=proposal.threshold,
                        manager=self.env.user.name,
                    ),
                    "aftersales_accepted_qty": 1.0,
                    "aftersales_approval_state": "approved",
                    "aftersales_approver_id": self.env.user.id,
                    "aftersales_decided_at": now,
                }
            )
        rmas = self.env["rma"]._aftersales_create(vals_list)
        for proposal, rma in zip(self, rmas, strict=True):
            proposal._aftersales_write({"rma_id": rma.id})
        return rmas

    def action_replace(self):
        return self._aftersales_decide("replace")

    def action_refund(self):
        return self._aftersales_decide("refund")

    def action_refuse(self):
        return self._aftersales_decide("refused")
