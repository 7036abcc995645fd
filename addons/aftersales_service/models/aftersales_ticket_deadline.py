from collections import defaultdict
from datetime import datetime, time

from markupsafe import Markup

from odoo import api, fields, models

from ..rules import china_calendar, sla
from .aftersales_sla_target import DEADLINE_KINDS
from .helpdesk_ticket_deadline import EVENT_FIELDS

STATES = [
    (sla.STATE_WAITING, "Waiting"),
    (sla.STATE_RUNNING, "Running"),
    (sla.STATE_MET, "Met"),
    (sla.STATE_BREACHED, "Breached"),
    ("cancelled", "Cancelled"),
]


class AftersalesTicketDeadline(models.Model):
    """One deadline of one ticket: first response, arrival, solution or
    resolution. Computed here from the ticket's policy (``_aftersales_sync``)
    and settled when the ticket records the event (``_aftersales_settle``);
    the cron warns and escalates; users read it. When the event happened is
    the ticket's (``aftersales_responded_at`` ...): Reached is computed from
    it, never written."""

    _name = "aftersales.ticket.deadline"
    _description = "Ticket Deadline"
    _order = "deadline, id"
    _rec_name = "kind"
    _check_company_auto = True

    # The company is the ticket's (related): no company check needed on it.
    ticket_id = fields.Many2one(
        comodel_name="helpdesk.ticket",
        required=True,
        ondelete="cascade",
        index=True,
    )
    company_id = fields.Many2one(related="ticket_id.company_id", store=True, index=True)
    user_id = fields.Many2one(related="ticket_id.user_id", string="Assigned To")
    team_id = fields.Many2one(related="ticket_id.team_id", check_company=False)
    policy_id = fields.Many2one(
        comodel_name="aftersales.sla.policy", readonly=True, check_company=True
    )
    kind = fields.Selection(selection=DEADLINE_KINDS, required=True, readonly=True)
    target_hours = fields.Float(readonly=True)
    target_days = fields.Integer(readonly=True)
    working_hours = fields.Boolean(readonly=True)
    start_at = fields.Datetime(string="Counted From", readonly=True)
    deadline = fields.Datetime(readonly=True, index=True)
    reached_at = fields.Datetime(
        string="Reached",
        compute="_compute_reached_at",
        store=True,
        readonly=True,
    )
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

    @api.depends("kind", *(f"ticket_id.{name}" for name in EVENT_FIELDS.values()))
    def _compute_reached_at(self):
        for line in self:
            line.reached_at = line.kind and line.ticket_id[EVENT_FIELDS[line.kind]]

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
    # Policy and deadlines of tickets
    # ------------------------------------------------------------------

    @api.model
    def _aftersales_sync(self, tickets):
        """Choose each open ticket's policy and (re)compute its deadlines.

        A deadline already reached is never recomputed; one whose clock has
        not started (arrival-based, before arrival) waits without a date.
        Creates, deletes and updates are batched: one create, one delete,
        and one write per distinct set of values."""
        tickets = tickets.sudo().filtered(lambda t: not t.closed)
        if not tickets:
            return
        policies = (
            self.env["aftersales.sla.policy"]
            .sudo()
            .search([("company_id", "in", [*tickets.company_id.ids, False])])
        )
        criteria = dict(zip(policies, policies._aftersales_criteria(), strict=True))
        by_company = {}  # the policies that apply in each company
        now = fields.Datetime.now()
        planned = {}  # (calendar, target, start): deadline, same for many tickets
        to_create, to_unlink = [], self.browse()
        to_write = defaultdict(lambda: self.browse())
        by_policy = defaultdict(tickets.browse)
        for ticket in tickets:
            company = ticket.company_id
            backlog = ticket._aftersales_in_backlog()
            if backlog == "none":
                # Taken over at go-live: no deadlines (the cut-over setting).
                continue
            if company not in by_company:
                by_company[company] = [
                    criteria[policy]
                    for policy in policies
                    if policy.company_id in (company, policy.company_id.browse())
                ]
            policy = policies.browse(
                sla.choose_policy(by_company[company], ticket._aftersales_sla_request())
            )
            if ticket.aftersales_sla_policy_id != policy:
                by_policy[policy] |= ticket
            calendar = ticket._aftersales_calendar()
            existing = {line.kind: line for line in ticket.aftersales_deadline_ids}
            targets = {target.kind: target for target in policy.target_ids}
            for kind, line in existing.items():
                if kind not in targets and not line.reached_at:
                    to_unlink |= line
            for kind, target in targets.items():
                line = existing.get(kind)
                if line and (line.reached_at or line.state == "cancelled"):
                    continue
                vals = self._aftersales_values(ticket, target, calendar, now, planned)
                if line:
                    del vals["ticket_id"]
                    to_write[tuple(sorted(vals.items()))] |= line
                elif vals["deadline"] and not (
                    backlog == "not_due" and vals["deadline"] <= now
                ):
                    # A target counted from arrival gets its line when the
                    # technician checks in (the policy lists it until then);
                    # the backlog keeps only the deadlines not yet due.
                    to_create.append(vals)
        for policy, changed in by_policy.items():
            changed.aftersales_sla_policy_id = policy
        to_unlink.unlink()
        for vals, lines in to_write.items():
            lines.write(dict(vals))
        self.create(to_create)

    @api.model
    def _aftersales_values(self, ticket, target, calendar, now, planned):
        """A deadline line's values for ``ticket`` under ``target``;
        ``planned`` keeps the deadlines already planned in this sync."""
        start = (
            ticket.aftersales_reported_at
            if target.start_from == sla.FROM_REQUEST
            else ticket.aftersales_arrived_at
        )
        deadline = False
        if start:
            key = (calendar.id, target.id, start)
            if key not in planned:
                planned[key] = self._aftersales_plan(target, start, calendar)
            deadline = planned[key]
        # Running even when already past: the cron marks the breach and
        # escalates it, once. An event the ticket already recorded settles
        # it at once.
        reached = ticket[EVENT_FIELDS[target.kind]]
        return {
            "ticket_id": ticket.id,
            "policy_id": target.policy_id.id,
            "kind": target.kind,
            "target_hours": target.hours if target.unit == "hours" else 0.0,
            "target_days": target.days if target.unit == "days" else 0,
            "working_hours": target.working_hours,
            "start_at": start or False,
            "deadline": deadline,
            "state": sla.deadline_state(deadline or None, reached, now)
            if reached
            else (sla.STATE_RUNNING if deadline else sla.STATE_WAITING),
            "warned_at": False,
        }

    @api.model
    def _aftersales_plan(self, target, start, calendar):
        """The deadline of ``target`` counted from ``start``: on the calendar
        (working or calendar hours or days, in its time zone); without any
        calendar, clock hours or calendar days in UTC."""
        if target.unit == "days":
            if calendar:
                return calendar._aftersales_plan_days(
                    start, target.days, working=target.working_hours
                )
            last = china_calendar.calendar_days_deadline(start, target.days)
            return datetime.combine(last, time(23, 59, 59))
        if target.working_hours and calendar:
            return calendar.plan_hours(target.hours, start, compute_leaves=True)
        return sla.clock_deadline(start, target.hours)

    @api.model
    def _aftersales_settle(self, tickets, kind):
        """``tickets`` just recorded the event of ``kind`` (Reached follows
        from it): their open deadlines of that kind become met or breached;
        an arrival starts the deadlines counted from it."""
        now = fields.Datetime.now()
        by_state = defaultdict(lambda: self.browse())
        for line in tickets.sudo().aftersales_deadline_ids:
            if line.kind == kind and line.state != "cancelled":
                state = sla.deadline_state(
                    line.deadline or None, line.reached_at or None, now
                )
                by_state[state] |= line
        for state, lines in by_state.items():
            lines.write({"state": state})
        if kind == sla.KIND_ARRIVAL:
            self._aftersales_sync(tickets)

    # ------------------------------------------------------------------
    # Cron: warn before, escalate at breach. Batches of lines, commit per
    # batch; a batch that fails is retried line by line, and a line that
    # still fails is logged and skipped for the rest of the run.
    # ------------------------------------------------------------------

    @api.model
    def _cron_aftersales_deadlines(self, batch_size=None):
        now = fields.Datetime.now()
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
        return (
            self.env["ir.cron"]
            ._aftersales_run_jobs(
                self,
                [
                    (domain, lambda lines, method=method: getattr(lines, method)(now))
                    for method, domain in jobs
                ],
                batch_size,
            )
            .ids
        )

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
