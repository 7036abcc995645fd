from collections import defaultdict

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

from odoo.addons.aftersales_service.models.aftersales_protected_mixin import (
    authorized,
)

OFFICER_GROUP = "aftersales_safety.group_aftersales_safety_officer"
# Inspection checklists (安全检查): what the safety group inspects on a plan.
INSPECTION_KINDS = [
    ("site", "Site Inspection"),
    ("tools", "Tools and Instruments"),
    ("vehicle", "Vehicle"),
    ("ppe", "PPE Stock"),
    ("first_aid", "First-aid Kit and Extinguisher"),
    ("loto_review", "Lockout/Tagout Procedure Review"),
]
INSPECTION_KIND_CODES = [code for code, _label in INSPECTION_KINDS]


class AftersalesSafetyChecklistTemplate(models.Model):
    """Inspection checklists are checklist templates of an inspection kind:
    versioned and published the same way as the pre- and post-job ones."""

    _inherit = "aftersales.safety.checklist.template"

    kind = fields.Selection(
        selection_add=INSPECTION_KINDS,
        ondelete=dict.fromkeys(INSPECTION_KIND_CODES, "cascade"),
    )


class AftersalesSafetyInspectionPlan(models.Model):
    """Who inspects what, how often (安全检查计划). The daily job creates the
    inspections due within the company's horizon, once per due date."""

    _name = "aftersales.safety.inspection.plan"
    _description = "Safety Inspection Plan"
    _inherit = ["mail.thread"]
    _order = "next_due, id"
    _check_company_auto = True

    name = fields.Char(required=True, tracking=True)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        comodel_name="res.company",
        required=True,
        default=lambda self: self.env.company,
        index=True,
    )
    template_id = fields.Many2one(
        comodel_name="aftersales.safety.checklist.template",
        string="Checklist",
        required=True,
        check_company=True,
        domain=[("kind", "in", INSPECTION_KIND_CODES), ("state", "!=", "draft")],
        help="The latest published version of this checklist is used for each "
        "inspection.",
    )
    kind = fields.Selection(related="template_id.kind", store=True)
    user_id = fields.Many2one(
        comodel_name="res.users",
        string="Inspector",
        required=True,
        domain="[('share', '=', False)]",
        tracking=True,
    )
    place = fields.Char(help="The site, store, vehicle or procedure inspected.")
    interval = fields.Integer(string="Every", required=True, default=1, tracking=True)
    interval_unit = fields.Selection(
        selection=[("days", "Days"), ("months", "Months")],
        required=True,
        default="months",
        tracking=True,
    )
    next_due = fields.Date(
        required=True,
        default=fields.Date.context_today,
        index=True,
        tracking=True,
        help="The next due date not yet scheduled; the daily job moves it on "
        "as it creates the inspections.",
    )
    inspection_ids = fields.One2many(
        comodel_name="aftersales.safety.inspection",
        inverse_name="plan_id",
        string="Inspections",
    )
    inspection_count = fields.Integer(compute="_compute_inspection_count")

    _aftersales_interval_positive = models.Constraint(
        "CHECK(interval > 0)",
        "An inspection plan's interval must be at least 1 (day or month).",
    )

    @api.constrains("template_id")
    def _check_template_kind(self):
        for plan in self:
            if plan.template_id.kind not in INSPECTION_KIND_CODES:
                raise ValidationError(
                    self.env._(
                        "Inspection plan %(plan)s: choose an inspection checklist "
                        "(site, tools, vehicle, PPE, first aid, lockout/tagout "
                        "review), not a pre- or post-job one.",
                        plan=plan.name,
                    )
                )

    def _compute_inspection_count(self):
        counts = dict(
            self.env["aftersales.safety.inspection"]._read_group(
                [("plan_id", "in", self.ids)], ["plan_id"], ["__count"]
            )
        )
        for plan in self:
            plan.inspection_count = counts.get(plan, 0)

    def _aftersales_step(self):
        self.ensure_one()
        if self.interval_unit == "days":
            return relativedelta(days=self.interval)
        return relativedelta(months=self.interval)

    # ------------------------------------------------------------------
    # Generation
    # ------------------------------------------------------------------

    @api.model
    def _cron_aftersales_inspections(self):
        """Daily: each company's inspections due within its horizon, by
        batches of plans. A plan leaves the search once its next due date is
        past the horizon, so a second run creates nothing."""
        today = fields.Date.context_today(self)
        companies = self.env["res.company"].search_fetch(
            [], ["aftersales_safety_inspection_horizon_days"]
        )
        for company in companies:
            until = today + relativedelta(
                days=company.aftersales_safety_inspection_horizon_days
            )
            self.env["ir.cron"]._aftersales_run_batches(
                self,
                [("company_id", "=", company.id), ("next_due", "<=", until)],
                lambda plans, until=until: plans._aftersales_generate(until),
                batch_size=200,
                order="id",
            )

    def _aftersales_generate(self, until):
        """Create the inspections of these plans due up to ``until`` and move
        each plan's next due date past it. Never twice for a plan and a due
        date: existing ones are skipped (and a unique key refuses a repeat).
        One search for the checklist versions, one for what exists, one
        create, one write per distinct next due date."""
        Inspection = self.env["aftersales.safety.inspection"]
        plans = self.filtered(lambda p: p.next_due and p.next_due <= until)
        if not plans:
            return Inspection
        latest = plans.template_id._aftersales_latest_by_template()
        existing = {
            (plan.id, day)
            for plan, day in Inspection.with_context(active_test=False)._read_group(
                [
                    ("plan_id", "in", plans.ids),
                    ("due_date", ">=", min(plans.mapped("next_due"))),
                ],
                ["plan_id", "due_date:day"],
            )
        }
        vals_list = []
        next_dues = defaultdict(list)
        for plan in plans:
            template = latest[plan.template_id]
            lines = [
                fields.Command.create(item._aftersales_line_values())
                for item in template.item_ids
            ]
            step = plan._aftersales_step()
            due = plan.next_due
            while due <= until:
                if (plan.id, due) not in existing:
                    vals_list.append(
                        plan._aftersales_inspection_values(template, due, lines)
                    )
                due = due + step
            next_dues[due].append(plan.id)
        with authorized(Inspection._name, "aftersales.safety.inspection.line"):
            inspections = Inspection.with_context(
                tracking_disable=True,
                mail_create_nolog=True,
                mail_create_nosubscribe=True,
            ).create(vals_list)
        for due, plan_ids in next_dues.items():
            self.browse(plan_ids).with_context(tracking_disable=True).write(
                {"next_due": due}
            )
        return inspections

    def _aftersales_inspection_values(self, template, due, lines):
        self.ensure_one()
        return {
            "plan_id": self.id,
            "company_id": self.company_id.id,
            "template_id": template.id,
            "family_id": template._aftersales_family().id,
            "user_id": self.user_id.id,
            "place": self.place,
            "due_date": due,
            "line_ids": lines,
        }

    def action_inspect_now(self):
        """An inspection of this plan today (an unplanned one, besides the
        schedule; once a day)."""
        self.ensure_one()
        today = fields.Date.context_today(self)
        Inspection = self.env["aftersales.safety.inspection"]
        inspection = Inspection.search(
            [("plan_id", "=", self.id), ("due_date", "=", today)], limit=1
        )
        if not inspection:
            template = self.template_id._aftersales_latest()
            with authorized(Inspection._name, "aftersales.safety.inspection.line"):
                inspection = Inspection.create(
                    self._aftersales_inspection_values(
                        template,
                        today,
                        [
                            fields.Command.create(item._aftersales_line_values())
                            for item in template.item_ids
                        ],
                    )
                )
        return inspection._aftersales_form_action()

    def action_view_inspections(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "aftersales_safety.aftersales_safety_inspection_action"
        )
        action["domain"] = [("plan_id", "=", self.id)]
        action["context"] = {"create": False}
        return action


class AftersalesSafetyInspection(models.Model):
    """One inspection (安全检查记录): each item passed or failed, with photos,
    signed by the inspector; then locked and chained."""

    _name = "aftersales.safety.inspection"
    _description = "Safety Inspection"
    _inherit = [
        "aftersales.safety.checklist.record.mixin",
        "aftersales.signed.mixin",
        "mail.thread",
        "mail.activity.mixin",
    ]
    _order = "due_date desc, id desc"
    _check_company_auto = True
    _aftersales_signed_report = "aftersales_safety.action_report_safety_inspection"

    name = fields.Char(
        compute="_compute_name", store=True, readonly=True, precompute=True
    )
    plan_id = fields.Many2one(
        comodel_name="aftersales.safety.inspection.plan",
        readonly=True,
        index=True,
        ondelete="restrict",
        check_company=True,
    )
    company_id = fields.Many2one(
        comodel_name="res.company",
        required=True,
        readonly=True,
        default=lambda self: self.env.company,
        index=True,
    )
    kind = fields.Selection(related="template_id.kind", store=True)
    user_id = fields.Many2one(
        comodel_name="res.users",
        string="Inspector",
        required=True,
        domain="[('share', '=', False)]",
        index=True,
        tracking=True,
    )
    place = fields.Char()
    due_date = fields.Date(required=True, readonly=True, index=True)
    state = fields.Selection(
        selection=[("todo", "To Inspect"), ("signed", "Signed")],
        compute="_compute_state",
        store=True,
        index=True,
    )
    result = fields.Selection(
        selection=[("open", "Open"), ("passed", "Passed"), ("failed", "Failed")],
        compute="_compute_result",
        store=True,
    )
    overdue = fields.Boolean(compute="_compute_overdue", search="_search_overdue")
    line_ids = fields.One2many(
        comodel_name="aftersales.safety.inspection.line",
        inverse_name="inspection_id",
        string="Items",
    )
    failed_count = fields.Integer(compute="_compute_result", store=True)
    note = fields.Text(string="Findings")
    correction_of_id = fields.Many2one(
        comodel_name="aftersales.safety.inspection",
        string="Corrects",
        readonly=True,
        copy=False,
    )

    _aftersales_plan_due_unique = models.Constraint(
        "UNIQUE(plan_id, due_date)",
        "A plan has one inspection per due date.",
    )

    @api.depends("template_id.name", "due_date", "place")
    def _compute_name(self):
        for inspection in self:
            inspection.name = " / ".join(
                filter(
                    None,
                    [
                        inspection.template_id.name,
                        inspection.place,
                        fields.Date.to_string(inspection.due_date),
                    ],
                )
            )

    @api.depends("signed_at")
    def _compute_state(self):
        for inspection in self:
            inspection.state = "signed" if inspection.signed_at else "todo"

    @api.depends("line_ids.is_failed", "signed_at")
    def _compute_result(self):
        for inspection in self:
            failed = inspection.line_ids.filtered("is_failed")
            inspection.failed_count = len(failed)
            if failed:
                inspection.result = "failed"
            elif inspection.signed_at:
                inspection.result = "passed"
            else:
                inspection.result = "open"

    @api.depends("state", "due_date")
    def _compute_overdue(self):
        today = fields.Date.context_today(self)
        for inspection in self:
            inspection.overdue = (
                inspection.state == "todo" and inspection.due_date < today
            )

    def _search_overdue(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            return NotImplemented
        domain = [
            ("state", "=", "todo"),
            ("due_date", "<", fields.Date.context_today(self)),
        ]
        return domain if (operator == "=") == value else ["!", *domain]

    def _aftersales_protected_field_names(self):
        # What is inspected and when: set by the plan's generation only (the
        # unique due date rests on them).
        return super()._aftersales_protected_field_names() | {
            "plan_id",
            "due_date",
            "state",
            "result",
            "failed_count",
        }

    @api.ondelete(at_uninstall=False)
    def _unlink_except_officer(self):
        if not self.env.su and not self.env.user.has_group(OFFICER_GROUP):
            raise AccessError(
                self.env._("Only a safety officer removes a planned inspection.")
            )

    def _aftersales_check_can_sign(self):
        self.ensure_one()
        self.line_ids._aftersales_check_complete(
            self.env._("Inspection %(inspection)s", inspection=self.name)
        )

    def action_sign(self):
        """The inspector signs what they found."""
        for inspection in self:
            if self.env.user != inspection.user_id:
                raise UserError(
                    self.env._(
                        "Inspection %(inspection)s is signed by its inspector, "
                        "%(inspector)s.",
                        inspection=inspection.name,
                        inspector=inspection.user_id.name,
                    )
                )
        self._aftersales_sign("performed")
        return True

    def _aftersales_after_sign(self):
        self.ensure_one()
        self._aftersales_raise_hazards()

    def _aftersales_raise_hazards(self):
        """Extension point: the hazards of the failed items (the hazard
        register plugs in here)."""
        self.ensure_one()

    def _aftersales_correction_values(self):
        return {
            "plan_id": False,
            "company_id": self.company_id.id,
            "template_id": self.template_id.id,
            "family_id": self.family_id.id,
            "user_id": self.user_id.id,
            "place": self.place,
            "due_date": self.due_date,
            "line_ids": [
                fields.Command.create(line._aftersales_item_values())
                for line in self.line_ids
            ],
        }

    def _aftersales_chain_content(self):
        content = super()._aftersales_chain_content()
        content.update(
            plan=self.plan_id.id,
            inspector=self.user_id.id,
            place=self.place or "",
            due=fields.Date.to_string(self.due_date),
        )
        return content


class AftersalesSafetyInspectionLine(models.Model):
    """One inspected item: the question and its rules copied from the
    checklist version, the answer, a photo."""

    _name = "aftersales.safety.inspection.line"
    _description = "Safety Inspection Item"
    _inherit = ["aftersales.safety.answer.mixin"]
    _order = "sequence, id"
    _aftersales_parent_field = "inspection_id"

    inspection_id = fields.Many2one(
        comodel_name="aftersales.safety.inspection",
        required=True,
        ondelete="cascade",
        index=True,
    )
    company_id = fields.Many2one(
        related="inspection_id.company_id", store=True, index=True
    )
