from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

OFFICER_GROUP = "aftersales_safety.group_aftersales_safety_officer"
MANAGER_GROUP = "aftersales_service.group_aftersales_manager"
TECHNICIAN_GROUP = "aftersales_service.group_aftersales_technician"
INCIDENT_CATEGORIES = [
    ("injury", "Injury"),
    ("electric_shock", "Electric Shock"),
    ("fall", "Fall from Height"),
    ("mechanical", "Mechanical Injury"),
    ("near_miss", "Near Miss"),
    ("property_damage", "Property Damage"),
    ("customer_loss", "Customer Loss"),
]
INCIDENT_STATES = [
    ("reported", "Reported"),
    ("investigating", "Investigating"),
    ("closed", "Closed"),
]


class AftersalesSafetyIncidentType(models.Model):
    """A kind of incident and whether it must be reported to the authorities,
    within how many hours (生产安全事故: the unit reports within 1 hour)."""

    _name = "aftersales.safety.incident.type"
    _description = "Incident Type"
    _order = "sequence, id"
    _check_company_auto = True

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    category = fields.Selection(
        selection=INCIDENT_CATEGORIES, required=True, default="injury"
    )
    company_id = fields.Many2one(
        comodel_name="res.company", help="Empty: used by every company."
    )
    authority_report = fields.Boolean(
        string="Report to the Authorities",
        help="Incidents of this type are reported to the work-safety authority.",
    )
    report_hours = fields.Integer(
        string="Report Within (Hours)",
        default=1,
        help="Hours after the incident happened by which the authorities must "
        "have the report.",
    )

    _aftersales_report_hours_positive = models.Constraint(
        "CHECK(report_hours >= 0)",
        "The hours to report an incident to the authorities cannot be negative.",
    )


class AftersalesSafetyIncident(models.Model):
    """An incident or accident (事故): reported by anyone, investigated by
    the safety group, corrected through actions verified by someone other
    than their owner, closed by a manager; lessons shared to every
    technician, who acknowledges them."""

    _name = "aftersales.safety.incident"
    _description = "Safety Incident"
    _inherit = ["mail.thread", "mail.activity.mixin", "aftersales.protected.mixin"]
    _order = "happened_at desc, id desc"
    _check_company_auto = True

    name = fields.Char(string="Number", readonly=True, copy=False, default="/")
    type_id = fields.Many2one(
        comodel_name="aftersales.safety.incident.type",
        required=True,
        check_company=True,
        tracking=True,
    )
    category = fields.Selection(related="type_id.category", store=True)
    company_id = fields.Many2one(
        comodel_name="res.company",
        required=True,
        default=lambda self: self.env.company,
        index=True,
    )
    state = fields.Selection(
        selection=INCIDENT_STATES,
        default="reported",
        required=True,
        readonly=True,
        tracking=True,
        index=True,
        copy=False,
    )
    happened_at = fields.Datetime(required=True, default=fields.Datetime.now)
    reported_at = fields.Datetime(
        compute="_compute_reported",
        store=True,
        help="When it was recorded here.",
    )
    reported_by_id = fields.Many2one(
        comodel_name="res.users",
        compute="_compute_reported",
        store=True,
        index=True,
    )
    place = fields.Char(required=True)
    visit_id = fields.Many2one(
        comodel_name="aftersales.visit",
        string="Service Visit",
        check_company=True,
        index="btree_not_null",
    )
    partner_id = fields.Many2one(
        comodel_name="res.partner",
        string="Customer",
        check_company=True,
    )
    description = fields.Text(string="What Happened", required=True)
    immediate_actions = fields.Text()
    involved_user_ids = fields.Many2many(
        comodel_name="res.users",
        relation="aftersales_safety_incident_involved_rel",
        string="People Involved",
        domain="[('share', '=', False)]",
    )
    other_people = fields.Char(
        string="Other People Involved", help="Customers, passers-by, others."
    )
    # Reporting to the authorities.
    authority_report_required = fields.Boolean(
        string="Report to the Authorities",
        compute="_compute_authority",
        store=True,
    )
    authority_deadline = fields.Datetime(
        string="Report to Authorities By",
        compute="_compute_authority",
        store=True,
    )
    authority_reported_at = fields.Datetime(
        string="Reported to Authorities At", readonly=True, copy=False, tracking=True
    )
    authority_reference = fields.Char(
        string="Authority Report Reference",
        help="To whom and under which number the report was made.",
    )
    authority_overdue = fields.Boolean(compute="_compute_authority_overdue")
    # Investigation (事故调查).
    team_ids = fields.Many2many(
        comodel_name="res.users",
        relation="aftersales_safety_incident_team_rel",
        string="Investigation Team",
        domain="[('share', '=', False)]",
    )
    direct_cause = fields.Text()
    root_cause = fields.Text()
    action_ids = fields.One2many(
        comodel_name="aftersales.action",
        inverse_name="res_id",
        string="Corrective and Preventive Actions",
        domain=[("res_model", "=", "aftersales.safety.incident")],
        context={"default_res_model": "aftersales.safety.incident"},
    )
    action_open_count = fields.Integer(
        string="Actions Not Verified", compute="_compute_action_open_count"
    )
    # Lessons shared (经验教训).
    lessons = fields.Text(string="Lessons Learned")
    lessons_shared_at = fields.Datetime(readonly=True, copy=False)
    ack_ids = fields.One2many(
        comodel_name="aftersales.safety.incident.ack",
        inverse_name="incident_id",
        string="Acknowledgements",
        readonly=True,
    )
    ack_pending_count = fields.Integer(
        string="Not Yet Acknowledged", compute="_compute_ack_counts"
    )
    ack_done_count = fields.Integer(
        string="Acknowledged", compute="_compute_ack_counts"
    )
    # Compensation to the customer (赔偿客户损失).
    currency_id = fields.Many2one(
        comodel_name="res.currency",
        default=lambda self: self.env.company.currency_id,
        required=True,
    )
    compensation_amount = fields.Monetary(string="Compensation")
    compensation_partner_id = fields.Many2one(
        comodel_name="res.partner", string="Compensated To", check_company=True
    )
    compensation_note = fields.Text(string="Compensation Details")
    closed_at = fields.Datetime(readonly=True, copy=False)
    closed_by_id = fields.Many2one(comodel_name="res.users", readonly=True, copy=False)

    _aftersales_compensation_positive = models.Constraint(
        "CHECK(compensation_amount >= 0)",
        "A compensation amount cannot be negative.",
    )

    def _aftersales_protected_field_names(self):
        # Set by Investigate / Report to Authorities / Share Lessons / Close,
        # which check their rule; the number by the sequence.
        return super()._aftersales_protected_field_names() | {
            "name",
            "state",
            "authority_reported_at",
            "lessons_shared_at",
            "closed_at",
            "closed_by_id",
            "reported_at",
            "reported_by_id",
            "authority_report_required",
            "authority_deadline",
        }

    @api.depends("create_date", "create_uid")
    def _compute_reported(self):
        for incident in self:
            incident.reported_at = incident.create_date or fields.Datetime.now()
            incident.reported_by_id = incident.create_uid or self.env.user

    @api.depends("type_id.authority_report", "type_id.report_hours", "happened_at")
    def _compute_authority(self):
        for incident in self:
            required = incident.type_id.authority_report
            incident.authority_report_required = required
            incident.authority_deadline = (
                incident.happened_at + timedelta(hours=incident.type_id.report_hours)
                if required and incident.happened_at
                else False
            )

    def _compute_authority_overdue(self):
        now = fields.Datetime.now()
        for incident in self:
            incident.authority_overdue = bool(
                incident.authority_report_required
                and not incident.authority_reported_at
                and incident.authority_deadline
                and incident.authority_deadline < now
            )

    @api.depends("action_ids.state")
    def _compute_action_open_count(self):
        for incident in self:
            incident.action_open_count = len(
                incident.action_ids.filtered(lambda a: a.state != "verified")
            )

    @api.depends("ack_ids.acknowledged_at")
    def _compute_ack_counts(self):
        for incident in self:
            done = incident.ack_ids.filtered("acknowledged_at")
            incident.ack_done_count = len(done)
            incident.ack_pending_count = len(incident.ack_ids) - len(done)

    @api.constrains("happened_at")
    def _check_happened_at(self):
        now = fields.Datetime.now() + timedelta(minutes=5)
        for incident in self:
            if incident.happened_at and incident.happened_at > now:
                raise ValidationError(
                    self.env._(
                        "Incident %(incident)s: it cannot have happened in the "
                        "future; correct Happened At.",
                        incident=incident.name,
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        incidents = super().create(vals_list)
        for incident in incidents:
            number = self.env["ir.sequence"].next_by_code("aftersales.safety.incident")
            incident._aftersales_write({"name": number or "/"})
        incidents._aftersales_notify_officer()
        return incidents

    @api.ondelete(at_uninstall=False)
    def _unlink_never(self):
        raise UserError(
            self.env._("An incident report is evidence: close it, never delete it.")
        )

    def _aftersales_notify_officer(self):
        for incident in self:
            officer = incident.company_id.aftersales_safety_officer_id
            if officer:
                incident.sudo().activity_schedule(
                    "mail.mail_activity_data_todo",
                    user_id=officer.id,
                    summary=self.env._("Incident reported: investigate"),
                    note=incident.description,
                )

    def _aftersales_check_officer(self, what):
        if not self.env.user.has_group(OFFICER_GROUP):
            raise AccessError(
                self.env._("Only a safety officer may %(what)s.", what=what)
            )

    def action_investigate(self):
        """The safety officer opens the investigation with its team."""
        self._aftersales_check_officer(self.env._("start an investigation"))
        for incident in self:
            if incident.state != "reported":
                raise UserError(
                    self.env._(
                        "Incident %(incident)s is already under investigation "
                        "or closed.",
                        incident=incident.name,
                    )
                )
            if not incident.team_ids:
                raise UserError(
                    self.env._(
                        "Incident %(incident)s: name the investigation team first.",
                        incident=incident.name,
                    )
                )
        self._aftersales_write({"state": "investigating"})
        return True

    def action_report_authority(self):
        """Record that the authorities were told (with the reference)."""
        self._aftersales_check_officer(
            self.env._("record the report to the authorities")
        )
        for incident in self:
            if not incident.authority_report_required:
                raise UserError(
                    self.env._(
                        "Incident %(incident)s: its type is not reported to the "
                        "authorities.",
                        incident=incident.name,
                    )
                )
            if not (incident.authority_reference or "").strip():
                raise UserError(
                    self.env._(
                        "Incident %(incident)s: write to whom and under which "
                        "number it was reported (Authority Report Reference).",
                        incident=incident.name,
                    )
                )
        self._aftersales_write({"authority_reported_at": fields.Datetime.now()})
        return True

    def action_share_lessons(self):
        """Send the lessons to every technician of the company, each of whom
        acknowledges them."""
        self._aftersales_check_officer(self.env._("share the lessons of an incident"))
        Ack = self.env["aftersales.safety.incident.ack"]
        group = self.env.ref(TECHNICIAN_GROUP)
        for incident in self:
            if not (incident.lessons or "").strip():
                raise UserError(
                    self.env._(
                        "Incident %(incident)s: write the lessons learned before "
                        "sharing them.",
                        incident=incident.name,
                    )
                )
            technicians = (
                self.env["res.users"]
                .sudo()
                .search(
                    [
                        ("all_group_ids", "in", group.ids),
                        ("share", "=", False),
                        ("company_ids", "in", incident.company_id.ids),
                    ]
                )
            )
            new = technicians - incident.ack_ids.user_id
            Ack.sudo()._aftersales_create(
                [{"incident_id": incident.id, "user_id": user.id} for user in new]
            )
            incident.message_post(
                body=self.env._(
                    "Lessons of incident %(incident)s: %(lessons)s\n"
                    "Please read and acknowledge them (Safety Lessons).",
                    incident=incident.name,
                    lessons=incident.lessons,
                ),
                partner_ids=new.partner_id.ids,
                subtype_xmlid="mail.mt_note",
            )
        self._aftersales_write({"lessons_shared_at": fields.Datetime.now()})
        return True

    def action_close(self):
        """A manager approves closing: the cause found, every action verified,
        the authorities told when they must be."""
        if not self.env.user.has_group(MANAGER_GROUP):
            raise AccessError(self.env._("A manager approves closing an incident."))
        for incident in self:
            if incident.state != "investigating":
                raise UserError(
                    self.env._(
                        "Incident %(incident)s: only an incident under "
                        "investigation can be closed.",
                        incident=incident.name,
                    )
                )
            if not (incident.root_cause or "").strip():
                raise UserError(
                    self.env._(
                        "Incident %(incident)s: record the root cause found by "
                        "the investigation before closing.",
                        incident=incident.name,
                    )
                )
            open_actions = incident.action_ids.filtered(lambda a: a.state != "verified")
            if open_actions:
                raise UserError(
                    self.env._(
                        "Incident %(incident)s cannot be closed: these actions "
                        "are not verified yet: %(actions)s. Someone other than "
                        "each action's owner verifies it.",
                        incident=incident.name,
                        actions=", ".join(open_actions.mapped("name")),
                    )
                )
            if (
                incident.authority_report_required
                and not incident.authority_reported_at
            ):
                raise UserError(
                    self.env._(
                        "Incident %(incident)s must be reported to the "
                        "authorities: record the report first.",
                        incident=incident.name,
                    )
                )
        self._aftersales_write(
            {
                "state": "closed",
                "closed_at": fields.Datetime.now(),
                "closed_by_id": self.env.uid,
            }
        )
        return True


class AftersalesSafetyIncidentAck(models.Model):
    """One technician's acknowledgement of an incident's lessons."""

    _name = "aftersales.safety.incident.ack"
    _description = "Incident Lessons Acknowledgement"
    _inherit = ["aftersales.protected.mixin"]
    _order = "acknowledged_at desc, id desc"
    _rec_name = "incident_id"

    incident_id = fields.Many2one(
        comodel_name="aftersales.safety.incident",
        required=True,
        ondelete="cascade",
        index=True,
        readonly=True,
    )
    company_id = fields.Many2one(
        related="incident_id.company_id", store=True, index=True
    )
    user_id = fields.Many2one(
        comodel_name="res.users",
        string="Technician",
        required=True,
        index=True,
        readonly=True,
    )
    lessons = fields.Text(related="incident_id.lessons")
    category = fields.Selection(related="incident_id.category")
    acknowledged_at = fields.Datetime(readonly=True)

    _aftersales_ack_unique = models.Constraint(
        "UNIQUE(incident_id, user_id)",
        "A technician acknowledges an incident's lessons once.",
    )

    def _aftersales_protected_field_names(self):
        return super()._aftersales_protected_field_names() | {
            "incident_id",
            "user_id",
            "acknowledged_at",
        }

    def action_acknowledge(self):
        for ack in self:
            if ack.user_id != self.env.user:
                raise UserError(
                    self.env._(
                        "Only %(user)s acknowledges their own reading of these "
                        "lessons.",
                        user=ack.user_id.name,
                    )
                )
        self.filtered(lambda a: not a.acknowledged_at)._aftersales_write(
            {"acknowledged_at": fields.Datetime.now()}
        )
        return True
