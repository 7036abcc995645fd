from markupsafe import Markup

from odoo import api, fields, models

from ..rules import sla
from .aftersales_sla_target import DEADLINE_KINDS

STATES = [
    (sla.STATE_WAITING, "Waiting"),
    (sla.STATE_RUNNING, "Running"),
    (sla.STATE_MET, "Met"),
    (sla.STATE_BREACHED, "Breached"),
    ("cancelled", "Cancelled"),
]


class AftersalesTicketDeadline(models.Model):
    """One deadline of one ticket: first response, arrival, solution or
    resolution. Written by the ticket (policy, events) and by the cron; users
    read it."""

    _name = "aftersales.ticket.deadline"
    _description = "Ticket Deadline"
    _order = "deadline, id"
    _rec_name = "kind"
    _check_company_auto = True

    ticket_id = fields.Many2one(
        comodel_name="helpdesk.ticket",
        required=True,
        ondelete="cascade",
        index=True,
        check_company=True,
    )
    company_id = fields.Many2one(related="ticket_id.company_id", store=True, index=True)
    user_id = fields.Many2one(related="ticket_id.user_id", string="Assigned To")
    team_id = fields.Many2one(related="ticket_id.team_id")
    policy_id = fields.Many2one(
        comodel_name="aftersales.sla.policy", readonly=True, check_company=True
    )
    kind = fields.Selection(selection=DEADLINE_KINDS, required=True, readonly=True)
    target_hours = fields.Float(readonly=True)
    target_days = fields.Integer(readonly=True)
    working_hours = fields.Boolean(readonly=True)
    start_at = fields.Datetime(string="Counted From", readonly=True)
    deadline = fields.Datetime(readonly=True, index=True)
    reached_at = fields.Datetime(string="Reached", readonly=True)
    state = fields.Selection(
        selection=STATES,
        default=sla.STATE_WAITING,
        required=True,
        readonly=True,
        index=True,
    )
    hours_left = fields.Float(
        compute="_compute_hours_left",
        help="Hours until the deadline; negative when overdue.",
    )
    warned_at = fields.Datetime(readonly=True, copy=False)
    escalated_at = fields.Datetime(readonly=True, copy=False)

    _aftersales_kind_unique = models.Constraint(
        "UNIQUE(ticket_id, kind)",
        "A ticket has one deadline of each kind.",
    )

    @api.depends("deadline", "reached_at", "state")
    def _compute_hours_left(self):
        now = fields.Datetime.now()
        for line in self:
            left = (
                sla.hours_left(line.deadline, now)
                if line.state in (sla.STATE_RUNNING, sla.STATE_BREACHED)
                and not line.reached_at
                else None
            )
            line.hours_left = left or 0.0

    def _aftersales_state(self, now):
        self.ensure_one()
        if self.state == "cancelled":
            return "cancelled"
        return sla.deadline_state(self.deadline or None, self.reached_at or None, now)

    # ------------------------------------------------------------------
    # Cron: warn before, escalate at breach. Batches of lines, commit per
    # batch; a batch that fails is retried line by line, and a line that
    # still fails is logged and skipped for the rest of the run.
    # ------------------------------------------------------------------

    @api.model
    def _cron_aftersales_deadlines(self, batch_size=None):
        batch_size = batch_size or int(
            self.env["ir.config_parameter"]
            .sudo()
            .get_param("aftersales_service.deadline_cron_batch", 500)
        )
        now = fields.Datetime.now()
        cron = self.env["ir.cron"]
        jobs = [("_aftersales_escalate", self._aftersales_breach_domain(now))]
        companies = [
            company
            for [company] in self._read_group(
                [("state", "=", sla.STATE_RUNNING), ("warned_at", "=", False)],
                groupby=["company_id"],
            )
        ]
        for company in companies:
            jobs.append(
                ("_aftersales_warn", self._aftersales_warning_domain(now, company))
            )
        cron._commit_progress(
            remaining=sum(self.search_count(domain) for _m, domain in jobs)
        )
        failed = self.browse()
        for method, domain in jobs:
            job_failed, complete = cron._aftersales_run_batches(
                self,
                domain,
                lambda lines, method=method: getattr(lines, method)(now),
                batch_size,
            )
            failed |= job_failed
            if not complete:
                break
        return failed.ids

    @api.model
    def _aftersales_breach_domain(self, now):
        return [("state", "=", sla.STATE_RUNNING), ("deadline", "<", now)]

    @api.model
    def _aftersales_warning_domain(self, now, company):
        start, end = sla.warning_window(now, company.aftersales_sla_warning_hours)
        return [
            ("company_id", "=", company.id),
            ("state", "=", sla.STATE_RUNNING),
            ("warned_at", "=", False),
            ("deadline", ">=", start),
            ("deadline", "<=", end),
        ]

    def _aftersales_warn(self, now):
        warning_type = self.env.ref("mail.mail_activity_data_warning")
        activities, notes = [], {}
        model_id = self.env["ir.model"]._get_id("helpdesk.ticket")
        for line in self:
            ticket = line.ticket_id
            users = ticket.user_id | ticket.team_id.aftersales_dispatcher_id
            summary = line._aftersales_message("warning")
            for user in users:
                activities.append(
                    line._aftersales_activity_values(
                        model_id, warning_type, user, summary
                    )
                )
            notes[ticket.id] = (
                notes.get(ticket.id, Markup()) + Markup("<p>%s</p>") % summary
            )
        self.env["mail.activity"]._aftersales_create_quietly(activities)
        self.env["helpdesk.ticket"].browse(list(notes))._message_log_batch(notes)
        self.write({"warned_at": now})

    def _aftersales_escalate(self, now):
        warning_type = self.env.ref("mail.mail_activity_data_warning")
        activities, notes = [], {}
        model_id = self.env["ir.model"]._get_id("helpdesk.ticket")
        for line in self:
            ticket = line.ticket_id
            summary = line._aftersales_message("breach")
            manager = ticket.team_id._aftersales_escalation_user()
            if manager:
                activities.append(
                    line._aftersales_activity_values(
                        model_id, warning_type, manager, summary
                    )
                )
            notes[ticket.id] = (
                notes.get(ticket.id, Markup()) + Markup("<p>%s</p>") % summary
            )
        self.env["mail.activity"]._aftersales_create_quietly(activities)
        self.env["helpdesk.ticket"].browse(list(notes))._message_log_batch(notes)
        self.write({"state": sla.STATE_BREACHED, "escalated_at": now})

    def _aftersales_activity_values(self, model_id, activity_type, user, summary):
        return {
            "res_model_id": model_id,
            "res_id": self.ticket_id.id,
            "activity_type_id": activity_type.id,
            "user_id": user.id,
            "summary": summary[:250],
            "date_deadline": fields.Date.context_today(self),
        }

    def _aftersales_kind_label(self):
        return dict(self._fields["kind"]._description_selection(self.env))[self.kind]

    def _aftersales_message(self, what):
        self.ensure_one()
        ticket = self.ticket_id
        values = {
            "ticket": ticket.number or ticket.name,
            "kind": self._aftersales_kind_label(),
            "deadline": fields.Datetime.to_string(
                fields.Datetime.context_timestamp(ticket, self.deadline)
            )[:16],
        }
        if what == "warning":
            return self.env._(
                "%(ticket)s: %(kind)s deadline at %(deadline)s is near.", **values
            )
        return self.env._(
            "%(ticket)s: %(kind)s deadline of %(deadline)s breached; escalated "
            "to the service manager.",
            **values,
        )
