import logging
from datetime import date, datetime, time, timedelta

from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import is_html_empty

from ..rules import callback as callback_rule
from ..rules import satisfaction

_logger = logging.getLogger(__name__)

KINDS = [
    ("service", "After Service"),
    ("delivery", "After Delivery"),
    ("site", "Rating at Signature"),
    ("key_visit", "Key Customer Visit"),
]
STATES = [
    ("planned", "To Call"),
    ("done", "Done"),
    ("unreachable", "Unreachable"),
    ("cancelled", "Cancelled"),
]
CHANNELS = [
    ("phone", "Phone Call"),
    ("device", "Technician's Device"),
    ("link", "Rating Link"),
    ("visit", "Customer Visit"),
]
YES_NO = [("yes", "Yes"), ("no", "No")]
SCORES = [(str(score), str(score)) for score in range(1, 11)]

# The outcome: written only by the actions that record it (the outcome
# wizard, the technician's rating step, the customer's rating link).
CALLBACK_PROTECTED = frozenset(
    {
        "state",
        "try_count",
        "channel",
        "reached",
        "done_at",
        "done_uid",
        "satisfaction",
        "explained_care",
        "right_first_time",
        "comment",
        "complaint_ticket_id",
        "survey_user_input_id",
        "report_due_date",
        "report_done_at",
    }
)


class AftersalesCallback(models.Model):
    """A follow-up call (回访): planned after a request is solved, after a
    unit is delivered, or yearly for a key customer; its outcome is recorded
    even when all is well."""

    _name = "aftersales.callback"
    _description = "Follow-up Call"
    _inherit = ["mail.thread", "mail.activity.mixin", "aftersales.protected.mixin"]
    _order = "state_sequence, next_call_at, id desc"
    _check_company_auto = True

    company_id = fields.Many2one(
        comodel_name="res.company",
        required=True,
        index=True,
        default=lambda self: self.env.company,
    )
    kind = fields.Selection(
        selection=KINDS,
        string="Call-back Type",
        required=True,
        default="service",
        tracking=True,
    )
    state = fields.Selection(
        selection=STATES,
        string="Status",
        default="planned",
        required=True,
        tracking=True,
        index=True,
    )
    state_sequence = fields.Integer(compute="_compute_state_sequence", store=True)
    partner_id = fields.Many2one(
        comodel_name="res.partner",
        string="Customer",
        required=True,
        index=True,
        tracking=True,
    )
    partner_phone = fields.Char(related="partner_id.phone", string="Phone")
    partner_email = fields.Char(related="partner_id.email", string="Email")
    ticket_id = fields.Many2one(
        comodel_name="helpdesk.ticket",
        string="Service Request",
        index="btree_not_null",
        check_company=True,
        tracking=True,
    )
    visit_id = fields.Many2one(
        comodel_name="aftersales.visit",
        index="btree_not_null",
        check_company=True,
    )
    picking_id = fields.Many2one(
        comodel_name="stock.picking",
        string="Delivery",
        index="btree_not_null",
        check_company=True,
    )
    lot_id = fields.Many2one(
        comodel_name="stock.lot",
        string="Serial Number",
        index="btree_not_null",
        check_company=True,
    )
    product_id = fields.Many2one(
        comodel_name="product.product",
        compute="_compute_product_id",
        store=True,
        readonly=False,
        precompute=True,
    )
    product_categ_id = fields.Many2one(
        comodel_name="product.category",
        string="Product Line",
        related="product_id.categ_id",
        store=True,
    )
    team_id = fields.Many2one(
        comodel_name="helpdesk.ticket.team",
        compute="_compute_team_id",
        store=True,
        readonly=False,
        precompute=True,
        check_company=True,
    )
    technician_id = fields.Many2one(
        comodel_name="res.users",
        compute="_compute_technician_id",
        store=True,
        readonly=False,
        precompute=True,
        index="btree_not_null",
        help="Who did the job the customer is asked about.",
    )
    user_id = fields.Many2one(
        comodel_name="res.users",
        string="Caller",
        tracking=True,
        index="btree_not_null",
        help="Who makes the call (the call-back desk).",
    )
    event_date = fields.Date(
        string="Solved / Delivered On",
        help="The day the request was solved or the unit delivered.",
    )
    planned_date = fields.Date(string="Call From", tracking=True, index=True)
    deadline_date = fields.Date(string="Call By", tracking=True, index=True)
    next_call_at = fields.Datetime(string="Next Try", tracking=True, index=True)
    overdue = fields.Boolean(compute="_compute_overdue", search="_search_overdue")
    script = fields.Html(compute="_compute_script", sanitize=True)

    # The outcome (protected)
    try_count = fields.Integer(string="Tries", readonly=True, copy=False)
    channel = fields.Selection(
        selection=CHANNELS, string="Answered By", readonly=True, copy=False
    )
    reached = fields.Boolean(readonly=True, copy=False)
    done_at = fields.Datetime(string="Done On", readonly=True, copy=False)
    done_uid = fields.Many2one(
        comodel_name="res.users", string="Recorded By", readonly=True, copy=False
    )
    satisfaction = fields.Integer(
        readonly=True,
        copy=False,
        aggregator="avg",
        help="The customer's score from 1 to 10 (0: not rated).",
    )
    satisfied = fields.Boolean(
        compute="_compute_satisfied",
        store=True,
        help="Rated at or above the company's satisfied-from score.",
    )
    satisfied_rate = fields.Float(
        string="Satisfaction Rate (%)",
        compute="_compute_satisfied",
        store=True,
        aggregator="avg",
        help="100 for a satisfied customer, 0 for an unhappy one: its average "
        "over rated call-backs is the satisfaction rate.",
    )
    unhappy = fields.Boolean(compute="_compute_satisfied", store=True)
    explained_care = fields.Selection(
        selection=YES_NO,
        string="Use and Care Explained",
        readonly=True,
        copy=False,
        help="Did the technician explain the use and care of the product?",
    )
    right_first_time = fields.Selection(
        selection=YES_NO,
        string="Done Right First Time",
        readonly=True,
        copy=False,
        help="Was the work done right the first time?",
    )
    comment = fields.Text(readonly=True, copy=False)
    complaint_ticket_id = fields.Many2one(
        comodel_name="helpdesk.ticket",
        string="Complaint",
        readonly=True,
        copy=False,
        check_company=True,
    )
    survey_user_input_id = fields.Many2one(
        comodel_name="survey.user_input",
        string="Rating Answer",
        readonly=True,
        copy=False,
        index="btree_not_null",
    )
    rating_url = fields.Char(
        string="Rating Link",
        compute="_compute_rating_url",
        compute_sudo=True,
        help="The link the customer rates with, without logging in: valid once, "
        "until it expires.",
    )
    rating_deadline = fields.Datetime(
        string="Rating Link Expires",
        related="survey_user_input_id.deadline",
        related_sudo=True,
    )

    # Key customer visits: the written report
    report = fields.Html(string="Visit Report")
    report_due_date = fields.Date(string="Report Due", readonly=True, copy=False)
    report_done_at = fields.Datetime(
        string="Report Submitted", readonly=True, copy=False
    )
    report_overdue = fields.Boolean(
        compute="_compute_report_overdue", search="_search_report_overdue"
    )

    @api.depends("state")
    def _compute_state_sequence(self):
        order = {key: index for index, (key, _label) in enumerate(STATES)}
        for callback in self:
            callback.state_sequence = order.get(callback.state, 99)

    @api.depends("ticket_id", "lot_id", "visit_id")
    def _compute_product_id(self):
        for callback in self:
            callback.product_id = (
                callback.lot_id.product_id
                or callback.ticket_id.aftersales_product_id
                or callback.visit_id.product_id
                or callback.product_id
            )

    @api.depends("ticket_id")
    def _compute_team_id(self):
        for callback in self:
            callback.team_id = callback.ticket_id.team_id or callback.team_id

    @api.depends("ticket_id", "visit_id")
    def _compute_technician_id(self):
        for callback in self:
            visit = (
                callback.visit_id
                or callback.ticket_id.aftersales_visit_ids.filtered(
                    lambda v: v.state != "cancelled"
                ).sorted(lambda v: (v.planned_start, v.id))[-1:]
            )
            callback.technician_id = (
                visit.user_id or callback.ticket_id.user_id or callback.technician_id
            )

    @api.depends("state", "deadline_date")
    def _compute_overdue(self):
        today = fields.Date.context_today(self)
        for callback in self:
            callback.overdue = bool(
                callback.state == "planned"
                and callback.deadline_date
                and callback.deadline_date < today
            )

    def _search_overdue(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise UserError(self.env._("Search overdue call-backs with = True/False."))
        today = fields.Date.context_today(self)
        if (operator == "=") == value:
            return [("state", "=", "planned"), ("deadline_date", "<", today)]
        return [
            "|",
            "|",
            ("state", "!=", "planned"),
            ("deadline_date", "=", False),
            ("deadline_date", ">=", today),
        ]

    @api.depends("company_id", "partner_id")
    def _compute_script(self):
        for callback in self:
            callback.script = callback.company_id._aftersales_callback_script_html()

    @api.depends("satisfaction", "company_id.aftersales_satisfied_score")
    def _compute_satisfied(self):
        for callback in self:
            score = callback.satisfaction
            threshold = (
                callback.company_id.aftersales_satisfied_score
                or satisfaction.DEFAULT_SATISFIED_SCORE
            )
            happy = bool(score) and satisfaction.is_satisfied(score, threshold)
            callback.satisfied = happy
            callback.unhappy = bool(score) and not happy
            callback.satisfied_rate = 100.0 if happy else 0.0

    @api.depends("survey_user_input_id.access_token", "survey_user_input_id.state")
    def _compute_rating_url(self):
        for callback in self:
            answer = callback.survey_user_input_id
            callback.rating_url = (
                f"{callback.get_base_url()}{answer.get_start_url()}"
                if answer and answer.state != "done"
                else False
            )

    @api.depends("report_due_date", "report_done_at")
    def _compute_report_overdue(self):
        today = fields.Date.context_today(self)
        for callback in self:
            callback.report_overdue = bool(
                callback.report_due_date
                and not callback.report_done_at
                and callback.report_due_date < today
            )

    def _search_report_overdue(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise UserError(self.env._("Search overdue reports with = True/False."))
        today = fields.Date.context_today(self)
        if (operator == "=") == value:
            return [("report_done_at", "=", False), ("report_due_date", "<", today)]
        return [
            "|",
            "|",
            ("report_done_at", "!=", False),
            ("report_due_date", "=", False),
            ("report_due_date", ">=", today),
        ]

    def _compute_display_name(self):
        kinds = dict(self._fields["kind"]._description_selection(self.env))
        for callback in self:
            what = callback.ticket_id.number or callback.picking_id.name or ""
            callback.display_name = " · ".join(
                part
                for part in (kinds.get(callback.kind), callback.partner_id.name, what)
                if part
            )

    def _aftersales_protected_field_names(self):
        return super()._aftersales_protected_field_names() | CALLBACK_PROTECTED

    @api.model_create_multi
    def create(self, vals_list):
        callbacks = super().create(vals_list)
        callbacks.filtered(lambda c: c.state == "planned")._aftersales_schedule()
        return callbacks

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------

    def action_record_outcome(self):
        self.ensure_one()
        self._aftersales_check_open()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Record the Call"),
            "res_model": "aftersales.callback.outcome",
            "view_mode": "form",
            "target": "new",
            "context": {"default_callback_id": self.id},
        }

    def action_raise_complaint(self):
        """One click: a complaint (a service request of type complaint) for
        this customer and unit, linked back here."""
        self.ensure_one()
        self.check_access("write")
        if self.complaint_ticket_id:
            return self._aftersales_open_ticket(self.complaint_ticket_id)
        if self.state not in ("done", "unreachable"):
            raise UserError(
                self.env._(
                    "Call-back %(callback)s: record the call first, then raise "
                    "the complaint from it.",
                    callback=self.display_name,
                )
            )
        complaint = self.env["helpdesk.ticket"].create(
            self._aftersales_complaint_values()
        )
        self._aftersales_write({"complaint_ticket_id": complaint.id})
        self.message_post(
            body=self.env._(
                "Complaint %(ticket)s raised from this call-back.",
                ticket=complaint.number,
            )
        )
        return self._aftersales_open_ticket(complaint)

    def action_send_rating_link(self):
        """E-mail the customer the rating link (valid once, until it
        expires)."""
        self.ensure_one()
        self.check_access("write")
        self._aftersales_check_open()
        if not self.partner_id.email:
            raise UserError(
                self.env._(
                    "%(customer)s has no e-mail address: add one on the customer "
                    "or give the link by phone or text message.",
                    customer=self.partner_id.display_name,
                )
            )
        self._aftersales_send_rating_link()
        return True

    def action_get_rating_link(self):
        """Make the rating link (to read out or text to the customer)."""
        self.ensure_one()
        self.check_access("write")
        self._aftersales_check_open()
        self._aftersales_rating_answer()
        return True

    def action_cancel(self):
        self.check_access("write")
        for callback in self:
            if callback.state != "planned":
                raise UserError(
                    self.env._(
                        "Call-back %(callback)s is already recorded; it cannot be "
                        "cancelled.",
                        callback=callback.display_name,
                    )
                )
        self._aftersales_close_activities(self.env._("Cancelled"))
        self._aftersales_expire_rating()
        self._aftersales_write({"state": "cancelled"})
        return True

    def action_submit_report(self):
        """The written report of a key customer's visit is handed in."""
        self.check_access("write")
        for callback in self:
            if callback.kind != "key_visit" or callback.state != "done":
                raise UserError(
                    self.env._(
                        "%(callback)s: only a key customer visit that took place "
                        "has a visit report.",
                        callback=callback.display_name,
                    )
                )
            if is_html_empty(callback.report):
                raise UserError(
                    self.env._(
                        "%(callback)s: write the visit report (Visit Report tab) "
                        "before submitting it.",
                        callback=callback.display_name,
                    )
                )
        self._aftersales_write({"report_done_at": fields.Datetime.now()})
        report_type = self.env.ref("aftersales_service.mail_activity_type_key_report")
        self.activity_ids.filtered(
            lambda a: a.activity_type_id == report_type
        ).sudo().action_feedback(feedback=self.env._("Report submitted"))
        return True

    # ------------------------------------------------------------------
    # Recording the outcome
    # ------------------------------------------------------------------

    def _aftersales_check_open(self):
        for callback in self:
            if callback.state != "planned":
                raise UserError(
                    self.env._(
                        "Call-back %(callback)s is %(state)s already: its outcome "
                        "cannot be recorded again.",
                        callback=callback.display_name,
                        state=dict(
                            self._fields["state"]._description_selection(self.env)
                        )[callback.state],
                    )
                )

    def _aftersales_answer_values(
        self, score, explained_care=False, right_first_time=False, comment=False
    ):
        """The customer's answers, checked: score 1-10 (0 or None: no score,
        allowed only for a key customer visit), yes/no answers."""
        self.ensure_one()
        score = int(score or 0)
        if score or self.kind != "key_visit":
            try:
                satisfaction.check_score(score)
            except ValueError:
                raise UserError(
                    self.env._(
                        "Satisfaction: give the customer's score from 1 to 10 "
                        "(%(score)s is not one).",
                        score=score,
                    )
                ) from None
        for name, value in (
            ("explained_care", explained_care),
            ("right_first_time", right_first_time),
        ):
            if value not in (False, None, "yes", "no"):
                raise UserError(
                    self.env._(
                        "%(field)s: answer yes or no.",
                        field=self._fields[name]._description_string(self.env),
                    )
                )
        return {
            "satisfaction": score,
            "explained_care": explained_care or False,
            "right_first_time": right_first_time or False,
            "comment": (comment or "").strip() or False,
        }

    def _aftersales_record_outcome(
        self,
        reached,
        score=0,
        explained_care=False,
        right_first_time=False,
        comment=False,
        channel="phone",
    ):
        """Record one try: the customer reached (answers checked and stored,
        the call-back done) or not (the next try planned, or unreachable
        after the last one)."""
        self.ensure_one()
        self.check_access("write")
        self._aftersales_check_open()
        now = fields.Datetime.now()
        if reached:
            values = self._aftersales_answer_values(
                score, explained_care, right_first_time, comment
            )
            values.update(
                state="done",
                reached=True,
                channel="visit" if self.kind == "key_visit" else channel,
                try_count=self.try_count + 1,
                done_at=now,
                done_uid=self.env.uid,
            )
            if self.kind == "key_visit":
                values["report_due_date"] = fields.Date.context_today(self) + timedelta(
                    days=self.company_id.aftersales_key_report_days
                )
            self._aftersales_write(values)
            self._aftersales_close_activities(self.env._("Customer reached"))
            self._aftersales_expire_rating()
            if self.kind == "key_visit":
                self._aftersales_plan_report()
            return True
        tries = self.try_count + 1
        company = self.company_id
        unit = company.aftersales_callback_retry_unit or "days"
        interval = timedelta(
            **{unit: max(company.aftersales_callback_retry_interval, 1)}
        )
        following = callback_rule.next_try(
            now, tries, max(company.aftersales_callback_max_tries, 1), interval
        )
        note = (comment or "").strip()
        self._aftersales_close_activities(self.env._("Not reached"))
        if following:
            self._aftersales_write({"try_count": tries})
            self.write({"next_call_at": following})
            self._aftersales_schedule()
            self.message_post(
                body=self.env._(
                    "Try %(try)s: customer not reached. %(note)s",
                    **{"try": tries, "note": note},
                )
            )
        else:
            self._aftersales_write(
                {
                    "try_count": tries,
                    "state": "unreachable",
                    "done_at": now,
                    "done_uid": self.env.uid,
                    "comment": note or False,
                }
            )
            self.message_post(
                body=self.env._(
                    "Customer not reached after %(tries)s tries: unreachable.",
                    tries=tries,
                )
            )
            # The customer can still rate by the link, if we can send it.
            if self.kind != "key_visit" and self.partner_id.email:
                self._aftersales_send_rating_link()
        return True

    def _aftersales_send_rating_link(self):
        self.ensure_one()
        self._aftersales_rating_answer()
        template = self.env.ref("aftersales_service.mail_template_callback_rating")
        self.message_post_with_source(
            template, subtype_xmlid="mail.mt_comment", partner_ids=self.partner_id.ids
        )

    def _aftersales_record_rating(self, answers, channel):
        """A rating the customer gave themselves (on the technician's device,
        by the rating link): the call-back is done with their answers."""
        now = fields.Datetime.now()
        for callback in self:
            values = callback._aftersales_answer_values(**answers)
            values.update(
                state="done",
                reached=True,
                channel=channel,
                done_at=now,
                # The rating link is answered by the customer, not a user.
                done_uid=False if channel == "link" else self.env.uid,
            )
            callback._aftersales_write(values)
        self._aftersales_close_activities(self.env._("Rated by the customer"))
        return True

    @api.model
    def _aftersales_rate_on_site(self, visit, answers):
        """The customer taps a score on the technician's device right after
        signing: recorded on a call-back of the visit (done, by device),
        once per visit."""
        visit.check_access("write")
        if not visit.signed_at:
            raise UserError(
                self.env._(
                    "Visit %(visit)s: the customer rates the service after "
                    "signing the service report.",
                    visit=visit.name,
                )
            )
        callbacks_sudo = self.sudo()
        if callbacks_sudo.search_count(
            [("visit_id", "=", visit.id), ("kind", "=", "site")], limit=1
        ):
            raise UserError(
                self.env._(
                    "Visit %(visit)s was already rated by the customer.",
                    visit=visit.name,
                )
            )
        ticket = visit.ticket_id
        callback_sudo = callbacks_sudo._aftersales_create(
            [
                {
                    "kind": "site",
                    "company_id": visit.company_id.id,
                    "partner_id": (visit.partner_id or ticket.partner_id).id,
                    "ticket_id": ticket.id,
                    "visit_id": visit.id,
                    "lot_id": visit.lot_id.id,
                    "technician_id": visit.user_id.id,
                    "event_date": fields.Date.context_today(self),
                }
            ]
        )
        callback_sudo._aftersales_record_rating(answers, "device")
        return callback_sudo

    def _aftersales_record_survey(self):
        """The customer completed the rating link's questionnaire: copy the
        answers here once (the call-back holds the score; the questionnaire
        keeps the raw answers). Called as superuser by the survey."""
        for callback in self:
            answer = callback.survey_user_input_id
            if callback.state not in ("planned", "unreachable"):
                _logger.info(
                    "%s already %s: rating answer %s not copied",
                    callback,
                    callback.state,
                    answer.id,
                )
                continue
            callback._aftersales_record_rating(
                answer._aftersales_callback_answers(), "link"
            )
            callback.message_post(
                body=self.env._(
                    "Rated %(score)s/10 by the customer through the rating link.",
                    score=callback.satisfaction,
                )
            )

    # ------------------------------------------------------------------
    # Planning
    # ------------------------------------------------------------------

    @api.model
    def _aftersales_window(self, company, event_day):
        return callback_rule.window(
            event_day,
            company.aftersales_callback_first_day,
            company.aftersales_callback_last_day,
        )

    @api.model
    def _aftersales_plan_values(self, company, event_day, **values):
        first, last = self._aftersales_window(company, event_day)
        return {
            "company_id": company.id,
            "event_date": event_day,
            "planned_date": first,
            "deadline_date": last,
            "next_call_at": datetime.combine(first, time(1, 0)),
            **values,
        }

    @api.model
    def _aftersales_plan_after_service(self, tickets):
        """Solved requests: one call-back each, 5-7 days later (settings),
        unless one is already planned or done."""
        tickets = tickets.filtered(lambda t: t.partner_id)
        if not tickets:
            return self.browse()
        existing = set(
            self.sudo()
            .search(
                [
                    ("ticket_id", "in", tickets.ids),
                    ("kind", "=", "service"),
                    ("state", "!=", "cancelled"),
                ]
            )
            .mapped("ticket_id")
            .ids
        )
        today = fields.Date.context_today(self)
        vals_list = [
            self._aftersales_plan_values(
                ticket.company_id,
                today,
                kind="service",
                ticket_id=ticket.id,
                partner_id=ticket.partner_id.id,
                lot_id=ticket.aftersales_lot_id.id,
                user_id=ticket.company_id.aftersales_callback_user_id.id
                or ticket.team_id.aftersales_dispatcher_id.id,
            )
            for ticket in tickets
            if ticket.id not in existing
        ]
        return self.sudo()._aftersales_create(vals_list)

    @api.model
    def _aftersales_plan_after_delivery(self, moves):
        """Units delivered to a customer: one call-back per delivery and
        customer (the unit named when there is one)."""
        groups = {}
        for move in moves:
            customer = (
                move.picking_id.partner_id or move.partner_id
            ).commercial_partner_id
            if not customer:
                continue
            key = (move.picking_id.id or move.id, customer.id)
            entry = groups.setdefault(
                key, {"move": move, "customer": customer, "lots": set()}
            )
            entry["lots"].update(move.move_line_ids.lot_id.ids)
        if not groups:
            return self.browse()
        pickings = moves.picking_id
        existing = {
            (callback.picking_id.id, callback.partner_id.id)
            for callback in self.sudo().search(
                [("picking_id", "in", pickings.ids), ("kind", "=", "delivery")]
            )
        }
        vals_list = []
        for key, entry in groups.items():
            if key in existing:
                continue
            move, lots = entry["move"], entry["lots"]
            company = move.company_id
            vals_list.append(
                self._aftersales_plan_values(
                    company,
                    fields.Date.context_today(self, move.date),
                    kind="delivery",
                    partner_id=entry["customer"].id,
                    picking_id=move.picking_id.id,
                    lot_id=next(iter(lots)) if len(lots) == 1 else False,
                    product_id=move.product_id.id,
                    user_id=company.aftersales_callback_user_id.id,
                )
            )
        return self.sudo()._aftersales_create(vals_list)

    def _aftersales_schedule(self):
        """The call lands with the caller as an activity (a "Call-back" to do
        on the next try's day), quietly: the list is the desk's queue."""
        activity_type = self.env.ref("aftersales_service.mail_activity_type_callback")
        model_id = self.env["ir.model"]._get_id(self._name)
        vals_list = [
            {
                "res_model_id": model_id,
                "res_id": callback.id,
                "activity_type_id": activity_type.id,
                "user_id": callback.user_id.id,
                "summary": self.env._(
                    "Call %(customer)s back", customer=callback.partner_id.name
                ),
                "note": callback.script,
                "date_deadline": fields.Date.context_today(
                    callback, callback.next_call_at
                )
                if callback.next_call_at
                else callback.planned_date or fields.Date.context_today(callback),
            }
            for callback in self
            if callback.user_id and callback.state == "planned"
        ]
        if vals_list:
            self.env["mail.activity"]._aftersales_create_quietly(vals_list)

    def _aftersales_close_activities(self, feedback):
        activity_type = self.env.ref("aftersales_service.mail_activity_type_callback")
        activities = self.activity_ids.filtered(
            lambda a: a.activity_type_id == activity_type
        )
        if activities:
            activities.sudo().action_feedback(feedback=feedback)

    def _aftersales_plan_report(self):
        report_type = self.env.ref("aftersales_service.mail_activity_type_key_report")
        model_id = self.env["ir.model"]._get_id(self._name)
        self.env["mail.activity"]._aftersales_create_quietly(
            [
                {
                    "res_model_id": model_id,
                    "res_id": callback.id,
                    "activity_type_id": report_type.id,
                    "user_id": (callback.user_id or self.env.user).id,
                    "summary": self.env._(
                        "Visit report for %(customer)s",
                        customer=callback.partner_id.name,
                    ),
                    "date_deadline": callback.report_due_date,
                }
                for callback in self
            ]
        )

    # ------------------------------------------------------------------
    # Rating link (survey)
    # ------------------------------------------------------------------

    def _aftersales_rating_answer(self):
        """The customer's own answer sheet of the satisfaction questionnaire:
        one per call-back, with its access token and deadline."""
        self.ensure_one()
        if self.survey_user_input_id:
            return self.survey_user_input_id
        survey_sudo = self.env.ref("aftersales_service.survey_aftersales_satisfaction")
        survey_sudo = survey_sudo.sudo()
        answer_sudo = survey_sudo._create_answer(
            partner=self.partner_id,
            check_attempts=False,
            deadline=fields.Datetime.now()
            + timedelta(days=self.company_id.aftersales_rating_link_days),
        )
        self._aftersales_write({"survey_user_input_id": answer_sudo.id})
        return answer_sudo

    def _aftersales_expire_rating(self):
        """The call-back was answered another way: the link no longer works."""
        answers = self.sudo().survey_user_input_id.filtered(
            lambda answer: answer.state != "done"
        )
        if answers:
            answers.write({"deadline": fields.Datetime.now() - timedelta(seconds=1)})

    # ------------------------------------------------------------------
    # Complaint
    # ------------------------------------------------------------------

    def _aftersales_complaint_values(self):
        """Values of the complaint raised from this call-back (one place, so
        the complaints desk can add its own)."""
        self.ensure_one()
        ticket = self.ticket_id
        team = ticket.team_id or self.team_id or self.env.user.helpdesk_team_ids[:1]
        answers = [
            line
            for line in (
                self.satisfaction
                and self.env._("Satisfaction: %(score)s/10", score=self.satisfaction),
                self.comment,
            )
            if line
        ]
        return {
            "name": self.env._(
                "Complaint from call-back: %(what)s",
                what=ticket.name
                or self.product_id.display_name
                or self.partner_id.name,
            ),
            "description": Markup("").join(
                Markup("<p>%s</p>") % line
                for line in answers
                or [self.env._("Unhappy customer on the follow-up call.")]
            ),
            "aftersales_request_type": "complaint",
            "aftersales_complaint_channel": "callback",
            "aftersales_complaint_ticket_id": ticket.id,
            "partner_id": self.partner_id.id,
            "aftersales_lot_id": self.lot_id.id or ticket.aftersales_lot_id.id,
            "company_id": self.company_id.id,
            "team_id": team.id,
        }

    def _aftersales_open_ticket(self, ticket):
        return {
            "type": "ir.actions.act_window",
            "res_model": "helpdesk.ticket",
            "res_id": ticket.id,
            "view_mode": "form",
        }

    # ------------------------------------------------------------------
    # Key customers and reporting
    # ------------------------------------------------------------------

    @api.model
    def _cron_plan_key_visits(self):
        """At least one visit a year for each key customer: plans this year's
        visit for every key customer without one."""
        year = fields.Date.context_today(self).year
        domain = self._aftersales_key_visit_domain(year)
        partners = self.env["res.partner"].sudo()
        self.env["ir.cron"]._aftersales_run_batches(
            partners,
            domain,
            self._aftersales_plan_key_visits,
            200,
            order="id",
            total=partners.search_count(domain),
        )

    @api.model
    def _aftersales_key_visit_domain(self, year):
        return [
            ("aftersales_key_customer", "=", True),
            ("is_company", "=", True),
            (
                "aftersales_callback_ids",
                "not any",
                [
                    ("kind", "=", "key_visit"),
                    ("state", "!=", "cancelled"),
                    ("planned_date", ">=", date(year, 1, 1)),
                    ("planned_date", "<=", date(year, 12, 31)),
                ],
            ),
        ]

    @api.model
    def _aftersales_plan_key_visits(self, partners):
        today = fields.Date.context_today(self)
        vals_list = []
        for partner in partners:
            company = partner.company_id or self.env.company
            vals_list.append(
                {
                    "kind": "key_visit",
                    "company_id": company.id,
                    "partner_id": partner.id,
                    "planned_date": today,
                    "deadline_date": date(today.year, 12, 31),
                    "next_call_at": datetime.combine(today, time(1, 0)),
                    "user_id": (
                        partner.user_id
                        or company.aftersales_callback_user_id
                        or self.env["res.users"]
                    ).id,
                }
            )
        return self.sudo()._aftersales_create(vals_list)

    @api.model
    def _aftersales_satisfaction_rate(self, domain=None):
        """Satisfaction rate (%) of the rated call-backs in ``domain`` and
        whether it meets the company's target: ``(rate or None, met)``."""
        company = self.env.company
        groups = self._read_group(
            [*(domain or []), ("satisfaction", ">", 0)],
            ["satisfaction"],
            ["__count"],
        )
        scores = [score for score, count in groups for _i in range(count)]
        rate = satisfaction.satisfaction_rate(
            scores, company.aftersales_satisfied_score
        )
        return rate, satisfaction.meets_target(
            rate, company.aftersales_satisfaction_target
        )
