from odoo import api, fields, models
from odoo.exceptions import UserError

EMERGENCIES = [
    ("fire", "Fire"),
    ("electric_shock", "Electric Shock"),
    ("mechanical_injury", "Mechanical Injury"),
    ("gas", "Underground Gas"),
    ("fall", "Fall from Height"),
    ("other", "Other"),
]


class AftersalesSafetyEmergencyPlan(models.Model):
    """An emergency plan (应急预案): what to do, step by step, and whom to
    call, for the job types where that emergency can happen. The technician
    sees it at the pre-job check of such a job."""

    _name = "aftersales.safety.emergency.plan"
    _description = "Emergency Plan"
    _inherit = ["mail.thread"]
    _order = "sequence, name, id"
    _check_company_auto = True

    name = fields.Char(required=True, translate=True, tracking=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    emergency = fields.Selection(
        selection=EMERGENCIES, required=True, default="fire", tracking=True
    )
    company_id = fields.Many2one(
        comodel_name="res.company", help="Empty: used by every company."
    )
    job_type_ids = fields.Many2many(
        comodel_name="aftersales.safety.job.type",
        relation="aftersales_safety_emergency_plan_job_type_rel",
        string="Job Types",
        check_company=True,
        help="Shown to the technician at the pre-job check of these jobs.",
    )
    step_ids = fields.One2many(
        comodel_name="aftersales.safety.emergency.step",
        inverse_name="plan_id",
        string="Steps",
        copy=True,
    )
    contact_ids = fields.One2many(
        comodel_name="aftersales.safety.emergency.contact",
        inverse_name="plan_id",
        string="Contacts",
        copy=True,
    )
    drill_ids = fields.One2many(
        comodel_name="aftersales.safety.drill",
        inverse_name="plan_id",
        string="Drills",
    )
    last_drill_date = fields.Date(compute="_compute_last_drill_date")
    summary = fields.Text(
        string="Plan at a Glance",
        compute="_compute_summary",
        help="The steps and contacts as the technician reads them.",
    )

    @api.depends("drill_ids.date")
    def _compute_last_drill_date(self):
        for plan in self:
            plan.last_drill_date = max(plan.drill_ids.mapped("date"), default=False)

    @api.depends(
        "name", "step_ids.instruction", "contact_ids.name", "contact_ids.phone"
    )
    def _compute_summary(self):
        for plan in self:
            lines = [plan.name or ""]
            lines += [
                f"{index}. {step.instruction}"
                for index, step in enumerate(plan.step_ids, start=1)
            ]
            lines += [
                f"☎ {contact.name} ({contact.role or '-'}): {contact.phone}"
                for contact in plan.contact_ids
            ]
            plan.summary = "\n".join(lines)


class AftersalesSafetyEmergencyStep(models.Model):
    _name = "aftersales.safety.emergency.step"
    _description = "Emergency Plan Step"
    _order = "sequence, id"

    plan_id = fields.Many2one(
        comodel_name="aftersales.safety.emergency.plan",
        required=True,
        ondelete="cascade",
        index=True,
    )
    sequence = fields.Integer(default=10)
    instruction = fields.Text(required=True, translate=True)


class AftersalesSafetyEmergencyContact(models.Model):
    _name = "aftersales.safety.emergency.contact"
    _description = "Emergency Contact"
    _order = "sequence, id"

    plan_id = fields.Many2one(
        comodel_name="aftersales.safety.emergency.plan",
        required=True,
        ondelete="cascade",
        index=True,
    )
    sequence = fields.Integer(default=10)
    name = fields.Char(required=True)
    role = fields.Char(translate=True)
    phone = fields.Char(required=True)


class AftersalesSafetyDrill(models.Model):
    """An emergency drill (应急演练): when, where, who attended, what was
    learned."""

    _name = "aftersales.safety.drill"
    _description = "Emergency Drill"
    _inherit = ["mail.thread"]
    _order = "date desc, id desc"
    _check_company_auto = True

    name = fields.Char(string="Scenario", required=True)
    plan_id = fields.Many2one(
        comodel_name="aftersales.safety.emergency.plan",
        string="Emergency Plan",
        required=True,
        check_company=True,
        index=True,
    )
    emergency = fields.Selection(related="plan_id.emergency", store=True)
    company_id = fields.Many2one(
        comodel_name="res.company",
        required=True,
        default=lambda self: self.env.company,
        index=True,
    )
    date = fields.Date(required=True, default=fields.Date.context_today)
    place = fields.Char()
    leader_id = fields.Many2one(
        comodel_name="res.users",
        string="Led By",
        default=lambda self: self.env.user,
        domain="[('share', '=', False)]",
    )
    attendee_ids = fields.Many2many(
        comodel_name="res.users",
        relation="aftersales_safety_drill_attendee_rel",
        string="Attendees",
        domain="[('share', '=', False)]",
    )
    attendee_count = fields.Integer(compute="_compute_attendee_count", store=True)
    findings = fields.Text(help="What went well, what did not, what changes.")

    @api.depends("attendee_ids")
    def _compute_attendee_count(self):
        for drill in self:
            drill.attendee_count = len(drill.attendee_ids)

    @api.constrains("attendee_ids")
    def _check_attendees(self):
        for drill in self:
            if not drill.attendee_ids:
                raise UserError(
                    self.env._(
                        "Drill %(drill)s: record who attended (Attendees).",
                        drill=drill.name,
                    )
                )


class AftersalesVisit(models.Model):
    _inherit = "aftersales.visit"

    aftersales_emergency_plan_ids = fields.Many2many(
        comodel_name="aftersales.safety.emergency.plan",
        string="Emergency Plans",
        compute="_compute_aftersales_emergency_plans",
    )
    aftersales_emergency_summary = fields.Text(
        string="In an Emergency", compute="_compute_aftersales_emergency_plans"
    )

    @api.depends("aftersales_job_type_ids")
    def _compute_aftersales_emergency_plans(self):
        Plan = self.env["aftersales.safety.emergency.plan"]
        plans = Plan.search([("job_type_ids", "in", self.aftersales_job_type_ids.ids)])
        for visit in self:
            mine = plans.filtered(
                lambda p, v=visit: (
                    p.job_type_ids & v.aftersales_job_type_ids
                    and p.company_id in (v.company_id, Plan.company_id)
                )
            )
            visit.aftersales_emergency_plan_ids = mine
            visit.aftersales_emergency_summary = (
                "\n\n".join(mine.mapped("summary")) or False
            )


class AftersalesSafetyCheck(models.Model):
    _inherit = "aftersales.safety.check"

    emergency_summary = fields.Text(
        string="In an Emergency",
        related="visit_id.aftersales_emergency_summary",
    )
