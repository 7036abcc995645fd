from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

OFFICER_GROUP = "aftersales_safety.group_aftersales_safety_officer"
MANAGER_GROUP = "aftersales_service.group_aftersales_manager"

HAZARD_LEVELS = [("general", "General Hazard"), ("major", "Major Hazard")]
HAZARD_STATES = [
    ("reported", "Reported"),
    ("rectifying", "Rectifying"),
    ("to_verify", "To Verify"),
    ("closed", "Closed"),
    ("cancelled", "Cancelled"),
]
# A hazard in these states keeps its equipment or tool out of use.
OPEN_STATES = ("reported", "rectifying", "to_verify")
# What a major hazard's rectification plan must say (重大事故隐患治理方案).
MAJOR_PLAN_FIELDS = (
    "plan_objective",
    "plan_measures",
    "plan_funds",
    "owner_id",
    "date_deadline",
    "plan_interim_measures",
)
# Who reported it, where it came from, and what the actions decided.
HAZARD_PROTECTED = frozenset(
    {
        "state",
        "reported_by",
        "reported_on",
        "res_model",
        "res_id",
        "plan_approved_by_id",
        "plan_approved_at",
        "rectified_by_id",
        "rectified_at",
        "verified_by_id",
        "verified_at",
        "escalation_level",
        "escalated_at",
        "cancelled_by_id",
        "cancelled_at",
    }
)


class AftersalesSafetyHazard(models.Model):
    """A hazard (隐患) anyone reports: a place, equipment or a tool, photos,
    a level. It is rectified (整改) by its owner against a deadline (a major
    hazard only once its rectification plan is complete and approved),
    verified (复查) by someone who did not rectify it, and closed by that
    verification, which is signed and chained. Its equipment or tool is out of
    use while it is open.

    Other code raises hazards in one step with ``_aftersales_report``."""

    _name = "aftersales.safety.hazard"
    _description = "Hazard"
    _inherit = [
        "mail.thread",
        "mail.activity.mixin",
        "aftersales.signed.mixin",
    ]
    _order = "reported_on desc, id desc"
    _check_company_auto = True
    _rec_names_search = ["name", "place", "description"]

    name = fields.Char(
        string="Number", required=True, readonly=True, copy=False, default="/"
    )
    company_id = fields.Many2one(
        comodel_name="res.company",
        required=True,
        default=lambda self: self.env.company,
        index=True,
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    reported_by = fields.Many2one(
        comodel_name="res.users",
        default=lambda self: self.env.user,
        readonly=True,
        index=True,
    )
    reported_on = fields.Datetime(default=fields.Datetime.now, readonly=True)
    res_model = fields.Char(
        string="Raised From Model", readonly=True, index="btree_not_null"
    )
    res_id = fields.Many2oneReference(
        string="Raised From Record", model_field="res_model", readonly=True
    )
    source = fields.Reference(
        selection="_selection_source",
        string="Raised From",
        compute="_compute_source",
        help="The failed checklist item or inspection item that raised it.",
    )
    place = fields.Char(help="Where the hazard is: site, room, vehicle, store.")
    partner_id = fields.Many2one(
        comodel_name="res.partner",
        string="Site / Customer",
        index="btree_not_null",
        check_company=True,
    )
    equipment_id = fields.Many2one(
        comodel_name="maintenance.equipment",
        string="Equipment or Tool",
        index="btree_not_null",
        check_company=True,
        help="Out of use while this hazard is open.",
    )
    description = fields.Text(required=True)
    photo_ids = fields.Many2many(
        comodel_name="ir.attachment",
        relation="aftersales_safety_hazard_photo_rel",
        string="Photos",
    )
    level = fields.Selection(
        selection=HAZARD_LEVELS,
        required=True,
        default="general",
        tracking=True,
        help="Major hazard (重大隐患): cannot be rectified without a complete, "
        "approved rectification plan.",
    )
    state = fields.Selection(
        selection=HAZARD_STATES,
        default="reported",
        required=True,
        readonly=True,
        tracking=True,
        index=True,
        copy=False,
    )
    is_open = fields.Boolean(compute="_compute_is_open", search="_search_is_open")
    # Rectification (整改): for every hazard an owner and a deadline; a major
    # hazard's plan says also what, how, with what money, and what to do
    # meanwhile.
    owner_id = fields.Many2one(
        comodel_name="res.users",
        string="Rectification Owner",
        domain="[('share', '=', False)]",
        tracking=True,
    )
    date_deadline = fields.Date(string="Rectification Deadline", tracking=True)
    plan_objective = fields.Text(string="Objective")
    plan_measures = fields.Text(string="Measures")
    plan_funds = fields.Monetary(
        string="Funds", currency_field="currency_id", tracking=True
    )
    plan_interim_measures = fields.Text(
        string="Interim Emergency Measures",
        help="What keeps people safe until the hazard is removed.",
    )
    plan_approved_by_id = fields.Many2one(
        comodel_name="res.users", readonly=True, copy=False
    )
    plan_approved_at = fields.Datetime(readonly=True, copy=False)
    action_ids = fields.One2many(
        comodel_name="aftersales.action",
        inverse_name="res_id",
        domain=[("res_model", "=", "aftersales.safety.hazard")],
        string="Corrective Actions",
        context={"default_res_model": "aftersales.safety.hazard"},
        # Every employee who sees the hazard reads its actions (record rule);
        # only technicians and up work them.
        groups="base.group_user",
    )
    rectification_note = fields.Text(string="What Was Done")
    rectified_by_id = fields.Many2one(
        comodel_name="res.users", readonly=True, copy=False
    )
    rectified_at = fields.Datetime(readonly=True, copy=False)
    # Verification (复查): by someone else; it closes the hazard.
    verification_note = fields.Text(string="Verification")
    verified_by_id = fields.Many2one(
        comodel_name="res.users", readonly=True, copy=False
    )
    verified_at = fields.Datetime(readonly=True, copy=False)
    cancel_reason = fields.Text()
    cancelled_by_id = fields.Many2one(
        comodel_name="res.users", readonly=True, copy=False
    )
    cancelled_at = fields.Datetime(
        readonly=True,
        copy=False,
        help="When it was cancelled: until then it counts as open (KPI).",
    )
    overdue = fields.Boolean(compute="_compute_overdue", search="_search_overdue")
    escalation_level = fields.Selection(
        selection=[
            ("none", "Not Escalated"),
            ("officer", "Safety Officer"),
            ("manager", "Manager"),
        ],
        default="none",
        required=True,
        readonly=True,
        copy=False,
        tracking=True,
    )
    escalated_at = fields.Datetime(readonly=True, copy=False)

    _name_company_unique = models.Constraint(
        "unique(name, company_id)",
        "A hazard number must be unique per company.",
    )
    _plan_funds_positive = models.Constraint(
        "CHECK(plan_funds IS NULL OR plan_funds >= 0)",
        "The funds of a rectification plan cannot be negative.",
    )

    # ------------------------------------------------------------------
    # Computes
    # ------------------------------------------------------------------

    @api.model
    def _selection_source(self):
        return [
            (model.model, model.name)
            for model in self.env["ir.model"].sudo().search([("transient", "=", False)])
        ]

    @api.depends("res_model", "res_id")
    def _compute_source(self):
        for hazard in self:
            hazard.source = (
                f"{hazard.res_model},{hazard.res_id}"
                if hazard.res_model and hazard.res_id
                else False
            )

    @api.depends("state")
    def _compute_is_open(self):
        for hazard in self:
            hazard.is_open = hazard.state in OPEN_STATES

    def _search_is_open(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            return NotImplemented
        positive = (operator == "=") == value
        return [("state", "in" if positive else "not in", list(OPEN_STATES))]

    @api.depends("state", "date_deadline")
    def _compute_overdue(self):
        today = fields.Date.context_today(self)
        for hazard in self:
            hazard.overdue = bool(
                hazard.state in OPEN_STATES
                and hazard.date_deadline
                and hazard.date_deadline < today
            )

    def _search_overdue(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            return NotImplemented
        domain = [
            ("state", "in", list(OPEN_STATES)),
            ("date_deadline", "<", fields.Date.context_today(self)),
        ]
        return domain if (operator == "=") == value else ["!", *domain]

    # ------------------------------------------------------------------
    # Create, write, protection
    # ------------------------------------------------------------------

    def _aftersales_protected_field_names(self):
        return super()._aftersales_protected_field_names() | HAZARD_PROTECTED

    @api.model_create_multi
    def create(self, vals_list):
        Sequence = self.env["ir.sequence"].sudo()
        for vals in vals_list:
            if not (vals.get("description") or "").strip():
                raise UserError(
                    self.env._(
                        "Reporting a hazard needs a description: say what is "
                        "unsafe and where."
                    )
                )
            if vals.get("name", "/") == "/":
                company = self.env["res.company"].browse(
                    vals.get("company_id") or self.env.company.id
                )
                vals["name"] = (
                    Sequence.with_company(company).next_by_code(
                        "aftersales.safety.hazard"
                    )
                    or "/"
                )
        hazards = super().create(vals_list)
        hazards._aftersales_link_photos()
        hazards._aftersales_notify_officer()
        return hazards

    def _aftersales_link_photos(self):
        """Photos uploaded with the report belong to the hazard (its access)."""
        for hazard in self:
            loose = hazard.photo_ids.sudo().filtered(
                lambda a: not a.res_id and a.res_model in (False, self._name)
            )
            loose.write({"res_model": self._name, "res_id": hazard.id})

    def write(self, vals):
        if "level" in vals:
            moved = self.filtered(
                lambda h: h.state != "reported" and h.level != vals["level"]
            )
            if moved:
                raise UserError(
                    self.env._(
                        "%(hazard)s: the level is decided before rectification "
                        "starts; a hazard being rectified or closed keeps its "
                        "level. Report a new hazard if it turns out worse.",
                        hazard=moved[0].display_name,
                    )
                )
        if "equipment_id" in vals or "company_id" in vals:
            moved = self.filtered(lambda h: h.state != "reported")
            if moved and not self._aftersales_is_authorized():
                raise UserError(
                    self.env._(
                        "%(hazard)s: its equipment and company are fixed once "
                        "rectification started.",
                        hazard=moved[0].display_name,
                    )
                )
        result = super().write(vals)
        if "photo_ids" in vals:
            self._aftersales_link_photos()
        return result

    @api.ondelete(at_uninstall=False)
    def _unlink_never(self):
        raise UserError(
            self.env._(
                "A hazard is a safety record: cancel it (with the reason), "
                "never delete it."
            )
        )

    @api.constrains("level", "state", *MAJOR_PLAN_FIELDS)
    def _check_major_plan(self):
        for hazard in self:
            if hazard.level == "major" and hazard.state in (
                "rectifying",
                "to_verify",
                "closed",
            ):
                missing = hazard._aftersales_missing_plan()
                if missing:
                    raise ValidationError(
                        self.env._(
                            "%(hazard)s is a major hazard: its rectification "
                            "plan needs %(fields)s.",
                            hazard=hazard.display_name,
                            fields=", ".join(missing),
                        )
                    )

    def _aftersales_missing_plan(self):
        """Labels of the plan fields still empty (all for a major hazard;
        owner and deadline for a general one)."""
        self.ensure_one()
        names = (
            MAJOR_PLAN_FIELDS
            if self.level == "major"
            else ("owner_id", "date_deadline")
        )
        missing = []
        for name in names:
            value = self[name]
            if isinstance(value, str):
                value = value.strip()
            if not value:
                missing.append(self._fields[name]._description_string(self.env))
        return missing

    # ------------------------------------------------------------------
    # Raising a hazard in one step
    # ------------------------------------------------------------------

    @api.model
    def _aftersales_report(self, vals_list):
        """Raise hazards in one step, from code: a failed checklist item, a
        failed inspection item, the portal. Each dict holds the hazard's
        values; ``res_model``/``res_id`` name the record that raised it
        (the source, protected: set only here). The reporter is the current
        user. Returns the hazards created (in state Reported)."""
        allowed = {
            "res_model",
            "res_id",
            "company_id",
            "place",
            "partner_id",
            "equipment_id",
            "description",
            "photo_ids",
            "level",
            "owner_id",
            "date_deadline",
        }
        for vals in vals_list:
            unknown = set(vals) - allowed
            if unknown:
                raise UserError(
                    self.env._(
                        "A hazard cannot be reported with %(fields)s: those are "
                        "set by its rectification and verification.",
                        fields=", ".join(sorted(unknown)),
                    )
                )
        return self._aftersales_create(
            [
                dict(vals, reported_by=self.env.uid, reported_on=fields.Datetime.now())
                for vals in vals_list
            ]
        )

    def _aftersales_notify_officer(self):
        """The safety officer of the hazard's company gets a to-do on it."""
        activities = []
        todo = self.env.ref("mail.mail_activity_data_todo")
        model_id = self.env["ir.model"]._get_id(self._name)
        for hazard in self:
            officer = hazard.company_id.aftersales_safety_officer_id
            if not officer:
                continue
            activities.append(
                {
                    "res_model_id": model_id,
                    "res_id": hazard.id,
                    "activity_type_id": todo.id,
                    "user_id": officer.id,
                    "summary": self.env._(
                        "Hazard reported: assess it (%(level)s)",
                        level=dict(
                            self._fields["level"]._description_selection(self.env)
                        )[hazard.level],
                    ),
                    "note": hazard.description,
                    "date_deadline": fields.Date.context_today(hazard),
                }
            )
        if activities:
            self.env["mail.activity"]._aftersales_create_quietly(activities)

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------

    def _aftersales_require_group(self, group, message):
        if not self.env.user.has_group(group):
            raise AccessError(message)

    def _aftersales_require_state(self, states, message):
        for hazard in self:
            if hazard.state not in states:
                raise UserError(message % {"hazard": hazard.display_name})

    def action_start_rectification(self):
        """Reported → Rectifying: the owner and deadline are set (a safety
        officer starts it); a major hazard's plan is complete, and an
        after-sales manager approves it by this action."""
        self._aftersales_require_state(
            ("reported",),
            self.env._("%(hazard)s: only a reported hazard starts rectification."),
        )
        if any(h.level == "major" for h in self):
            self._aftersales_require_group(
                MANAGER_GROUP,
                self.env._(
                    "A major hazard's rectification plan is approved by an "
                    "after-sales manager: ask a manager to start it."
                ),
            )
        else:
            self._aftersales_require_group(
                OFFICER_GROUP,
                self.env._(
                    "Only a safety officer starts the rectification of a hazard."
                ),
            )
        for hazard in self:
            missing = hazard._aftersales_missing_plan()
            if missing:
                raise UserError(
                    self.env._(
                        "%(hazard)s (%(level)s) cannot be rectified yet: fill in "
                        "%(fields)s first.",
                        hazard=hazard.display_name,
                        level=dict(
                            self._fields["level"]._description_selection(self.env)
                        )[hazard.level],
                        fields=", ".join(missing),
                    )
                )
        now = fields.Datetime.now()
        for hazard in self:
            vals = {"state": "rectifying"}
            if hazard.level == "major":
                vals.update(plan_approved_by_id=self.env.uid, plan_approved_at=now)
            hazard._aftersales_write(vals)
            hazard._aftersales_schedule(
                hazard.owner_id,
                self.env._("Rectify hazard %(hazard)s", hazard=hazard.name),
                hazard.date_deadline,
            )
        return True

    def action_rectified(self):
        """Rectifying → To Verify: the owner (or a safety officer) says what
        was done; the one who did it is recorded (the fixer)."""
        self._aftersales_require_state(
            ("rectifying",),
            self.env._("%(hazard)s: only a hazard being rectified can be done."),
        )
        officer = self.env.user.has_group(OFFICER_GROUP)
        for hazard in self:
            if hazard.owner_id != self.env.user and not officer:
                raise AccessError(
                    self.env._(
                        "%(hazard)s is rectified by its owner %(owner)s or a "
                        "safety officer.",
                        hazard=hazard.display_name,
                        owner=hazard.owner_id.name,
                    )
                )
            if not (hazard.rectification_note or "").strip():
                raise UserError(
                    self.env._(
                        "%(hazard)s: write what was done (What Was Done) before "
                        "handing it over for verification.",
                        hazard=hazard.display_name,
                    )
                )
        self._aftersales_write(
            {
                "state": "to_verify",
                "rectified_by_id": self.env.uid,
                "rectified_at": fields.Datetime.now(),
            }
        )
        self.sudo().activity_unlink(["mail.mail_activity_data_todo"])
        for hazard in self:
            officer_user = hazard.company_id.aftersales_safety_officer_id
            if officer_user and officer_user != self.env.user:
                hazard._aftersales_schedule(
                    officer_user,
                    self.env._("Verify hazard %(hazard)s", hazard=hazard.name),
                    fields.Date.context_today(hazard),
                )
        return True

    def _aftersales_check_verifier(self):
        """The one who verifies is not the one who fixed nor the owner."""
        user = self.env.user
        for hazard in self:
            if user in (hazard.rectified_by_id | hazard.owner_id):
                raise UserError(
                    self.env._(
                        "%(hazard)s: you rectified it or own its rectification, "
                        "so you cannot verify it. Someone else verifies a "
                        "rectification (复查).",
                        hazard=hazard.display_name,
                    )
                )

    def action_verify(self):
        """To Verify → Closed: a safety officer other than the fixer and the
        owner checks the rectification worked, every corrective action is
        verified; the verification is signed (and chained)."""
        self._aftersales_require_group(
            OFFICER_GROUP,
            self.env._("Only a safety officer verifies a hazard's rectification."),
        )
        self._aftersales_require_state(
            ("to_verify",),
            self.env._(
                "%(hazard)s: only a rectified hazard is verified; it closes "
                "by its verification."
            ),
        )
        self._aftersales_check_verifier()
        for hazard in self:
            if not (hazard.verification_note or "").strip():
                raise UserError(
                    self.env._(
                        "%(hazard)s: write the verification (what you checked "
                        "on site) before closing.",
                        hazard=hazard.display_name,
                    )
                )
            pending = hazard.sudo().action_ids.filtered(lambda a: a.state != "verified")
            if pending:
                raise UserError(
                    self.env._(
                        "%(hazard)s cannot close: corrective action %(action)s "
                        "is not verified yet.",
                        hazard=hazard.display_name,
                        action=pending[0].name,
                    )
                )
        self.sudo().activity_unlink(["mail.mail_activity_data_todo"])
        now = fields.Datetime.now()
        self._aftersales_sign(
            meaning="verified",
            values={
                "state": "closed",
                "verified_by_id": self.env.uid,
                "verified_at": now,
            },
        )
        return True

    def action_reject(self):
        """To Verify → Rectifying: the verification found it not fixed."""
        self._aftersales_require_group(
            OFFICER_GROUP,
            self.env._("Only a safety officer verifies a hazard's rectification."),
        )
        self._aftersales_require_state(
            ("to_verify",),
            self.env._("%(hazard)s: only a rectified hazard can be sent back."),
        )
        self._aftersales_check_verifier()
        for hazard in self:
            if not (hazard.verification_note or "").strip():
                raise UserError(
                    self.env._(
                        "%(hazard)s: write in Verification what is still wrong "
                        "before sending it back.",
                        hazard=hazard.display_name,
                    )
                )
        self._aftersales_write(
            {"state": "rectifying", "rectified_by_id": False, "rectified_at": False}
        )
        for hazard in self:
            hazard.message_post(
                body=self.env._(
                    "Verification failed, back to rectification: %(note)s",
                    note=hazard.verification_note,
                )
            )
        return True

    def action_cancel(self):
        """A duplicate or a report that is no hazard: cancelled by a safety
        officer with the reason (never deleted)."""
        self._aftersales_require_group(
            OFFICER_GROUP, self.env._("Only a safety officer cancels a hazard.")
        )
        self._aftersales_require_state(
            ("reported", "rectifying"),
            self.env._("%(hazard)s: a hazard being verified or closed stays."),
        )
        for hazard in self:
            if not (hazard.cancel_reason or "").strip():
                raise UserError(
                    self.env._(
                        "%(hazard)s: write the reason (Cancel Reason) first.",
                        hazard=hazard.display_name,
                    )
                )
        self._aftersales_write(
            {
                "state": "cancelled",
                "cancelled_by_id": self.env.uid,
                "cancelled_at": fields.Datetime.now(),
            }
        )
        self.sudo().activity_unlink(["mail.mail_activity_data_todo"])
        return True

    def _aftersales_schedule(self, user, summary, deadline):
        self.ensure_one()
        if not user:
            return
        self.env["mail.activity"]._aftersales_create_quietly(
            [
                {
                    "res_model_id": self.env["ir.model"]._get_id(self._name),
                    "res_id": self.id,
                    "activity_type_id": self.env.ref("mail.mail_activity_data_todo").id,
                    "user_id": user.id,
                    "summary": summary,
                    "date_deadline": deadline or fields.Date.context_today(self),
                }
            ]
        )

    # ------------------------------------------------------------------
    # Escalation of overdue hazards
    # ------------------------------------------------------------------

    @api.model
    def _aftersales_managers(self, company):
        """The after-sales managers of ``company`` (real users)."""
        group = self.env.ref(MANAGER_GROUP)
        return group.sudo().all_user_ids.filtered(
            lambda u: (
                not u.share
                and u.active
                and company in u.company_ids
                and u.id != self.env.ref("base.user_root").id
            )
        )

    def _aftersales_escalate(self):
        """One escalation step for each overdue hazard: to the safety officer
        first; when still overdue ``aftersales_hazard_escalation_days`` after
        that, to the managers."""
        now = fields.Datetime.now()
        today = fields.Date.context_today(self)
        todo = self.env.ref("mail.mail_activity_data_todo")
        model_id = self.env["ir.model"]._get_id(self._name)
        activities = []
        to_officer = self.browse()
        to_manager = self.browse()
        managers = {}
        for hazard in self:
            days = hazard.company_id.aftersales_hazard_escalation_days
            if hazard.escalation_level == "none":
                to_officer |= hazard
                users = hazard.company_id.aftersales_safety_officer_id
                summary = self.env._(
                    "Hazard %(hazard)s is overdue: rectification was due %(date)s",
                    hazard=hazard.name,
                    date=hazard.date_deadline,
                )
            elif (
                hazard.escalation_level == "officer"
                and hazard.escalated_at
                and hazard.escalated_at + timedelta(days=days) <= now
            ):
                to_manager |= hazard
                if hazard.company_id not in managers:
                    managers[hazard.company_id] = self._aftersales_managers(
                        hazard.company_id
                    )
                users = managers[hazard.company_id]
                summary = self.env._(
                    "Hazard %(hazard)s still overdue after the safety officer "
                    "was told: rectification was due %(date)s",
                    hazard=hazard.name,
                    date=hazard.date_deadline,
                )
            else:
                continue
            activities.extend(
                {
                    "res_model_id": model_id,
                    "res_id": hazard.id,
                    "activity_type_id": todo.id,
                    "user_id": user.id,
                    "summary": summary,
                    "date_deadline": today,
                }
                for user in users
            )
        if to_officer:
            to_officer._aftersales_write(
                {"escalation_level": "officer", "escalated_at": now}
            )
        if to_manager:
            to_manager._aftersales_write(
                {"escalation_level": "manager", "escalated_at": now}
            )
        if activities:
            self.env["mail.activity"]._aftersales_create_quietly(activities)

    @api.model
    def _cron_aftersales_escalate(self, batch_size=500):
        """Daily: overdue hazards go up one step (officer, then manager),
        company by company (each its own wait before the manager)."""
        now = fields.Datetime.now()
        Hazard = self.sudo()
        companies = Hazard.search([("overdue", "=", True)]).company_id
        for company in companies:
            cutoff = now - timedelta(days=company.aftersales_hazard_escalation_days)
            # A step takes the hazard out: "none" becomes "officer" (escalated
            # now, after the cutoff) and "officer" becomes "manager".
            domain = [
                ("company_id", "=", company.id),
                ("overdue", "=", True),
                "|",
                ("escalation_level", "=", "none"),
                "&",
                ("escalation_level", "=", "officer"),
                ("escalated_at", "<=", cutoff),
            ]
            self.env["ir.cron"]._aftersales_run_batches(
                Hazard,
                domain,
                lambda hazards: hazards._aftersales_escalate(),
                batch_size,
                order="id",
                total=Hazard.search_count(domain),
            )


class ResCompany(models.Model):
    _inherit = "res.company"

    aftersales_hazard_escalation_days = fields.Integer(
        string="Hazard Escalation to the Manager",
        default=3,
        help="Days an overdue hazard waits after the safety officer was told "
        "before the after-sales managers are told.",
    )


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    aftersales_hazard_escalation_days = fields.Integer(
        related="company_id.aftersales_hazard_escalation_days", readonly=False
    )
