from collections import defaultdict

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import is_html_empty

VISIT_STATES = [
    ("planned", "Planned"),
    ("travelling", "Travelling"),
    ("on_site", "On Site"),
    ("done", "Done"),
    ("cancelled", "Cancelled"),
]
# Written only by the visit's actions (dispatch, the steps, reschedule,
# cancel, the customer's signature) or by data files through
# _aftersales_write_history.
VISIT_PROTECTED = {
    # Frozen copies of the ticket (they decide who sees the visit and what
    # was signed): computed from the ticket, never written.
    "company_id",
    "team_id",
    "partner_id",
    "site_partner_id",
    "product_id",
    "lot_id",
    "coverage",
    "fault_level",
    "state",
    "departed_at",
    "check_in_at",
    "check_out_at",
    "check_in_latitude",
    "check_in_longitude",
    "work_started_at",
    "solution_at",
    "reschedule_count",
    "reschedule_reason",
    "cancel_reason",
    "signature",
    "signed_by",
}
# Who goes on which job: a technician reaches a ticket because a dispatcher
# sent them, so only dispatch changes these.
DISPATCH_FIELDS = ("ticket_id", "user_id", "helper_ids")
# When and who: a move goes through Reschedule (``_aftersales_reschedule``),
# which checks the technicians are free and certified at the new time, asks
# the reason and tells the customer. Set freely at creation (``create`` runs
# the dispatch checks), refused on a plain write (the dispatch board's drag,
# an RPC client, the form).
MOVE_FIELDS = ("planned_start", "planned_end", "user_id")
DISPATCHER_GROUP = "aftersales_service.group_aftersales_dispatcher"


class AftersalesVisit(models.Model):
    """One trip of technicians to the customer for a ticket, from dispatch to
    the customer's signature. Signed visits are immutable."""

    _name = "aftersales.visit"
    _description = "Service Visit"
    _inherit = ["mail.thread", "mail.activity.mixin", "aftersales.signed.mixin"]
    _order = "planned_start desc, id desc"
    _check_company_auto = True
    _aftersales_signed_report = "aftersales_service.action_report_service_visit"

    name = fields.Char(string="Number", readonly=True, copy=False, default="/")
    ticket_id = fields.Many2one(
        comodel_name="helpdesk.ticket",
        required=True,
        ondelete="restrict",
        index=True,
        check_company=True,
    )
    # Frozen copies of the ticket: they follow it until the customer signs,
    # then keep what was signed.
    company_id = fields.Many2one(
        comodel_name="res.company",
        compute="_compute_from_ticket",
        store=True,
        index=True,
        precompute=True,
    )
    team_id = fields.Many2one(
        comodel_name="helpdesk.ticket.team",
        compute="_compute_from_ticket",
        store=True,
        index=True,
        precompute=True,
    )
    partner_id = fields.Many2one(
        comodel_name="res.partner",
        string="Customer",
        compute="_compute_from_ticket",
        store=True,
        precompute=True,
    )
    site_partner_id = fields.Many2one(
        comodel_name="res.partner",
        string="Site",
        compute="_compute_from_ticket",
        store=True,
        precompute=True,
    )
    product_id = fields.Many2one(
        comodel_name="product.product",
        compute="_compute_from_ticket",
        store=True,
        precompute=True,
    )
    lot_id = fields.Many2one(
        comodel_name="stock.lot",
        string="Serial Number",
        compute="_compute_from_ticket",
        store=True,
        precompute=True,
    )
    coverage = fields.Selection(
        # The ticket's values, with their labels in the reader's language
        # (without a language, as when values are checked: no query).
        selection=lambda self: (
            self.env["helpdesk.ticket"]
            ._fields["aftersales_coverage"]
            ._description_selection(self.env)
            if self.env.lang
            else self.env["helpdesk.ticket"]._fields["aftersales_coverage"].selection
        ),
        compute="_compute_from_ticket",
        store=True,
        precompute=True,
    )
    fault_level = fields.Selection(
        # The ticket's values, with their labels in the reader's language
        # (without a language, as when values are checked: no query).
        selection=lambda self: (
            self.env["helpdesk.ticket"]
            ._fields["aftersales_fault_level"]
            ._description_selection(self.env)
            if self.env.lang
            else self.env["helpdesk.ticket"]._fields["aftersales_fault_level"].selection
        ),
        compute="_compute_from_ticket",
        store=True,
        precompute=True,
    )
    user_id = fields.Many2one(
        comodel_name="res.users",
        string="Lead Technician",
        required=True,
        tracking=True,
        index=True,
        domain="[('share', '=', False)]",
    )
    helper_ids = fields.Many2many(
        comodel_name="res.users",
        relation="aftersales_visit_helper_rel",
        string="Helpers",
        domain="[('share', '=', False)]",
    )
    planned_start = fields.Datetime(required=True, tracking=True, index=True)
    planned_end = fields.Datetime(required=True, tracking=True)
    state = fields.Selection(
        selection=VISIT_STATES,
        default="planned",
        required=True,
        tracking=True,
        readonly=True,
        copy=False,
        index=True,
    )
    departed_at = fields.Datetime(string="Departed", readonly=True, copy=False)
    check_in_at = fields.Datetime(string="Checked In", readonly=True, copy=False)
    check_out_at = fields.Datetime(string="Checked Out", readonly=True, copy=False)
    check_in_latitude = fields.Float(digits=(10, 7), copy=False)
    check_in_longitude = fields.Float(digits=(10, 7), copy=False)
    work_started_at = fields.Datetime(readonly=True, copy=False)
    solution_at = fields.Datetime(string="Solution Proposed", readonly=True, copy=False)
    time_spent = fields.Float(
        string="Hours on Site",
        compute="_compute_time_spent",
        store=True,
        help="From check-in to check-out.",
    )
    diagnosis = fields.Text()
    work_done = fields.Html(copy=False)
    test_result = fields.Selection(
        selection=[
            ("passed", "Passed"),
            ("failed", "Failed"),
            ("not_applicable", "Not Applicable"),
        ],
        string="Test Run",
        copy=False,
    )
    advice = fields.Text(
        string="Advice to the Customer",
        copy=False,
        help="How to use and care for the unit, as explained on site.",
    )
    follow_up_needed = fields.Boolean(copy=False)
    follow_up_note = fields.Text(copy=False)
    reschedule_count = fields.Integer(readonly=True, copy=False)
    reschedule_reason = fields.Char(
        string="Last Reschedule Reason", readonly=True, copy=False, tracking=True
    )
    cancel_reason = fields.Char(readonly=True, copy=False, tracking=True)
    signature = fields.Binary(
        string="Customer Signature", attachment=True, readonly=True, copy=False
    )
    signed_by = fields.Char(readonly=True, copy=False)
    signed_at = fields.Datetime(readonly=True, copy=False)
    signed_uid = fields.Many2one(
        comodel_name="res.users",
        string="Signature Taken By",
        readonly=True,
        copy=False,
    )
    correction_of_id = fields.Many2one(
        comodel_name="aftersales.visit",
        readonly=True,
        copy=False,
        help="A signed visit this one corrects; the signed one stays unchanged.",
    )
    is_mine = fields.Boolean(compute="_compute_is_mine")

    _name_unique = models.Constraint(
        "unique(name, company_id)", "A visit number must be unique per company."
    )

    def _aftersales_protected_field_names(self):
        return super()._aftersales_protected_field_names() | VISIT_PROTECTED

    @api.depends(
        "ticket_id.company_id",
        "ticket_id.team_id",
        "ticket_id.partner_id",
        "ticket_id.aftersales_site_partner_id",
        "ticket_id.aftersales_product_id",
        "ticket_id.aftersales_lot_id",
        "ticket_id.aftersales_coverage",
        "ticket_id.aftersales_fault_level",
    )
    def _compute_from_ticket(self):
        for visit in self._aftersales_unsigned():
            ticket = visit.ticket_id
            visit.company_id = ticket.company_id
            visit.team_id = ticket.team_id
            visit.partner_id = ticket.partner_id
            visit.site_partner_id = ticket.aftersales_site_partner_id
            visit.product_id = ticket.aftersales_product_id
            visit.lot_id = ticket.aftersales_lot_id
            visit.coverage = ticket.aftersales_coverage
            visit.fault_level = ticket.aftersales_fault_level

    @api.depends("check_in_at", "check_out_at")
    def _compute_time_spent(self):
        for visit in self:
            if visit.check_in_at and visit.check_out_at:
                seconds = (visit.check_out_at - visit.check_in_at).total_seconds()
                visit.time_spent = max(seconds, 0) / 3600
            else:
                visit.time_spent = 0.0

    @api.depends_context("uid")
    @api.depends("user_id", "helper_ids")
    def _compute_is_mine(self):
        for visit in self:
            visit.is_mine = self.env.user in visit.user_id | visit.helper_ids

    @api.constrains("planned_start", "planned_end")
    def _check_planned_times(self):
        for visit in self:
            if visit.planned_end <= visit.planned_start:
                raise ValidationError(
                    self.env._(
                        "Visit %(visit)s: the planned end must be after the "
                        "planned start.",
                        visit=visit.name,
                    )
                )

    @api.constrains("user_id", "helper_ids")
    def _check_lead_not_helper(self):
        for visit in self:
            if visit.user_id in visit.helper_ids:
                raise ValidationError(
                    self.env._(
                        "Visit %(visit)s: %(user)s is the lead technician; remove "
                        "them from the helpers.",
                        visit=visit.name,
                        user=visit.user_id.name,
                    )
                )

    # ------------------------------------------------------------------
    # CRUD: numbering, immutability once signed
    # ------------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        to_number = [
            vals
            for vals in vals_list
            if vals.get("ticket_id") and vals.get("name", "/") == "/"
        ]
        wanted = defaultdict(int)
        for vals in to_number:
            wanted[vals["ticket_id"]] += 1
        tickets = self.env["helpdesk.ticket"].sudo().browse(sorted(wanted))
        # The ticket's counter, never a count of its visits: a deleted
        # visit's number is not given again.
        following = {
            ticket.id: ticket._aftersales_take_visit_numbers(wanted[ticket.id])
            for ticket in tickets
        }
        for vals in to_number:
            ticket = tickets.browse(vals["ticket_id"])
            vals["name"] = f"{ticket.number or ticket.id}-V{following[ticket.id]}"
            following[ticket.id] += 1
        visits = super().create(vals_list)
        if not self._aftersales_is_authorized():
            # Created directly (not by the dispatch wizard, which checks the
            # same rules and records who waived what): the rules still hold.
            visits._aftersales_check_dispatch()
        # The lead technicians follow their visits: one subscription per
        # technician, not per visit.
        for user, user_visits in visits.grouped("user_id").items():
            if user:
                user_visits.message_subscribe(partner_ids=user.partner_id.ids)
        return visits

    def _aftersales_check_dispatch(self):
        """Refuse visits whose technicians the dispatch rules would not send."""
        # One search for all the visits' technicians, not one per visit.
        profiles = (
            self.env["aftersales.technician"]
            .sudo()
            .search(
                [
                    ("user_id", "in", (self.user_id | self.helper_ids).ids),
                    ("company_id", "in", [*self.company_id.ids, False]),
                ]
            )
        )
        for visit in self:
            lines = visit._aftersales_dispatch_lines(
                visit.user_id | visit.helper_ids,
                visit.planned_start,
                visit.planned_end,
                profiles=profiles,
            )
            if lines:
                raise UserError(
                    self.env._(
                        "Visit for %(ticket)s cannot be planned:\n%(lines)s\n"
                        "Dispatch it from the request (Dispatch), which shows "
                        "who can go.",
                        ticket=visit.ticket_id.display_name,
                        lines="\n".join(lines),
                    )
                )

    def _aftersales_dispatch_lines(
        self, users, start, end, profiles=None, waived=frozenset()
    ):
        """Why ``users`` may not go on this visit from ``start`` to ``end``
        (the dispatch rules: a technician of the company, not on another
        visit then, ``aftersales_safety``'s certificates), one line each."""
        self.ensure_one()
        if profiles is None:
            profiles = (
                self.env["aftersales.technician"]
                .sudo()
                .search(
                    [
                        ("user_id", "in", users.ids),
                        ("company_id", "in", [self.company_id.id, False]),
                    ]
                )
            )
        technicians = profiles.filtered(
            lambda t: (
                t.user_id in users
                and t.company_id in (self.company_id, t.company_id.browse())
            )
        )
        lines = [
            self.env._(
                "%(user)s: not a technician of %(company)s.",
                user=user.name,
                company=self.company_id.name,
            )
            for user in users - technicians.user_id
        ]
        return lines + technicians._aftersales_blocker_lines(
            self.ticket_id, start, end, visit=self, waived=waived
        )

    def write(self, vals):
        self._aftersales_check_dispatch_rights(vals)
        moved = [name for name in MOVE_FIELDS if name in vals]
        if moved and not self._aftersales_is_authorized():
            raise UserError(
                self.env._(
                    "Visit %(visit)s: %(fields)s cannot be changed directly. Use "
                    "Reschedule (or drag the visit on the Technician Board): it "
                    "checks the technicians are free and certified at the new "
                    "time, asks the reason and tells the customer.",
                    visit=self[:1].name,
                    fields=", ".join(
                        self._fields[name]._description_string(self.env)
                        for name in moved
                    ),
                )
            )
        return super().write(vals)

    def _aftersales_check_dispatch_rights(self, vals):
        changed = [name for name in DISPATCH_FIELDS if name in vals]
        if not changed or self.env.su or self.env.user.has_group(DISPATCHER_GROUP):
            return
        raise AccessError(
            self.env._(
                "Visit %(visit)s: only a dispatcher changes who goes on which job "
                "(%(fields)s). Ask the dispatcher to send or change technicians.",
                visit=self[:1].name,
                fields=", ".join(
                    self._fields[name]._description_string(self.env) for name in changed
                ),
            )
        )

    @api.ondelete(at_uninstall=False)
    def _unlink_except_started(self):
        started = self.filtered(lambda v: v.state not in ("planned", "cancelled"))
        if started:
            raise UserError(
                self.env._(
                    "Visit %(visit)s has started; cancel it instead of deleting it.",
                    visit=started[0].name,
                )
            )

    # ------------------------------------------------------------------
    # The visit, step by step
    # ------------------------------------------------------------------

    def _aftersales_require_state(self, states, action):
        for visit in self:
            if visit.state not in states:
                raise UserError(
                    self.env._(
                        "Visit %(visit)s is %(state)s; %(action)s is not possible now.",
                        visit=visit.name,
                        state=visit._aftersales_state_label(),
                        action=action,
                    )
                )

    def action_depart(self):
        self._aftersales_require_state(("planned",), self.env._("departing"))
        self._aftersales_write(
            {"state": "travelling", "departed_at": fields.Datetime.now()}
        )

    def action_check_in(self, latitude=None, longitude=None):
        self._aftersales_require_state(
            ("planned", "travelling"), self.env._("checking in")
        )
        now = fields.Datetime.now()
        vals = {"state": "on_site", "check_in_at": now}
        if latitude is not None and longitude is not None:
            vals.update(check_in_latitude=latitude, check_in_longitude=longitude)
        self._aftersales_write(vals)
        self.ticket_id._aftersales_reach("arrival", now)

    def action_start_work(self):
        self._aftersales_require_state(("on_site",), self.env._("starting work"))
        for visit in self:
            reasons = visit._aftersales_start_work_blockers()
            if reasons:
                raise UserError(
                    self.env._(
                        "Visit %(visit)s: work cannot start yet:\n%(reasons)s",
                        visit=visit.name,
                        reasons="\n".join(f"- {reason}" for reason in reasons),
                    )
                )
        self.filtered(lambda v: not v.work_started_at)._aftersales_write(
            {"work_started_at": fields.Datetime.now()}
        )

    def _aftersales_start_work_blockers(self):
        """Extension point: reasons work may not start (``aftersales_safety``:
        pre-job check, lockout/tagout)."""
        self.ensure_one()
        return []

    def action_propose_solution(self):
        self._aftersales_require_state(
            ("on_site",), self.env._("recording the solution")
        )
        now = fields.Datetime.now()
        self.filtered(lambda v: not v.solution_at)._aftersales_write(
            {"solution_at": now}
        )
        self.ticket_id._aftersales_reach("solution", now)

    def action_done(self):
        self._aftersales_require_state(("on_site",), self.env._("finishing"))
        for visit in self:
            reasons = visit._aftersales_done_blockers()
            if reasons:
                raise UserError(
                    self.env._(
                        "Visit %(visit)s cannot be finished yet:\n%(reasons)s",
                        visit=visit.name,
                        reasons="\n".join(f"- {reason}" for reason in reasons),
                    )
                )
        self.ticket_id._aftersales_check_quote()
        now = fields.Datetime.now()
        self._aftersales_write({"state": "done", "check_out_at": now})
        self.filtered(lambda v: not v.work_started_at)._aftersales_write(
            {"work_started_at": now}
        )

    def _aftersales_done_blockers(self):
        """Extension point: reasons the visit may not be finished yet
        (``aftersales_safety``: locks still on, open stop-work)."""
        self.ensure_one()
        missing = []
        if is_html_empty(self.work_done):
            missing.append(self.env._("Work Done"))
        if not self.test_result:
            missing.append(self.env._("Test Run"))
        if missing:
            return [
                self.env._(
                    "fill in %(fields)s on the report", fields=", ".join(missing)
                )
            ]
        return []

    def action_open_sign(self):
        self.ensure_one()
        self._aftersales_check_can_sign()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Customer Signature"),
            "res_model": "aftersales.visit.sign",
            "view_mode": "form",
            "target": "new",
            "context": {
                "default_visit_id": self.id,
                "default_signed_by": self.ticket_id.partner_id.name,
            },
        }

    def _aftersales_sign_blockers(self):
        """Extension point: reasons the customer may not sign yet
        (``aftersales_safety``: post-job check)."""
        self.ensure_one()
        if self.state != "done":
            return [
                self.env._(
                    "the work is not marked done (the customer signs after the "
                    "service, never before)"
                )
            ]
        return []

    def _aftersales_check_can_sign(self):
        for visit in self:
            reasons = visit._aftersales_sign_blockers()
            if reasons:
                raise UserError(
                    self.env._(
                        "Visit %(visit)s cannot be signed: %(reasons)s.",
                        visit=visit.name,
                        reasons="; ".join(reasons),
                    )
                )

    def _aftersales_sign_customer(self, signed_by, signature):
        """Record the customer's signature (name and drawn image): the visit
        is then frozen, chained and its service report stored and sent."""
        self.ensure_one()
        if not (signed_by or "").strip() or not signature:
            raise UserError(
                self.env._(
                    "Visit %(visit)s: the signature needs the signer's name and "
                    "the drawn signature.",
                    visit=self.name,
                )
            )
        self._aftersales_check_not_locked()
        self._aftersales_check_can_sign()
        # The image first: its attachment is made while the visit is open.
        self._aftersales_write({"signature": signature, "signed_by": signed_by.strip()})
        return self._aftersales_sign("accepted")

    def _aftersales_after_report_stored(self):
        """Send the stored, signed service report to the customer."""
        self.ensure_one()
        ticket_sudo = self.ticket_id.sudo()
        ticket_sudo.message_post(
            body=self.env._(
                "Service report of visit %(visit)s, signed by %(signer)s.",
                visit=self.name,
                signer=self.signed_by,
            ),
            attachment_ids=self.signed_report_id.ids,
            partner_ids=self.partner_id.ids,
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
        )

    def _aftersales_signed_report_name(self):
        return self.env._("Service report %(visit)s.pdf", visit=self.name)

    def _aftersales_chain_content(self):
        content = super()._aftersales_chain_content()

        def ids(records):
            return sorted(records.ids)

        content.update(
            name=self.name,
            ticket=self.ticket_id.id,
            team=self.team_id.id,
            partner=self.partner_id.id,
            site=self.site_partner_id.id,
            product=self.product_id.id,
            lot=self.lot_id.id,
            coverage=self.coverage or "",
            fault_level=self.fault_level or "",
            user=self.user_id.id,
            helpers=ids(self.helper_ids),
            planned=[str(self.planned_start), str(self.planned_end)],
            state=self.state,
            times=[
                str(value or "")
                for value in (
                    self.departed_at,
                    self.check_in_at,
                    self.work_started_at,
                    self.solution_at,
                    self.check_out_at,
                )
            ],
            position=[self.check_in_latitude, self.check_in_longitude],
            diagnosis=self.diagnosis or "",
            work_done=self.work_done or "",
            test_result=self.test_result or "",
            advice=self.advice or "",
            follow_up=[self.follow_up_needed, self.follow_up_note or ""],
            # The drawn signature is in the files (its file's checksum).
            signed_by=self.signed_by or "",
        )
        return content

    def _aftersales_correction_values(self):
        now = fields.Datetime.now()
        return {
            "ticket_id": self.ticket_id.id,
            "user_id": self.user_id.id,
            "helper_ids": [(6, 0, self.helper_ids.ids)],
            "planned_start": now,
            "planned_end": fields.Datetime.add(now, hours=1),
            "diagnosis": self.diagnosis,
        }

    def _aftersales_write_history(self, vals):
        """Write what happened on visits before this system recorded it (data
        files and migrations: demo history, the go-live takeover). Private, so
        no RPC client reaches it; never called by an action."""
        return self._aftersales_write(vals)

    def action_reschedule(self):
        self.ensure_one()
        self._aftersales_require_state(
            ("planned", "travelling"), self.env._("rescheduling")
        )
        return self._aftersales_wizard("reschedule")

    def action_cancel(self):
        self.ensure_one()
        self._aftersales_require_state(
            ("planned", "travelling", "on_site"), self.env._("cancelling")
        )
        return self._aftersales_wizard("cancel")

    def _aftersales_wizard(self, mode):
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Reschedule Visit")
            if mode == "reschedule"
            else self.env._("Cancel Visit"),
            "res_model": "aftersales.visit.reschedule",
            "view_mode": "form",
            "target": "new",
            "context": {"default_visit_id": self.id, "default_mode": mode},
        }

    def _aftersales_reschedule(self, start, end, reason, user=None):
        """Move the visit to ``start``-``end`` (and to another lead technician
        ``user``, a dispatcher's decision) once the dispatch rules allow it:
        nobody double-booked, certified, a technician of the company. After
        the agreed time a reason is required; the customer is told of a new
        time, with the reason."""
        self.ensure_one()
        self._aftersales_require_state(
            ("planned", "travelling"), self.env._("rescheduling")
        )
        user = user or self.user_id
        if user != self.user_id:
            self._aftersales_check_dispatch_rights({"user_id": user.id})
        if user in self.helper_ids:
            raise UserError(
                self.env._(
                    "Visit %(visit)s: %(user)s is a helper on this visit; remove "
                    "them from the helpers before making them the lead technician.",
                    visit=self.name,
                    user=user.name,
                )
            )
        if not (start and end) or end <= start:
            raise UserError(
                self.env._(
                    "Visit %(visit)s: the new end must be after the new start.",
                    visit=self.name,
                )
            )
        reason = (reason or "").strip()
        late = self.planned_start < fields.Datetime.now()
        if late and not reason:
            raise UserError(
                self.env._(
                    "Visit %(visit)s: the agreed time %(time)s has passed; give "
                    "the reason for rescheduling.",
                    visit=self.name,
                    time=self._aftersales_local(self.planned_start),
                )
            )
        lines = self._aftersales_dispatch_lines(
            user | self.helper_ids,
            start,
            end,
            waived=self._aftersales_move_waived(user),
        )
        if lines:
            raise UserError(
                self.env._(
                    "Visit %(visit)s cannot be moved there:\n%(lines)s\nChoose "
                    "someone else or another time.",
                    visit=self.name,
                    lines="\n".join(lines),
                )
            )
        new_time = (start, end) != (self.planned_start, self.planned_end)
        vals = {
            "planned_start": start,
            "planned_end": end,
            "state": "planned",
            "reschedule_count": self.reschedule_count + 1,
            "reschedule_reason": reason or False,
        }
        if user != self.user_id:
            vals["user_id"] = user.id
        self._aftersales_write(vals)
        if user not in self.message_partner_ids.user_ids:
            self.message_subscribe(partner_ids=user.partner_id.ids)
        if new_time:
            body = (
                self.env._(
                    "Our visit %(visit)s is moved to %(time)s. Reason: %(reason)s",
                    visit=self.name,
                    time=self._aftersales_local(start),
                    reason=reason,
                )
                if reason
                else self.env._(
                    "Our visit %(visit)s is moved to %(time)s.",
                    visit=self.name,
                    time=self._aftersales_local(start),
                )
            )
            self.ticket_id.message_post(
                body=body,
                partner_ids=self.ticket_id.partner_id.ids,
                message_type="comment",
                subtype_xmlid="mail.mt_comment",
            )

    def _aftersales_move_waived(self, user):
        """Extension point: kinds of dispatch blocker already waived for this
        visit and still valid for a move to ``user`` (``aftersales_safety``:
        the safety officer's override recorded at dispatch, for the same
        technicians)."""
        self.ensure_one()
        return frozenset()

    def action_board_move(self, start, end, user_id=False):
        """The Technician Board's drag: nothing is written here; the
        Reschedule wizard opens with the new time and technician, where the
        dispatcher gives the reason and the rules are checked."""
        self.ensure_one()
        self._aftersales_require_state(
            ("planned", "travelling"), self.env._("rescheduling")
        )
        user = self.env["res.users"].browse(user_id) if user_id else self.user_id
        wizard = self.env["aftersales.visit.reschedule"].create(
            {
                "visit_id": self.id,
                "mode": "reschedule",
                "planned_start": fields.Datetime.to_datetime(start),
                "planned_end": fields.Datetime.to_datetime(end),
                "user_id": user.id,
                "from_board": True,
            }
        )
        action = self._aftersales_wizard("reschedule")
        action.update(res_id=wizard.id, views=[[False, "form"]], context={})
        return action

    def _aftersales_cancel(self, reason):
        self.ensure_one()
        if not (reason or "").strip():
            raise UserError(
                self.env._(
                    "Visit %(visit)s: give the reason for cancelling.",
                    visit=self.name,
                )
            )
        self._aftersales_write({"state": "cancelled", "cancel_reason": reason.strip()})

    # ------------------------------------------------------------------
    # Helpers
    # ------------------------------------------------------------------

    def _aftersales_state_label(self):
        return dict(self._fields["state"]._description_selection(self.env))[self.state]

    def action_print_dispatch_order(self):
        return self.env.ref(
            "aftersales_service.action_report_dispatch_order"
        ).report_action(self)
