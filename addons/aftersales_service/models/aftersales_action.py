from odoo import api, fields, models
from odoo.exceptions import UserError

ACTION_STATES = [("open", "Open"), ("done", "Done"), ("verified", "Verified")]
# Set by Mark Done / Verify / Reopen only.
ACTION_PROTECTED = frozenset(
    {"state", "done_at", "done_by_id", "verified_by_id", "verified_at"}
)


class AftersalesAction(models.Model):
    """A corrective or preventive action (整改措施 / 预防措施), with its owner
    and due date, done by its owner and verified by someone else.

    Attached to a service request (``ticket_id``, e.g. a complaint) or to any
    record through ``res_model``/``res_id`` (safety incidents and hazards can
    reuse it); ``reference`` shows either."""

    _name = "aftersales.action"
    _description = "Corrective or Preventive Action"
    _inherit = ["mail.thread", "mail.activity.mixin", "aftersales.protected.mixin"]
    _order = "date_deadline, id"
    _check_company_auto = True

    name = fields.Char(string="Action", required=True, tracking=True)
    kind = fields.Selection(
        selection=[("corrective", "Corrective"), ("preventive", "Preventive")],
        required=True,
        default="corrective",
        tracking=True,
    )
    description = fields.Text()
    result = fields.Text(string="What Was Done")
    company_id = fields.Many2one(
        comodel_name="res.company",
        required=True,
        default=lambda self: self.env.company,
        index=True,
    )
    ticket_id = fields.Many2one(
        comodel_name="helpdesk.ticket",
        string="Service Request",
        ondelete="cascade",
        index="btree_not_null",
        check_company=True,
    )
    res_model = fields.Char(string="Source Model", index=True)
    res_id = fields.Many2oneReference(string="Source Record", model_field="res_model")
    reference = fields.Reference(
        selection="_selection_reference",
        string="Source",
        compute="_compute_reference",
    )
    user_id = fields.Many2one(
        comodel_name="res.users",
        string="Owner",
        required=True,
        default=lambda self: self.env.user,
        tracking=True,
    )
    date_deadline = fields.Date(string="Due Date", required=True, tracking=True)
    state = fields.Selection(
        selection=ACTION_STATES,
        default="open",
        required=True,
        readonly=True,
        tracking=True,
        index=True,
        copy=False,
    )
    done_at = fields.Datetime(readonly=True, copy=False)
    done_by_id = fields.Many2one(comodel_name="res.users", readonly=True, copy=False)
    verified_by_id = fields.Many2one(
        comodel_name="res.users",
        readonly=True,
        copy=False,
        tracking=True,
    )
    verified_at = fields.Datetime(readonly=True, copy=False)
    overdue = fields.Boolean(compute="_compute_overdue", search="_search_overdue")

    @api.model
    def _selection_reference(self):
        return [
            (model.model, model.name)
            for model in self.env["ir.model"].sudo().search([("transient", "=", False)])
        ]

    @api.depends("ticket_id", "res_model", "res_id")
    def _compute_reference(self):
        for action in self:
            if action.ticket_id:
                action.reference = f"helpdesk.ticket,{action.ticket_id.id}"
            elif action.res_model and action.res_id:
                action.reference = f"{action.res_model},{action.res_id}"
            else:
                action.reference = False

    @api.depends("state", "date_deadline")
    def _compute_overdue(self):
        today = fields.Date.context_today(self)
        for action in self:
            action.overdue = action.state == "open" and action.date_deadline < today

    def _search_overdue(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            return NotImplemented
        domain = [
            ("state", "=", "open"),
            ("date_deadline", "<", fields.Date.context_today(self)),
        ]
        return domain if (operator == "=") == value else ["!", *domain]

    def _aftersales_protected_field_names(self):
        return super()._aftersales_protected_field_names() | ACTION_PROTECTED

    def write(self, vals):
        if "user_id" in vals and not self._aftersales_is_authorized():
            settled = self.filtered(lambda a: a.state != "open")
            if settled:
                raise UserError(
                    self.env._(
                        "Action %(action)s is done: its owner cannot change. "
                        "Reopen it first.",
                        action=settled[0].name,
                    )
                )
        return super().write(vals)

    def action_done(self):
        """The owner (or a manager) records the action as done."""
        for action in self:
            if action.state != "open":
                raise UserError(
                    self.env._(
                        "Action %(action)s is not open.", action=action.display_name
                    )
                )
        self.check_access("write")
        self._aftersales_write(
            {
                "state": "done",
                "done_at": fields.Datetime.now(),
                "done_by_id": self.env.user.id,
            }
        )

    def action_verify(self):
        """Someone other than the owner checks the action worked."""
        self.check_access("write")
        for action in self:
            if action.state != "done":
                raise UserError(
                    self.env._(
                        "Action %(action)s: only a done action can be verified; "
                        "mark it done first.",
                        action=action.display_name,
                    )
                )
            if action.user_id == self.env.user:
                raise UserError(
                    self.env._(
                        "Action %(action)s: you own it, so you cannot verify it. "
                        "Someone other than the owner verifies an action.",
                        action=action.display_name,
                    )
                )
        self._aftersales_write(
            {
                "state": "verified",
                "verified_by_id": self.env.user.id,
                "verified_at": fields.Datetime.now(),
            }
        )

    def action_reopen(self):
        self.check_access("write")
        self._aftersales_write(
            {
                "state": "open",
                "done_at": False,
                "done_by_id": False,
                "verified_by_id": False,
                "verified_at": False,
            }
        )
