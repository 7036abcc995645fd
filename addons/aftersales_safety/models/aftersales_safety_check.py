from odoo import api, fields, models
from odoo.exceptions import UserError

from odoo.addons.aftersales_service.models.aftersales_protected_mixin import (
    authorized,
)

from .aftersales_safety_checklist_template import KINDS


class AftersalesSafetyCheck(models.Model):
    """A pre-job or post-job check of one visit, from one version of a
    checklist template. Signed by the technician who performed it; then
    locked and chained."""

    _name = "aftersales.safety.check"
    _description = "Safety Check"
    _inherit = [
        "aftersales.safety.checklist.record.mixin",
        "aftersales.signed.mixin",
        "aftersales.safety.visit.record.mixin",
        "mail.thread",
    ]
    _order = "id desc"
    _check_company_auto = True

    name = fields.Char(
        compute="_compute_name", store=True, readonly=True, precompute=True
    )
    visit_id = fields.Many2one(readonly=True)
    kind = fields.Selection(selection=KINDS, required=True, readonly=True)
    family_id = fields.Many2one(
        help="The first version of the checklist: checks of any version count.",
    )
    user_id = fields.Many2one(
        comodel_name="res.users",
        string="Technician",
        default=lambda self: self.env.user,
        readonly=True,
    )
    line_ids = fields.One2many(
        comodel_name="aftersales.safety.check.line",
        inverse_name="check_id",
        string="Answers",
    )
    result = fields.Selection(
        selection=[
            ("open", "Open"),
            ("passed", "Passed"),
            ("failed", "Failed"),
            ("blocked", "Blocked"),
        ],
        compute="_compute_result",
        store=True,
        help="Blocked: a blocking item failed; work must stop.",
    )
    correction_of_id = fields.Many2one(
        comodel_name="aftersales.safety.check",
        string="Corrects",
        readonly=True,
        copy=False,
        help="The signed check this one replaces (it stays unchanged).",
    )
    note = fields.Text()

    @api.depends("visit_id.name", "template_id.name", "kind")
    def _compute_name(self):
        for check in self:
            check.name = f"{check.visit_id.name or ''} / {check.template_id.name or ''}"

    @api.depends(
        "line_ids.is_failed", "line_ids.blocking", "line_ids.is_answered", "signed_at"
    )
    def _compute_result(self):
        for check in self:
            failed = check.line_ids.filtered("is_failed")
            if failed.filtered("blocking"):
                check.result = "blocked"
            elif failed:
                check.result = "failed"
            elif check.signed_at:
                check.result = "passed"
            else:
                check.result = "open"

    def _aftersales_protected_field_names(self):
        # What the check is of: set when it is made from the template.
        return super()._aftersales_protected_field_names() | {"visit_id", "kind"}

    @api.model
    def _aftersales_values_from_template(self, visit, template, latest=None):
        """The values of the check of ``visit`` from the latest version of
        ``template`` (``latest``: that version, when already found)."""
        template = latest or template._aftersales_latest()
        return {
            "visit_id": visit.id,
            "kind": template.kind,
            "template_id": template.id,
            "family_id": template._aftersales_family().id,
            "line_ids": [
                fields.Command.create(item._aftersales_line_values())
                for item in template.item_ids
            ],
        }

    @api.model
    def _aftersales_create_from_templates(self, visit, templates):
        """The checks of ``visit`` from the latest version of each of
        ``templates``: their questions and rules copied, which nobody may then
        rewrite. One search finds the versions, one create makes the checks."""
        latest = templates._aftersales_latest_by_template()
        with authorized(self._name, "aftersales.safety.check.line"):
            return self.create(
                [
                    self._aftersales_values_from_template(
                        visit, template, latest=latest[template]
                    )
                    for template in templates
                ]
            )

    def _aftersales_correction_values(self):
        return self._aftersales_values_from_template(self.visit_id, self.template_id)

    def _aftersales_check_can_sign(self):
        self.ensure_one()
        if self.visit_id.state in ("cancelled",):
            raise UserError(
                self.env._(
                    "Visit %(visit)s is cancelled; its checks cannot be signed.",
                    visit=self.visit_id.name,
                )
            )
        self.line_ids._aftersales_check_complete(
            self.env._("Check %(check)s", check=self.name)
        )

    def _aftersales_after_sign(self):
        self.ensure_one()
        blocked = self.line_ids.filtered(lambda line: line.is_failed and line.blocking)
        if blocked:
            self.env["aftersales.safety.stop.work"]._aftersales_raise(
                self.visit_id,
                self.env._(
                    "Check %(check)s failed on blocking items: %(items)s.",
                    check=self.name,
                    items=", ".join(blocked.mapped("question")),
                ),
                check=self,
            )

    def action_sign(self):
        for check in self:
            if self.env.user not in check.visit_id.user_id | check.visit_id.helper_ids:
                raise UserError(
                    self.env._(
                        "Check %(check)s is signed by a technician of visit "
                        "%(visit)s: the one who performed it.",
                        check=check.name,
                        visit=check.visit_id.name,
                    )
                )
        self._aftersales_sign("performed")
        return True

    def _aftersales_chain_content(self):
        content = super()._aftersales_chain_content()
        content.update(visit=self.visit_id.name)
        return content


class AftersalesSafetyCheckLine(models.Model):
    """One answered item. The question and its rules are copied from the
    template, so later template versions never change an old check."""

    _name = "aftersales.safety.check.line"
    _description = "Safety Check Answer"
    _inherit = ["aftersales.safety.answer.mixin"]
    _order = "sequence, id"
    _aftersales_parent_field = "check_id"

    check_id = fields.Many2one(
        comodel_name="aftersales.safety.check",
        required=True,
        ondelete="cascade",
        index=True,
    )
