from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

from .aftersales_safety_hazard import OFFICER_GROUP

LOSS_KINDS = [("lost", "Lost"), ("damaged", "Damaged Beyond Wear")]
LOSS_STATES = [("draft", "Reported"), ("charged", "Charged"), ("waived", "Waived")]
HANDOVER_REASONS = [
    ("leaving", "Leaving the Company"),
    ("post_change", "Change of Post"),
    ("other", "Other"),
]


class AftersalesSafetyToolLoss(models.Model):
    """A tool lost or damaged beyond normal wear: reported by anyone, charged
    to the technician it was assigned to as a recorded amount (for payroll to
    deduct), or waived, by a safety officer. A charged or lost tool is taken
    out of use."""

    _name = "aftersales.safety.tool.loss"
    _description = "Tool Loss or Damage"
    _inherit = ["mail.thread", "mail.activity.mixin", "aftersales.protected.mixin"]
    _order = "date desc, id desc"
    _check_company_auto = True

    equipment_id = fields.Many2one(
        comodel_name="maintenance.equipment",
        string="Tool",
        required=True,
        index=True,
        check_company=True,
        tracking=True,
    )
    company_id = fields.Many2one(
        comodel_name="res.company",
        required=True,
        default=lambda self: self.env.company,
        index=True,
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    employee_id = fields.Many2one(
        comodel_name="hr.employee",
        string="Technician",
        required=True,
        index=True,
        check_company=True,
        tracking=True,
        help="Who had the tool: the amount is charged to them.",
    )
    date = fields.Date(required=True, default=fields.Date.context_today)
    kind = fields.Selection(
        selection=LOSS_KINDS, required=True, default="damaged", tracking=True
    )
    description = fields.Text(
        required=True, help="What happened, and why it is beyond normal wear."
    )
    amount = fields.Monetary(
        string="Amount to Charge",
        tracking=True,
        help="The repair or replacement cost charged to the technician.",
    )
    state = fields.Selection(
        selection=LOSS_STATES,
        default="draft",
        required=True,
        readonly=True,
        tracking=True,
        index=True,
        copy=False,
    )
    charge_amount = fields.Monetary(
        string="Charged Amount", readonly=True, copy=False, tracking=True
    )
    charged_by_id = fields.Many2one(
        comodel_name="res.users", string="Decided By", readonly=True, copy=False
    )
    charged_date = fields.Date(string="Decided On", readonly=True, copy=False)
    waive_reason = fields.Text(string="Why Not Charged")

    _amount_positive = models.Constraint(
        "CHECK(amount IS NULL OR amount >= 0)",
        "The amount charged for a tool cannot be negative.",
    )

    def _aftersales_protected_field_names(self):
        return super()._aftersales_protected_field_names() | {
            "state",
            "charge_amount",
            "charged_by_id",
            "charged_date",
        }

    @api.depends("equipment_id", "kind", "employee_id")
    def _compute_display_name(self):
        kinds = dict(self._fields["kind"]._description_selection(self.env))
        for loss in self:
            loss.display_name = self.env._(
                "%(tool)s %(kind)s (%(employee)s)",
                tool=loss.equipment_id.display_name or "",
                kind=kinds.get(loss.kind, ""),
                employee=loss.employee_id.name or "",
            )

    @api.onchange("equipment_id")
    def _onchange_equipment_id(self):
        if self.equipment_id.employee_id:
            self.employee_id = self.equipment_id.employee_id
            self.company_id = self.equipment_id.company_id or self.company_id

    def write(self, vals):
        settled = self.filtered(lambda loss: loss.state != "draft")
        if settled and not self._aftersales_is_authorized():
            changed = set(vals) & {
                "equipment_id",
                "employee_id",
                "amount",
                "kind",
                "company_id",
            }
            if changed:
                raise UserError(
                    self.env._(
                        "%(loss)s is decided: what was charged stays as recorded.",
                        loss=settled[0].display_name,
                    )
                )
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_if_draft(self):
        if any(loss.state != "draft" for loss in self):
            raise UserError(
                self.env._("A charged or waived tool loss is kept as recorded.")
            )

    def _aftersales_decide(self):
        if not self.env.user.has_group(OFFICER_GROUP):
            raise AccessError(
                self.env._(
                    "Only a safety officer charges a tool loss to a technician "
                    "or waives it."
                )
            )
        for loss in self:
            if loss.state != "draft":
                raise UserError(
                    self.env._("%(loss)s is already decided.", loss=loss.display_name)
                )

    def action_charge(self):
        """Charge the amount to the technician (recorded for payroll) and take
        the tool out of use."""
        self._aftersales_decide()
        for loss in self:
            if loss.amount <= 0:
                raise UserError(
                    self.env._(
                        "%(loss)s: set the Amount to Charge (repair or "
                        "replacement cost), or waive it.",
                        loss=loss.display_name,
                    )
                )
        today = fields.Date.context_today(self)
        for loss in self:
            loss._aftersales_write(
                {
                    "state": "charged",
                    "charge_amount": loss.amount,
                    "charged_by_id": self.env.uid,
                    "charged_date": today,
                }
            )
            loss.message_post(
                body=self.env._(
                    "%(amount)s %(currency)s charged to %(employee)s by %(user)s.",
                    amount=loss.amount,
                    currency=loss.currency_id.name,
                    employee=loss.employee_id.name,
                    user=self.env.user.name,
                )
            )
        self._aftersales_out_of_use()
        return True

    def action_waive(self):
        """Normal wear after all, or not the technician's fault."""
        self._aftersales_decide()
        for loss in self:
            if not (loss.waive_reason or "").strip():
                raise UserError(
                    self.env._(
                        "%(loss)s: write why it is not charged first.",
                        loss=loss.display_name,
                    )
                )
        self._aftersales_write(
            {
                "state": "waived",
                "charged_by_id": self.env.uid,
                "charged_date": fields.Date.context_today(self),
            }
        )
        self.filtered(lambda loss: loss.kind == "lost")._aftersales_out_of_use()
        return True

    def _aftersales_out_of_use(self):
        for loss in self:
            tool = loss.equipment_id.sudo()
            if tool.aftersales_out_of_use:
                continue
            tool.write(
                {
                    "aftersales_out_of_use_reason": self.env._(
                        "%(kind)s on %(date)s: %(description)s",
                        kind=dict(
                            self._fields["kind"]._description_selection(self.env)
                        )[loss.kind],
                        date=loss.date,
                        description=loss.description,
                    )
                }
            )
            tool._aftersales_write(
                {
                    "aftersales_out_of_use": True,
                    "aftersales_out_of_use_since": loss.date,
                }
            )


class AftersalesSafetyToolHandover(models.Model):
    """Tools handed over when a technician leaves or changes post: the one
    handing over signs first, the one receiving signs last (the signed
    record: frozen and chained); the tools then belong to the receiver."""

    _name = "aftersales.safety.tool.handover"
    _description = "Tool Handover"
    _inherit = ["mail.thread", "aftersales.signed.mixin"]
    _order = "date desc, id desc"
    _check_company_auto = True

    company_id = fields.Many2one(
        comodel_name="res.company",
        required=True,
        default=lambda self: self.env.company,
        index=True,
    )
    date = fields.Date(required=True, default=fields.Date.context_today)
    reason = fields.Selection(
        selection=HANDOVER_REASONS, required=True, default="post_change"
    )
    from_employee_id = fields.Many2one(
        comodel_name="hr.employee",
        string="Handed Over By",
        required=True,
        index=True,
        check_company=True,
    )
    to_employee_id = fields.Many2one(
        comodel_name="hr.employee",
        string="Received By",
        required=True,
        index=True,
        check_company=True,
        help="The colleague taking over, or the store keeper.",
    )
    equipment_ids = fields.Many2many(
        comodel_name="maintenance.equipment",
        relation="aftersales_safety_tool_handover_equipment_rel",
        string="Tools",
        domain="[('employee_id', '=', from_employee_id)]",
        check_company=True,
    )
    condition = fields.Text(
        string="Condition Noted", help="Condition of the tools as handed over."
    )
    from_signed_uid = fields.Many2one(
        comodel_name="res.users",
        string="Handed Over (Signed By)",
        readonly=True,
        copy=False,
    )
    from_signed_at = fields.Datetime(string="Handed Over At", readonly=True, copy=False)

    def _aftersales_protected_field_names(self):
        return super()._aftersales_protected_field_names() | {
            "from_signed_uid",
            "from_signed_at",
        }

    @api.depends("from_employee_id", "to_employee_id", "date")
    def _compute_display_name(self):
        for handover in self:
            handover.display_name = self.env._(
                "Tools from %(from)s to %(to)s on %(date)s",
                **{
                    "from": handover.from_employee_id.name or "",
                    "to": handover.to_employee_id.name or "",
                    "date": handover.date or "",
                },
            )

    def write(self, vals):
        if not self._aftersales_is_authorized() and set(vals) & {
            "equipment_ids",
            "from_employee_id",
            "to_employee_id",
            "company_id",
            "condition",
            "date",
        }:
            started = self.filtered("from_signed_at")
            if started:
                raise UserError(
                    self.env._(
                        "%(handover)s was signed by the one handing over: what "
                        "was handed over cannot change. Record a new handover.",
                        handover=started[0].display_name,
                    )
                )
        return super().write(vals)

    def _aftersales_check_tools(self):
        for handover in self:
            if not handover.sudo().equipment_ids:
                raise UserError(
                    self.env._(
                        "%(handover)s: list the tools handed over.",
                        handover=handover.display_name,
                    )
                )
            if handover.from_employee_id == handover.to_employee_id:
                raise UserError(
                    self.env._(
                        "%(handover)s: a handover is between two people.",
                        handover=handover.display_name,
                    )
                )
            other = handover.sudo().equipment_ids.filtered(
                lambda e, h=handover: e.employee_id != h.from_employee_id
            )
            if other:
                raise UserError(
                    self.env._(
                        "%(tool)s is not assigned to %(employee)s: only their "
                        "own tools are handed over.",
                        tool=other[0].display_name,
                        employee=handover.from_employee_id.name,
                    )
                )

    def action_sign_handed_over(self):
        """The one handing over signs first."""
        for handover in self:
            if handover.from_signed_at:
                raise UserError(
                    self.env._(
                        "%(handover)s is already signed by the one handing over.",
                        handover=handover.display_name,
                    )
                )
            if handover.from_employee_id.user_id != self.env.user:
                raise AccessError(
                    self.env._(
                        "%(employee)s signs the handover of their tools "
                        "themselves, logged in as themselves.",
                        employee=handover.from_employee_id.name,
                    )
                )
        self._aftersales_check_tools()
        self._aftersales_write(
            {"from_signed_uid": self.env.uid, "from_signed_at": fields.Datetime.now()}
        )
        return True

    def _aftersales_check_can_sign(self):
        result = super()._aftersales_check_can_sign()
        if not self.from_signed_at:
            raise UserError(
                self.env._(
                    "%(handover)s: %(employee)s, who hands over, signs first.",
                    handover=self.display_name,
                    employee=self.from_employee_id.name,
                )
            )
        if self.to_employee_id.user_id != self.env.user:
            raise AccessError(
                self.env._(
                    "%(employee)s, who receives the tools, signs the handover "
                    "themselves.",
                    employee=self.to_employee_id.name,
                )
            )
        self._aftersales_check_tools()
        return result

    def action_sign_received(self):
        """The one receiving signs last: the handover is signed (frozen and
        chained) and the tools are assigned to them."""
        self._aftersales_sign(meaning="performed")
        return True

    def _aftersales_after_sign(self):
        result = super()._aftersales_after_sign()
        self.sudo().equipment_ids._aftersales_write(
            {"employee_id": self.to_employee_id.id, "assign_date": self.date}
        )
        return result

    def _aftersales_chain_content(self):
        content = super()._aftersales_chain_content()
        content.update(
            date=fields.Date.to_string(self.date),
            reason=self.reason,
            from_employee=self.from_employee_id.id,
            to_employee=self.to_employee_id.id,
            from_signed_uid=self.from_signed_uid.id,
            from_signed_at=fields.Datetime.to_string(self.from_signed_at),
            condition=self.condition or "",
            tools=[
                [tool.id, tool.serial_no or ""]
                for tool in self.sudo().equipment_ids.sorted("id")
            ],
        )
        return content
