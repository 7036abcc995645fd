from bisect import bisect_left
from collections import defaultdict

from markupsafe import Markup

from odoo import SUPERUSER_ID, api, fields, models
from odoo.exceptions import UserError, ValidationError

from ..rules import complaint as complaint_rules
from ..rules import sla
from .aftersales_complaint import SEVERITIES

CHANNELS = [
    ("phone", "Phone"),
    ("email", "E-mail"),
    ("portal", "Portal"),
    ("callback", "Follow-up Call"),
    ("dealer", "Dealer"),
    ("other", "Other"),
]
PRIORITY_REASONS = [
    ("media", "Media Exposure"),
    ("lawsuit", "Lawsuit Risk"),
    ("management", "Management Attention"),
]
MANAGER_GROUP = "aftersales_service.group_aftersales_manager"
# Set by the routing action and the reminder cron only.
COMPLAINT_PROTECTED = frozenset(
    {
        "aftersales_complaint_route_id",
        "aftersales_complaint_department_id",
        "aftersales_complaint_owner_id",
        "aftersales_complaint_reminded_at",
        "aftersales_complaint_reminder_count",
    }
)
ROUTING_TRIGGERS = {"aftersales_complaint_category_id", "aftersales_request_type"}
PRIORITY_TRIGGERS = {
    "aftersales_complaint_priority_reason",
    "aftersales_request_type",
    "partner_id",
    "aftersales_lot_id",
    "aftersales_reported_at",
}


class HelpdeskTicket(models.Model):
    """Complaints (投诉): a service request of type complaint, with its
    channel, category, routing to a responsible department, reminders (催办)
    when overdue, priority cases, investigation and verified actions, and the
    responsibility and penalty recorded for the appraisal."""

    _inherit = "helpdesk.ticket"

    aftersales_complaint_channel = fields.Selection(
        selection=CHANNELS, string="Complaint Channel", tracking=True
    )
    aftersales_complaint_category_id = fields.Many2one(
        comodel_name="aftersales.complaint.category",
        string="Complaint Category",
        tracking=True,
        check_company=True,
    )
    aftersales_complaint_ticket_id = fields.Many2one(
        comodel_name="helpdesk.ticket",
        string="Request Complained About",
        check_company=True,
        index="btree_not_null",
    )
    aftersales_complaint_visit_id = fields.Many2one(
        comodel_name="aftersales.visit",
        string="Visit Complained About",
        check_company=True,
        index="btree_not_null",
    )
    aftersales_complaint_employee_id = fields.Many2one(
        comodel_name="hr.employee",
        string="Employee Complained About",
        check_company=True,
    )
    aftersales_complaint_dealer_id = fields.Many2one(
        comodel_name="res.partner", string="Dealer"
    )
    aftersales_production_date = fields.Date(string="Production Date")
    aftersales_batch = fields.Char(string="Batch Number")
    aftersales_complaint_route_id = fields.Many2one(
        comodel_name="aftersales.complaint.route",
        string="Routing Rule",
        readonly=True,
        copy=False,
    )
    aftersales_complaint_department_id = fields.Many2one(
        comodel_name="hr.department",
        string="Responsible Department",
        readonly=True,
        copy=False,
        tracking=True,
        index="btree_not_null",
    )
    aftersales_complaint_owner_id = fields.Many2one(
        comodel_name="res.users",
        string="Complaint Owner",
        readonly=True,
        copy=False,
        tracking=True,
    )
    aftersales_complaint_customer_origin = fields.Selection(
        selection=[
            (sla.ORIGIN_DOMESTIC, "Domestic"),
            (sla.ORIGIN_OVERSEAS, "Overseas"),
        ],
        string="Customer Origin",
        compute="_compute_aftersales_complaint_customer_origin",
    )
    # Priority cases
    aftersales_complaint_priority_reason = fields.Selection(
        selection=PRIORITY_REASONS,
        string="Priority Reason",
        tracking=True,
        help="Flag a case by hand: media exposure, lawsuit risk.",
    )
    aftersales_complaint_priority_note = fields.Char(string="Priority Note")
    aftersales_complaint_repeat = fields.Boolean(
        string="Repeat Complaint",
        compute="_compute_aftersales_complaint_repeat",
        store=True,
        help="The same customer or the same unit complained within the "
        "repeat complaint window.",
    )
    aftersales_complaint_priority = fields.Boolean(
        string="Priority Case",
        compute="_compute_aftersales_complaint_priority",
        store=True,
        index=True,
        tracking=True,
    )
    # Deadlines: reminders, reason for the delay, closed late (洽办)
    aftersales_complaint_overdue = fields.Boolean(
        string="Overdue",
        compute="_compute_aftersales_complaint_overdue",
        search="_search_aftersales_complaint_overdue",
    )
    aftersales_complaint_delay_reason = fields.Text(
        string="Reason for the Delay",
        tracking=True,
        help="Required to close a case that passed its deadline.",
    )
    aftersales_complaint_reminded_at = fields.Datetime(
        string="Last Reminder", readonly=True, copy=False
    )
    aftersales_complaint_reminder_count = fields.Integer(
        string="Reminders", readonly=True, copy=False
    )
    aftersales_complaint_closed_late = fields.Boolean(
        string="Closed Late",
        compute="_compute_aftersales_complaint_closed_late",
        store=True,
        index=True,
    )
    # Investigation and action
    aftersales_root_cause = fields.Text(string="Root Cause", tracking=True)
    aftersales_complaint_outcome = fields.Text(
        string="Outcome for the Customer",
        help="Sent to the customer when the complaint is closed.",
    )
    aftersales_action_ids = fields.One2many(
        comodel_name="aftersales.action",
        inverse_name="ticket_id",
        string="Corrective and Preventive Actions",
    )
    # Responsibility and penalty
    aftersales_complaint_severity = fields.Selection(
        selection=SEVERITIES, string="Severity", tracking=True
    )
    aftersales_service_responsible = fields.Boolean(
        string="Service Responsible",
        tracking=True,
        help="The service side was responsible (KPI: under 3 % of cases).",
    )
    aftersales_service_responsible_count = fields.Integer(
        string="Service Responsible (count)",
        compute="_compute_aftersales_service_responsible_count",
        store=True,
        aggregator="sum",
    )
    aftersales_responsible_employee_id = fields.Many2one(
        comodel_name="hr.employee",
        string="Responsible Employee",
        tracking=True,
        check_company=True,
    )
    aftersales_responsible_department_id = fields.Many2one(
        comodel_name="hr.department",
        string="Responsible Unit",
        compute="_compute_aftersales_responsible_department_id",
        store=True,
        readonly=False,
        tracking=True,
    )
    aftersales_complaint_penalty_id = fields.Many2one(
        comodel_name="aftersales.complaint.penalty",
        string="Penalty",
        compute="_compute_aftersales_complaint_penalty_id",
        store=True,
        readonly=False,
        tracking=True,
        check_company=True,
    )
    aftersales_penalty_points = fields.Float(
        string="Penalty Points",
        compute="_compute_aftersales_penalty",
        store=True,
        readonly=False,
        aggregator="sum",
    )
    aftersales_penalty_amount = fields.Monetary(
        string="Penalty Amount",
        compute="_compute_aftersales_penalty",
        store=True,
        readonly=False,
        aggregator="sum",
        currency_field="aftersales_currency_id",
    )

    # ------------------------------------------------------------------
    # Computes
    # ------------------------------------------------------------------

    @api.depends("partner_id.commercial_partner_id.country_id", "company_id")
    def _compute_aftersales_complaint_customer_origin(self):
        for ticket in self:
            ticket.aftersales_complaint_customer_origin = (
                ticket._aftersales_customer_origin()
            )

    @api.depends(
        "aftersales_request_type",
        "commercial_partner_id",
        "aftersales_lot_id",
        "aftersales_reported_at",
        "company_id.aftersales_complaint_repeat_days",
    )
    def _compute_aftersales_complaint_repeat(self):
        complaints = self.filtered(
            lambda t: (
                t.aftersales_request_type == "complaint"
                and t.aftersales_reported_at
                and (t.commercial_partner_id or t.aftersales_lot_id)
            )
        )
        (self - complaints).aftersales_complaint_repeat = False
        if not complaints:
            return
        # Every complaint of these customers and units, whoever may read them.
        others = self.sudo().search_fetch(
            [
                ("aftersales_request_type", "=", "complaint"),
                "|",
                ("commercial_partner_id", "in", complaints.commercial_partner_id.ids),
                ("aftersales_lot_id", "in", complaints.aftersales_lot_id.ids),
            ],
            ["commercial_partner_id", "aftersales_lot_id", "aftersales_reported_at"],
        )
        by_partner, by_lot = defaultdict(list), defaultdict(list)
        for other in others:
            row = (other.aftersales_reported_at, other.id)
            if other.commercial_partner_id:
                by_partner[other.commercial_partner_id.id].append(row)
            if other.aftersales_lot_id:
                by_lot[other.aftersales_lot_id.id].append(row)
        for rows in (*by_partner.values(), *by_lot.values()):
            rows.sort()
        for ticket in complaints:
            # The latest complaint before this one, of the customer and of the
            # unit (reported earlier, or at the same time and recorded first).
            key = (ticket.aftersales_reported_at, ticket._origin.id or float("inf"))
            earlier = [
                rows[index - 1][0]
                for rows in (
                    by_partner.get(ticket.commercial_partner_id.id, []),
                    by_lot.get(ticket.aftersales_lot_id.id, []),
                )
                if (index := bisect_left(rows, key))
            ]
            ticket.aftersales_complaint_repeat = complaint_rules.is_repeat(
                ticket.aftersales_reported_at,
                earlier,
                ticket.company_id.aftersales_complaint_repeat_days,
            )

    @api.depends(
        "aftersales_request_type",
        "aftersales_complaint_priority_reason",
        "aftersales_complaint_repeat",
    )
    def _compute_aftersales_complaint_priority(self):
        for ticket in self:
            ticket.aftersales_complaint_priority = ticket.aftersales_request_type == (
                "complaint"
            ) and bool(
                ticket.aftersales_complaint_priority_reason
                or ticket.aftersales_complaint_repeat
            )

    @api.depends("aftersales_deadline_ids.deadline", "aftersales_deadline_ids.state")
    def _compute_aftersales_complaint_overdue(self):
        now = fields.Datetime.now()
        for ticket in self:
            ticket.aftersales_complaint_overdue = ticket._aftersales_is_overdue(now)

    def _aftersales_is_overdue(self, now):
        self.ensure_one()
        return any(
            line.state == sla.STATE_BREACHED
            or (line.state == sla.STATE_RUNNING and line.deadline < now)
            for line in self.aftersales_deadline_ids
        )

    def _search_aftersales_complaint_overdue(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            return NotImplemented
        domain = [
            (
                "aftersales_deadline_ids",
                "any",
                [
                    "|",
                    ("state", "=", sla.STATE_BREACHED),
                    "&",
                    ("state", "=", sla.STATE_RUNNING),
                    ("deadline", "<", fields.Datetime.now()),
                ],
            )
        ]
        return domain if (operator == "=") == value else ["!", *domain]

    @api.depends("stage_id.closed", "aftersales_deadline_ids.state")
    def _compute_aftersales_complaint_closed_late(self):
        for ticket in self:
            ticket.aftersales_complaint_closed_late = (
                ticket.aftersales_request_type == "complaint"
                and ticket.stage_id.closed
                and sla.STATE_BREACHED in ticket.aftersales_deadline_ids.mapped("state")
            )

    @api.depends("aftersales_service_responsible")
    def _compute_aftersales_service_responsible_count(self):
        for ticket in self:
            ticket.aftersales_service_responsible_count = int(
                ticket.aftersales_service_responsible
            )

    @api.depends("aftersales_responsible_employee_id")
    def _compute_aftersales_responsible_department_id(self):
        for ticket in self.filtered("aftersales_responsible_employee_id"):
            ticket.aftersales_responsible_department_id = (
                ticket.aftersales_responsible_employee_id.department_id
            )

    @api.depends("aftersales_complaint_category_id", "aftersales_complaint_severity")
    def _compute_aftersales_complaint_penalty_id(self):
        Penalty = self.env["aftersales.complaint.penalty"]

        def key(ticket):
            return (
                ticket.aftersales_complaint_category_id,
                ticket.aftersales_complaint_severity,
                ticket.company_id,
            )

        complaints = self.filtered(lambda t: t.aftersales_request_type == "complaint")
        found = Penalty._aftersales_find_many([key(t) for t in complaints])
        for ticket in self:
            ticket.aftersales_complaint_penalty_id = (
                found[key(ticket)] if ticket in complaints else Penalty
            )

    @api.depends("aftersales_complaint_penalty_id")
    def _compute_aftersales_penalty(self):
        for ticket in self:
            penalty = ticket.aftersales_complaint_penalty_id
            ticket.aftersales_penalty_points = penalty.points
            # The amount's currency field (company_id.currency_id), read
            # here for the whole batch: Odoo's flush rounds the amount with
            # it, and would compute it record by record otherwise.
            currency = ticket.aftersales_currency_id
            ticket.aftersales_penalty_amount = (
                penalty.currency_id._convert(
                    penalty.amount,
                    currency,
                    ticket.company_id,
                    fields.Date.context_today(ticket),
                )
                if penalty
                else 0.0
            )

    @api.constrains(
        "aftersales_complaint_priority_reason", "aftersales_complaint_priority_note"
    )
    def _check_aftersales_complaint_priority_note(self):
        for ticket in self:
            if (
                ticket.aftersales_complaint_priority_reason
                and not (ticket.aftersales_complaint_priority_note or "").strip()
            ):
                raise ValidationError(
                    self.env._(
                        "Complaint %(ticket)s: a priority case flagged by hand needs "
                        "a Priority Note (what the media or lawsuit risk is).",
                        ticket=ticket.number or ticket.name,
                    )
                )

    @api.constrains("aftersales_penalty_points", "aftersales_penalty_amount")
    def _check_aftersales_penalty(self):
        for ticket in self:
            if (
                ticket.aftersales_penalty_points < 0
                or ticket.aftersales_penalty_amount < 0
            ):
                raise ValidationError(
                    self.env._(
                        "Complaint %(ticket)s: penalty points and amounts cannot "
                        "be negative.",
                        ticket=ticket.number or ticket.name,
                    )
                )

    # ------------------------------------------------------------------
    # Create / write: routing, priority, closing
    # ------------------------------------------------------------------

    def _aftersales_protected_field_names(self):
        return super()._aftersales_protected_field_names() | COMPLAINT_PROTECTED

    @api.model_create_multi
    def create(self, vals_list):
        tickets = super().create(vals_list)
        complaints = tickets.filtered(
            lambda t: t.aftersales_request_type == "complaint"
        )
        complaints.filtered(
            "aftersales_complaint_category_id"
        )._aftersales_complaint_route()
        complaints.filtered(
            "aftersales_complaint_priority"
        )._aftersales_priority_raised()
        return tickets

    def write(self, vals):
        closing = self.browse()
        if vals.get("stage_id"):
            stage = self.env["helpdesk.ticket.stage"].browse(vals["stage_id"])
            if stage.closed:
                closing = self.filtered(
                    lambda t: (
                        t.aftersales_request_type == "complaint"
                        and not t.stage_id.closed
                    )
                )
                closing._aftersales_complaint_check_close(stage, vals)
        was_priority = set()
        if PRIORITY_TRIGGERS & set(vals):
            was_priority = set(self.filtered("aftersales_complaint_priority").ids)
        result = super().write(vals)
        complaints = self.filtered(lambda t: t.aftersales_request_type == "complaint")
        if ROUTING_TRIGGERS & set(vals):
            complaints.filtered(
                "aftersales_complaint_category_id"
            )._aftersales_complaint_route()
        if PRIORITY_TRIGGERS & set(vals):
            complaints.filtered(
                lambda t: t.aftersales_complaint_priority and t.id not in was_priority
            )._aftersales_priority_raised()
        closing.filtered(
            lambda t: t.stage_id.closed and not t.stage_id.aftersales_unsolved
        )._aftersales_complaint_tell_outcome()
        return result

    def _aftersales_complaint_check_close(self, stage, vals):
        now = fields.Datetime.now()
        problems = []
        for ticket in self:
            reason = vals.get(
                "aftersales_complaint_delay_reason",
                ticket.aftersales_complaint_delay_reason,
            )
            blockers = complaint_rules.close_blockers(
                ticket._aftersales_is_overdue(now),
                reason or None,
                ticket.aftersales_action_ids.mapped("state"),
                solved=not stage.aftersales_unsolved,
            )
            name = ticket.number or ticket.name
            for blocker in blockers:
                if blocker == complaint_rules.BLOCK_DELAY_REASON:
                    problems.append(
                        self.env._(
                            "%(ticket)s is overdue: record the Reason for the Delay "
                            "before closing it.",
                            ticket=name,
                        )
                    )
                elif blocker == complaint_rules.BLOCK_ACTION_OPEN:
                    problems.append(
                        self.env._(
                            "%(ticket)s has open corrective or preventive actions: "
                            "their owners mark them done first.",
                            ticket=name,
                        )
                    )
                else:
                    problems.append(
                        self.env._(
                            "%(ticket)s has actions not yet verified: someone other "
                            "than each action's owner verifies it first.",
                            ticket=name,
                        )
                    )
        if problems:
            raise UserError("\n".join(problems))

    def _aftersales_complaint_route(self):
        """Apply the routing rule of each complaint's category: responsible
        department and owner (who then follow the case)."""
        Route = self.env["aftersales.complaint.route"]
        found = Route._aftersales_find_many(
            [(t.aftersales_complaint_category_id, t.company_id) for t in self]
        )
        groups = {}
        for ticket in self:
            route = found[(ticket.aftersales_complaint_category_id, ticket.company_id)]
            owner = route.user_id or route.department_id.manager_id.user_id
            groups.setdefault((route, owner), self.browse())
            groups[(route, owner)] |= ticket
        # One write and one subscription per rule and owner, not per ticket.
        for (route, owner), tickets in groups.items():
            tickets.sudo()._aftersales_write(
                {
                    "aftersales_complaint_route_id": route.id,
                    "aftersales_complaint_department_id": route.department_id.id,
                    "aftersales_complaint_owner_id": owner.id,
                }
            )
            if owner:
                tickets.sudo().message_subscribe(partner_ids=owner.partner_id.ids)

    def action_aftersales_complaint_route(self):
        """Route again (after the routing rules changed)."""
        self.check_access("write")
        complaints = self.filtered(lambda t: t.aftersales_request_type == "complaint")
        without = complaints.filtered(lambda t: not t.aftersales_complaint_category_id)
        if without:
            raise UserError(
                self.env._(
                    "Complaint %(ticket)s has no category: choose the Complaint "
                    "Category, then route it.",
                    ticket=without[0].number or without[0].name,
                )
            )
        complaints._aftersales_complaint_route()

    def _aftersales_priority_users(self):
        """The service manager of the case: the team's, else the company's
        After-Sales managers."""
        self.ensure_one()
        user = self.team_id._aftersales_escalation_user() if self.team_id else None
        if user:
            return user
        return (
            self.env["res.users"]
            .sudo()
            .search(
                [
                    ("group_ids", "in", self.env.ref(MANAGER_GROUP).id),
                    ("company_ids", "in", self.company_id.id),
                    ("share", "=", False),
                    ("id", "!=", SUPERUSER_ID),
                ]
            )
        )

    def _aftersales_priority_raised(self):
        """A complaint became a priority case: it sorts first and the service
        manager gets a to-do at once."""
        if not self:
            return
        self.sudo().write({"priority": "3"})
        activity_type = self.env.ref("mail.mail_activity_data_todo")
        model_id = self.env["ir.model"]._get_id("helpdesk.ticket")
        activities = []
        for ticket in self:
            summary = self.env._(
                "Priority complaint %(ticket)s: %(why)s",
                ticket=ticket.number or ticket.name,
                why=ticket._aftersales_priority_why(),
            )
            activities += [
                {
                    "res_model_id": model_id,
                    "res_id": ticket.id,
                    "activity_type_id": activity_type.id,
                    "user_id": user.id,
                    "summary": summary[:250],
                    "date_deadline": fields.Date.context_today(self),
                }
                for user in ticket._aftersales_priority_users()
            ]
        self.env["mail.activity"]._aftersales_create_quietly(activities)

    def _aftersales_priority_why(self):
        self.ensure_one()
        if self.aftersales_complaint_priority_reason:
            label = dict(
                self._fields[
                    "aftersales_complaint_priority_reason"
                ]._description_selection(self.env)
            )[self.aftersales_complaint_priority_reason]
            return f"{label} ({self.aftersales_complaint_priority_note or ''})"
        return self.env._(
            "repeat complaint within %(days)s days",
            days=self.company_id.aftersales_complaint_repeat_days,
        )

    def _aftersales_complaint_tell_outcome(self):
        template = self.env.ref(
            "aftersales_service.mail_template_complaint_outcome",
            raise_if_not_found=False,
        )
        if not template:
            return
        for ticket in self.filtered("partner_id"):
            ticket.message_post_with_source(
                template,
                message_type="comment",
                subtype_xmlid="mail.mt_comment",
                partner_ids=ticket.partner_id.ids,
            )

    # ------------------------------------------------------------------
    # Reminder (催办) cron
    # ------------------------------------------------------------------

    @api.model
    def _cron_aftersales_complaint_reminders(self, batch_size=None):
        now = fields.Datetime.now()
        jobs = [
            (
                self._aftersales_reminder_domain(now, company),
                lambda tickets: tickets._aftersales_remind(now),
            )
            for company in self.env["res.company"].sudo().search([])
        ]
        return self.env["ir.cron"]._aftersales_run_jobs(self, jobs, batch_size).ids

    @api.model
    def _aftersales_reminder_domain(self, now, company):
        cutoff = complaint_rules.reminder_cutoff(
            now, company.aftersales_complaint_reminder_hours
        )
        return [
            ("company_id", "=", company.id),
            ("aftersales_request_type", "=", "complaint"),
            ("stage_id.closed", "=", False),
            (
                "aftersales_deadline_ids",
                "any",
                [
                    ("reached_at", "=", False),
                    ("state", "in", [sla.STATE_RUNNING, sla.STATE_BREACHED]),
                    ("deadline", "<", now),
                ],
            ),
            "|",
            ("aftersales_complaint_reminded_at", "=", False),
            ("aftersales_complaint_reminded_at", "<=", cutoff),
        ]

    def _aftersales_reminder_user(self):
        """The responsible department's manager; else the complaint's owner;
        else the team's service manager."""
        self.ensure_one()
        return (
            self.aftersales_complaint_department_id.manager_id.user_id
            or self.aftersales_complaint_owner_id
            or (self.team_id and self.team_id._aftersales_escalation_user())
            or self.env["res.users"]
        )

    def _aftersales_remind(self, now):
        """One reminder (催办) per case: a to-do for the responsible
        department's manager and a note in the chatter; the case is not
        reminded again before the interval."""
        activity_type = self.env.ref(
            "aftersales_service.mail_activity_complaint_reminder"
        )
        model_id = self.env["ir.model"]._get_id("helpdesk.ticket")
        activities, notes = [], {}
        by_count = defaultdict(list)
        for ticket in self:
            count = ticket.aftersales_complaint_reminder_count + 1
            by_count[count].append(ticket.id)
            summary = self.env._(
                "Reminder %(count)s: complaint %(ticket)s is overdue. Handle it "
                "and record the reason for the delay.",
                count=count,
                ticket=ticket.number or ticket.name,
            )
            user = ticket._aftersales_reminder_user()
            if user:
                activities.append(
                    {
                        "res_model_id": model_id,
                        "res_id": ticket.id,
                        "activity_type_id": activity_type.id,
                        "user_id": user.id,
                        "summary": summary[:250],
                        "date_deadline": fields.Date.context_today(self),
                    }
                )
            notes[ticket.id] = Markup("<p>%s</p>") % summary
        self.env["mail.activity"]._aftersales_create_quietly(activities)
        self.env["helpdesk.ticket"].browse(list(notes))._message_log_batch(notes)
        for count, ids in by_count.items():
            self.browse(ids).sudo()._aftersales_write(
                {
                    "aftersales_complaint_reminded_at": now,
                    "aftersales_complaint_reminder_count": count,
                }
            )

    def action_aftersales_print_complaint(self):
        return self.env.ref(
            "aftersales_service.action_report_complaint_form"
        ).report_action(self)
