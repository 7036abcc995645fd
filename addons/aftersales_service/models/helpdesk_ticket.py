import re
from collections import defaultdict
from datetime import datetime, time, timedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import SQL, html2plaintext

from ..rules import china_calendar, sla, warranty

REQUEST_TYPES = [
    ("repair", "Repair"),
    ("installation", "Installation"),
    ("maintenance", "Maintenance"),
    ("consultation", "Consultation"),
    ("complaint", "Complaint"),
    ("return", "Return / Exchange"),
]
COVERAGES = [("free", "Free"), ("paid", "Paid"), ("contract", "Contract")]
FAULT_LEVELS = [("general", "General"), ("major", "Major")]
SERIAL_TOKEN_RE = re.compile(r"[A-Za-z0-9][A-Za-z0-9._/-]{3,63}")
MANAGER_GROUP = "aftersales_service.group_aftersales_manager"
# What the warranty rule decides on (see _aftersales_unit_facts).
COVERAGE_FACTS = (
    "aftersales_lot_id.aftersales_warranty_start",
    "aftersales_lot_id.aftersales_warranty_start_source",
    "aftersales_lot_id.aftersales_factory_date",
    "aftersales_lot_id.aftersales_serial_condition",
    "aftersales_lot_id.aftersales_promised_months",
    "aftersales_product_id.aftersales_warranty_months",
    "aftersales_component_id",
    "aftersales_failure_date",
    "aftersales_exclusion_id",
    "aftersales_contract_id",
)


# The ticket field recording when each deadline's event first happened.
EVENT_FIELDS = {
    sla.KIND_RESPONSE: "aftersales_responded_at",
    sla.KIND_ARRIVAL: "aftersales_arrived_at",
    sla.KIND_SOLUTION: "aftersales_solution_at",
    sla.KIND_RESOLUTION: "aftersales_resolved_at",
}
# Changes that can change which policy applies.
SLA_TRIGGERS = {
    "team_id",
    "company_id",
    "partner_id",
    "aftersales_zone_id",
    "aftersales_fault_level",
    "aftersales_contract_id",
    "aftersales_lot_id",
    "aftersales_reported_at",
    "aftersales_request_type",
}


# Decided by the rules or by a manager's recorded override, and the events
# the deadlines count: written only by the actions that decide them.
TICKET_PROTECTED = frozenset(
    {
        "aftersales_coverage_auto",
        "aftersales_warranty_end",
        "aftersales_coverage_override",
        "aftersales_coverage_override_reason",
        "aftersales_coverage",
        "aftersales_repeat",
        *EVENT_FIELDS.values(),
    }
)


class HelpdeskTicket(models.Model):
    _name = "helpdesk.ticket"
    _inherit = ["helpdesk.ticket", "aftersales.protected.mixin"]
    _check_company_auto = True

    aftersales_request_type = fields.Selection(
        selection=REQUEST_TYPES,
        string="Request Type",
        default="repair",
        required=True,
        tracking=True,
    )
    aftersales_lot_id = fields.Many2one(
        comodel_name="stock.lot",
        string="Serial Number",
        tracking=True,
        index="btree_not_null",
        check_company=True,
        domain="[('product_id', '=?', aftersales_product_id)]",
    )
    aftersales_product_id = fields.Many2one(
        comodel_name="product.product",
        string="Product",
        compute="_compute_aftersales_product_id",
        store=True,
        readonly=False,
        precompute=True,
        tracking=True,
        check_company=True,
    )
    aftersales_failure_date = fields.Date(
        string="Failure Date",
        default=fields.Date.context_today,
        tracking=True,
    )
    aftersales_component_id = fields.Many2one(
        comodel_name="product.product",
        string="Failed Component",
        check_company=True,
        help="The part that failed; parts can have their own warranty period.",
    )
    aftersales_fault_level = fields.Selection(
        selection=FAULT_LEVELS,
        string="Fault Level",
        default="general",
        required=True,
        tracking=True,
    )
    aftersales_site_partner_id = fields.Many2one(
        comodel_name="res.partner",
        string="Site Address",
        compute="_compute_aftersales_site_partner_id",
        store=True,
        readonly=False,
        precompute=True,
        help="Where the unit is; defaults to the customer.",
    )
    aftersales_zone_id = fields.Many2one(
        comodel_name="aftersales.service.zone",
        string="Service Zone",
        tracking=True,
        check_company=True,
    )
    aftersales_exclusion_id = fields.Many2one(
        comodel_name="aftersales.exclusion",
        string="Warranty Exclusion",
        tracking=True,
        help="A recorded reason that makes the job paid.",
    )
    aftersales_contract_id = fields.Many2one(
        comodel_name="aftersales.contract",
        string="Contract",
        compute="_compute_aftersales_contract_id",
        store=True,
        readonly=False,
        tracking=True,
        check_company=True,
        domain="[('partner_id', 'parent_of', partner_id), ('state', '=', 'active')]",
    )
    aftersales_coverage_auto = fields.Selection(
        selection=COVERAGES,
        string="Coverage by Rule",
        compute="_compute_aftersales_coverage_auto",
        store=True,
    )
    aftersales_coverage_auto_reason = fields.Char(
        string="Rule Reason",
        compute="_compute_aftersales_coverage_auto_reason",
        help="Why the rules decided the coverage, in the reader's language.",
    )
    aftersales_warranty_end = fields.Date(
        string="Warranty End",
        compute="_compute_aftersales_coverage_auto",
        store=True,
    )
    aftersales_coverage_override = fields.Selection(
        selection=COVERAGES,
        string="Coverage Set by Manager",
        tracking=True,
        copy=False,
    )
    aftersales_coverage_override_reason = fields.Char(
        string="Override Reason", tracking=True, copy=False
    )
    aftersales_coverage = fields.Selection(
        selection=COVERAGES,
        string="Coverage",
        compute="_compute_aftersales_coverage",
        store=True,
        tracking=True,
    )
    aftersales_coverage_reason = fields.Char(
        string="Coverage Reason", compute="_compute_aftersales_coverage_reason"
    )
    aftersales_repeat = fields.Boolean(
        string="Repeat Repair",
        compute="_compute_aftersales_repeat",
        store=True,
        help="The same unit and component were repaired within the repeat "
        "repair window.",
    )
    aftersales_lot_warning = fields.Char(
        string="Serial Warning", compute="_compute_aftersales_lot_warning"
    )
    aftersales_reported_at = fields.Datetime(
        string="Reported At",
        default=fields.Datetime.now,
        required=True,
        tracking=True,
        copy=False,
        help="When the customer called or wrote: the deadlines count from here.",
    )
    aftersales_sla_policy_id = fields.Many2one(
        comodel_name="aftersales.sla.policy",
        string="Deadline Policy",
        readonly=True,
        copy=False,
    )
    aftersales_deadline_ids = fields.One2many(
        comodel_name="aftersales.ticket.deadline",
        inverse_name="ticket_id",
        string="Deadlines",
        readonly=True,
        copy=False,
    )
    aftersales_next_deadline = fields.Datetime(
        string="Next Deadline",
        compute="_compute_aftersales_sla_status",
        store=True,
        index=True,
    )
    aftersales_sla_status = fields.Selection(
        selection=[
            ("none", "No Deadline"),
            (sla.STATE_RUNNING, "On Track"),
            (sla.STATE_MET, "All Met"),
            (sla.STATE_BREACHED, "Breached"),
        ],
        string="Deadline Status",
        compute="_compute_aftersales_sla_status",
        store=True,
        index=True,
    )
    aftersales_responded_at = fields.Datetime(
        string="First Response", readonly=True, copy=False
    )
    aftersales_arrived_at = fields.Datetime(
        string="Arrived On Site", readonly=True, copy=False
    )
    aftersales_solution_at = fields.Datetime(
        string="Solution Proposed", readonly=True, copy=False
    )
    aftersales_resolved_at = fields.Datetime(
        string="Resolved", readonly=True, copy=False
    )
    aftersales_visit_ids = fields.One2many(
        comodel_name="aftersales.visit",
        inverse_name="ticket_id",
        string="Visits",
        copy=False,
    )
    aftersales_visit_count = fields.Integer(
        string="Visit Count", compute="_compute_aftersales_visit_count"
    )
    aftersales_technician_ids = fields.Many2many(
        comodel_name="res.users",
        relation="aftersales_ticket_technician_rel",
        string="Technicians",
        compute="_compute_aftersales_technician_ids",
        store=True,
        help="Everyone sent on a visit of this ticket.",
    )
    aftersales_visit_number = fields.Integer(
        string="Last Visit Number",
        readonly=True,
        copy=False,
        help="Visits are numbered from this counter, so a deleted visit's "
        "number is never given again.",
    )

    _aftersales_number_unique = models.Constraint(
        "unique(number, company_id)",
        "A service request number must be unique per company.",
    )

    @api.depends("aftersales_lot_id")
    def _compute_aftersales_product_id(self):
        for ticket in self.filtered("aftersales_lot_id"):
            ticket.aftersales_product_id = ticket.aftersales_lot_id.product_id

    @api.depends("partner_id")
    def _compute_aftersales_site_partner_id(self):
        for ticket in self:
            site = ticket.aftersales_site_partner_id
            customer = ticket.partner_id.commercial_partner_id
            if not site or site.commercial_partner_id != customer:
                ticket.aftersales_site_partner_id = ticket.partner_id

    @api.depends(
        "commercial_partner_id",
        "aftersales_lot_id",
        "aftersales_product_id",
        "aftersales_failure_date",
    )
    def _compute_aftersales_contract_id(self):
        partners = self.commercial_partner_id
        contracts = self.env["aftersales.contract"]
        if partners:
            contracts = contracts.search(
                [
                    ("partner_id", "child_of", partners.ids),
                    ("state", "=", "active"),
                ],
                order="date_end desc",
            )
        by_partner = defaultdict(lambda: self.env["aftersales.contract"])
        for contract in contracts:
            by_partner[contract.partner_id.commercial_partner_id] |= contract
        for ticket in self:
            day = ticket.aftersales_failure_date or fields.Date.context_today(ticket)
            ticket.aftersales_contract_id = next(
                (
                    contract
                    for contract in by_partner[ticket.commercial_partner_id]
                    if contract._covers(
                        ticket.aftersales_lot_id, ticket.aftersales_product_id, day
                    )
                ),
                False,
            )

    @api.depends(*COVERAGE_FACTS)
    def _compute_aftersales_coverage_auto(self):
        for ticket in self:
            decision = ticket._aftersales_decision()
            ticket.aftersales_coverage_auto = decision and decision.coverage
            ticket.aftersales_warranty_end = decision and decision.warranty_end

    @api.depends(*COVERAGE_FACTS)
    def _compute_aftersales_coverage_auto_reason(self):
        for ticket in self:
            try:
                decision = warranty.decide_coverage(ticket._aftersales_unit_facts())
            except warranty.WarrantyInputError as error:
                # The constraint refuses to save such a ticket; until then the
                # form shows what is wrong instead of a reason.
                ticket.aftersales_coverage_auto_reason = ticket._aftersales_input_error(
                    error
                )
                continue
            ticket.aftersales_coverage_auto_reason = ticket._aftersales_reason_text(
                decision
            )

    @api.depends("aftersales_coverage_auto", "aftersales_coverage_override")
    def _compute_aftersales_coverage(self):
        for ticket in self:
            ticket.aftersales_coverage = (
                ticket.aftersales_coverage_override or ticket.aftersales_coverage_auto
            )

    @api.depends(
        "aftersales_coverage_auto_reason",
        "aftersales_coverage_override",
        "aftersales_coverage_override_reason",
    )
    def _compute_aftersales_coverage_reason(self):
        for ticket in self:
            if ticket.aftersales_coverage_override:
                ticket.aftersales_coverage_reason = self.env._(
                    "Set by the service manager: %(reason)s",
                    reason=ticket.aftersales_coverage_override_reason,
                )
            else:
                ticket.aftersales_coverage_reason = (
                    ticket.aftersales_coverage_auto_reason
                )

    @api.depends(
        "aftersales_lot_id", "aftersales_component_id", "aftersales_failure_date"
    )
    def _compute_aftersales_repeat(self):
        tickets = self.filtered(
            lambda t: t.aftersales_lot_id and t.aftersales_failure_date
        )
        (self - tickets).aftersales_repeat = False
        if not tickets:
            return
        history = defaultdict(list)
        # History of the unit, whoever may read the other tickets.
        for previous in self.sudo().search(
            [
                ("aftersales_lot_id", "in", tickets.aftersales_lot_id.ids),
                ("aftersales_request_type", "=", "repair"),
                ("aftersales_failure_date", "!=", False),
            ]
        ):
            key = (previous.aftersales_lot_id.id, previous.aftersales_component_id.id)
            history[key].append((previous.id, previous.aftersales_failure_date))
        for ticket in tickets:
            window = ticket.company_id.aftersales_repeat_repair_days
            key = (ticket.aftersales_lot_id.id, ticket.aftersales_component_id.id)
            own_id = ticket._origin.id or float("inf")
            earlier = [
                day
                for ticket_id, day in history[key]
                if ticket_id != own_id
                and (day, ticket_id) < (ticket.aftersales_failure_date, own_id)
            ]
            ticket.aftersales_repeat = warranty.is_repeat_repair(
                ticket.aftersales_failure_date, earlier, window
            )

    @api.depends("aftersales_lot_id.aftersales_customer_id", "commercial_partner_id")
    def _compute_aftersales_lot_warning(self):
        for ticket in self:
            owner = ticket.aftersales_lot_id.aftersales_customer_id
            customer = ticket.partner_id.commercial_partner_id
            warning = False
            if owner and customer and owner.commercial_partner_id != customer:
                warning = self.env._(
                    "Serial %(lot)s belongs to %(owner)s, not to %(customer)s. "
                    "Check the serial number or the customer.",
                    lot=ticket.aftersales_lot_id.name,
                    owner=owner.display_name,
                    customer=customer.display_name,
                )
            ticket.aftersales_lot_warning = warning

    @api.constrains(
        "aftersales_failure_date",
        "aftersales_lot_id",
        "aftersales_product_id",
        "aftersales_component_id",
    )
    def _check_aftersales_facts(self):
        # Today where it is latest (UTC+14): a ticket entered in Shanghai just
        # after midnight stays valid when someone further west edits it.
        today = max(
            fields.Date.context_today(self),
            (fields.Datetime.now() + timedelta(hours=14)).date(),
        )
        for ticket in self:
            if (
                ticket.aftersales_failure_date
                and ticket.aftersales_failure_date > today
            ):
                raise ValidationError(
                    self.env._(
                        "Ticket %(ticket)s: the failure date %(date)s is in the "
                        "future. Enter the day the fault appeared.",
                        ticket=ticket.number,
                        date=ticket.aftersales_failure_date,
                    )
                )
            lot, product = ticket.aftersales_lot_id, ticket.aftersales_product_id
            if product and product.tracking == "none" and lot:
                raise ValidationError(
                    self.env._(
                        "Ticket %(ticket)s: product %(product)s is not tracked by "
                        "serial number, so no serial can be given. Remove the serial "
                        "or enable tracking on the product.",
                        ticket=ticket.number,
                        product=product.display_name,
                    )
                )
            if lot and product and lot.product_id != product:
                raise ValidationError(
                    self.env._(
                        "Ticket %(ticket)s: serial %(lot)s is a %(lot_product)s, not "
                        "a %(product)s. Choose the matching product or serial.",
                        ticket=ticket.number,
                        lot=lot.name,
                        lot_product=lot.product_id.display_name,
                        product=product.display_name,
                    )
                )
            try:
                warranty.decide_coverage(ticket._aftersales_unit_facts())
            except warranty.WarrantyInputError as error:
                raise ValidationError(ticket._aftersales_input_error(error)) from error

    @api.constrains("aftersales_contract_id", "partner_id")
    def _check_aftersales_contract_customer(self):
        """A contract covers its customer's requests only (it decides what is
        free): never another customer's, never a contract not in force."""
        for ticket in self.filtered("aftersales_contract_id"):
            contract = ticket.aftersales_contract_id.sudo()
            owner = contract.partner_id.commercial_partner_id
            if ticket.commercial_partner_id != owner or contract.state != "active":
                raise ValidationError(
                    self.env._(
                        "Ticket %(ticket)s: contract %(contract)s is not an active "
                        "contract of %(customer)s. Choose one of the customer's "
                        "active contracts or leave it empty.",
                        ticket=ticket.number or ticket.name,
                        contract=contract.display_name,
                        customer=ticket.commercial_partner_id.display_name,
                    )
                )

    @api.constrains(
        "aftersales_coverage_override", "aftersales_coverage_override_reason"
    )
    def _check_aftersales_override_reason(self):
        for ticket in self:
            if (
                ticket.aftersales_coverage_override
                and not (ticket.aftersales_coverage_override_reason or "").strip()
            ):
                raise ValidationError(
                    self.env._(
                        "Ticket %(ticket)s: overriding the coverage needs a reason.",
                        ticket=ticket.number,
                    )
                )

    @api.onchange("aftersales_lot_id")
    def _onchange_aftersales_lot_id(self):
        owner = self.aftersales_lot_id.aftersales_customer_id
        if owner and not self.partner_id:
            self.partner_id = owner
        elif self.aftersales_lot_warning:
            return {
                "warning": {
                    "title": self.env._("Serial of another customer"),
                    "message": self.aftersales_lot_warning,
                }
            }

    def _aftersales_protected_field_names(self):
        return super()._aftersales_protected_field_names() | TICKET_PROTECTED

    @api.model_create_multi
    def create(self, vals_list):
        tickets = super().create(vals_list)
        tickets._aftersales_sync_deadlines()
        return tickets

    def _aftersales_override_coverage(self, coverage, reason):
        """A manager sets the coverage against the rule, with the reason (or
        clears it: back to the rule's decision)."""
        if not self.env.user.has_group(MANAGER_GROUP):
            raise AccessError(self._aftersales_override_denied())
        self._aftersales_write(
            {
                "aftersales_coverage_override": coverage or False,
                "aftersales_coverage_override_reason": coverage
                and (reason or "").strip()
                or False,
            }
        )

    def write(self, vals):
        result = super().write(vals)
        if "stage_id" in vals:
            self._aftersales_stage_changed()
        if SLA_TRIGGERS & set(vals):
            self._aftersales_sync_deadlines()
        return result

    def _aftersales_stage_changed(self):
        """A stage change answers the customer; closing as solved resolves;
        closing unsolved (cancelled, rejected) ends the open deadlines."""
        now = fields.Datetime.now()
        self._aftersales_reach(sla.KIND_RESPONSE, now)
        solved = self.filtered(
            lambda t: t.stage_id.closed and not t.stage_id.aftersales_unsolved
        )
        solved._aftersales_check_quote()
        solved._aftersales_reach(sla.KIND_RESOLUTION, now)
        unsolved = self.filtered(
            lambda t: t.stage_id.closed and t.stage_id.aftersales_unsolved
        )
        unsolved.aftersales_deadline_ids.sudo().filtered(
            lambda d: d.state in (sla.STATE_WAITING, sla.STATE_RUNNING)
        ).write({"state": "cancelled"})

    def _message_post_after_hook(self, message, msg_vals):
        """A public reply by staff is the first response."""
        result = super()._message_post_after_hook(message, msg_vals)
        author = message.author_id
        if (
            message.message_type == "comment"
            and message.subtype_id == self.env.ref("mail.mt_comment")
            and author
            and author.user_ids
            and not author.user_ids[0].share
            and author != self.partner_id
        ):
            self._aftersales_reach(
                sla.KIND_RESPONSE, message.date or fields.Datetime.now()
            )
        return result

    @api.model
    def message_new(self, msg, custom_values=None):
        values = dict(custom_values or {})
        if "aftersales_lot_id" not in values:
            subject = msg.get("subject") or ""
            body = html2plaintext(msg.get("body") or "")
            lot = self._aftersales_find_serial(f"{subject} {body}")
            if lot:
                values["aftersales_lot_id"] = lot.id
                values["aftersales_product_id"] = lot.product_id.id
        return super().message_new(msg, custom_values=values)

    def _aftersales_take_visit_numbers(self, count):
        """Reserve ``count`` visit numbers of this ticket; returns the first.

        One UPDATE increments the counter and returns it, holding the row
        until commit: a concurrent visit waits, then fails to serialize and
        is retried by Odoo's RPC layer with the new counter."""
        self.ensure_one()
        self.flush_recordset(["aftersales_visit_number"])
        self.env.cr.execute(
            SQL(
                "UPDATE helpdesk_ticket SET aftersales_visit_number = "
                "COALESCE(aftersales_visit_number, 0) + %s WHERE id = %s "
                "RETURNING aftersales_visit_number",
                count,
                self.id,
            )
        )
        last = self.env.cr.fetchone()[0]
        self.invalidate_recordset(["aftersales_visit_number"])
        return last - count + 1

    def _prepare_ticket_number(self, values):
        team = self.env["helpdesk.ticket.team"].browse(values.get("team_id"))
        company = self.env["res.company"].browse(values.get("company_id"))
        if team and team._aftersales_code(company):
            return team._aftersales_next_number(
                fields.Date.context_today(self), company=company
            )
        return super()._prepare_ticket_number(values)

    def action_aftersales_override_coverage(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Override Coverage"),
            "res_model": "aftersales.coverage.override",
            "view_mode": "form",
            "target": "new",
            "context": {
                "default_ticket_id": self.id,
                "default_coverage": self.aftersales_coverage_override
                or self.aftersales_coverage,
            },
        }

    def action_aftersales_customer_file(self):
        """Everything about this ticket's customer, or its unit when known."""
        self.ensure_one()
        if self.aftersales_lot_id:
            return self.aftersales_lot_id.action_aftersales_view_tickets()
        return self.commercial_partner_id.action_aftersales_service_history()

    def _aftersales_decision(self, component=None):
        """The rule's decision (for ``component`` instead of the failed one
        when given), or None when the facts contradict each other (the
        constraint then refuses to save)."""
        self.ensure_one()
        try:
            return warranty.decide_coverage(
                self._aftersales_unit_facts(component=component)
            )
        except warranty.WarrantyInputError:
            return None

    def _aftersales_override_denied(self):
        return self.env._(
            "Only an after-sales manager may override the coverage of a ticket."
        )

    def _aftersales_unit_facts(self, component=None):
        """Gather the plain facts the warranty rule decides on."""
        self.ensure_one()
        component = component or self.aftersales_component_id
        lot = self.aftersales_lot_id
        template = self.aftersales_product_id.product_tmpl_id
        source = lot.aftersales_warranty_start_source
        return warranty.UnitFacts(
            failure_date=self.aftersales_failure_date
            or fields.Date.context_today(self),
            unit_months=template.aftersales_warranty_months,
            serial_condition=lot.aftersales_serial_condition
            if lot
            else warranty.SERIAL_MISSING,
            proof_date=lot.aftersales_warranty_start
            if source and source != "factory"
            else None,
            factory_date=lot.aftersales_factory_date or None,
            grace_months=(
                lot.company_id or self.company_id
            ).aftersales_factory_grace_months,
            component_months=template._aftersales_component_months(component)
            if template
            else None,
            promised_months=lot.aftersales_promised_months or None,
            exclusion=self.aftersales_exclusion_id.name or None,
            contract=self.aftersales_contract_id.name or None,
        )

    def _aftersales_reason_text(self, decision):
        params = decision.params
        reasons = {
            warranty.REASON_EXCLUSION: lambda: self.env._(
                "Paid: excluded from warranty (%(exclusion)s).",
                exclusion=params.get("exclusion"),
            ),
            warranty.REASON_CONTRACT: lambda: self.env._(
                "Contract: covered by contract %(contract)s.",
                contract=params.get("contract"),
            ),
            warranty.REASON_SERIAL: lambda: self.env._(
                "Paid: the serial number is missing, unreadable or altered, "
                "which voids the warranty."
            ),
            warranty.REASON_NO_START: lambda: self.env._(
                "Paid: no proof of purchase and no factory date to start the "
                "warranty from."
            ),
            warranty.REASON_IN_WARRANTY: lambda: self.env._(
                "Free: within the %(months)s-month warranty, which ends on %(end)s.",
                months=params.get("months"),
                end=params.get("end"),
            ),
            warranty.REASON_IN_COMPONENT_WARRANTY: lambda: self.env._(
                "Free: %(component)s has a %(months)s-month warranty, which ends "
                "on %(end)s.",
                component=self.aftersales_component_id.display_name,
                months=params.get("months"),
                end=params.get("end"),
            ),
            warranty.REASON_IN_PROMISE: lambda: self.env._(
                "Free: within the promised %(months)s-month warranty, which ends "
                "on %(end)s.",
                months=params.get("months"),
                end=params.get("end"),
            ),
            warranty.REASON_EXPIRED: lambda: self.env._(
                "Paid: the %(months)s-month warranty ended on %(end)s.",
                months=params.get("months"),
                end=params.get("end"),
            ),
        }
        return reasons[decision.reason]()

    def _aftersales_input_error(self, error):
        if error.code == "failure_before_start":
            return self.env._(
                "The failure date %(failure)s is before the unit's warranty start "
                "%(start)s (purchase). Check the failure date or the serial's "
                "warranty start.",
                failure=self.aftersales_failure_date,
                start=self.aftersales_lot_id.aftersales_warranty_start,
            )
        if error.code == "start_before_factory":
            return self.env._(
                "The unit's warranty start is before its factory date. Correct "
                "the dates on serial %(lot)s.",
                lot=self.aftersales_lot_id.name,
            )
        return self.env._(
            "Warranty periods cannot be negative. Check the product, its "
            "category and serial %(lot)s.",
            lot=self.aftersales_lot_id.name or "-",
        )

    @api.model
    def _aftersales_find_serial(self, text):
        """The known serial number quoted in ``text``, when exactly one is."""
        tokens = {token.strip("._/-") for token in SERIAL_TOKEN_RE.findall(text or "")}
        tokens.discard("")
        if not tokens:
            return self.env["stock.lot"]
        lots = self.env["stock.lot"].search([("name", "in", list(tokens))], limit=2)
        return lots if len(lots) == 1 else self.env["stock.lot"]

    # ------------------------------------------------------------------
    # Deadlines (SLA), visits and dispatch
    # ------------------------------------------------------------------

    def _aftersales_sync_deadlines(self):
        """Choose each ticket's policy and (re)compute its deadlines.

        A deadline already reached is never recomputed; one whose clock has
        not started (arrival-based, before arrival) waits without a date."""
        tickets = self.filtered(lambda t: not t.closed)
        if not tickets:
            return
        policies = (
            self.env["aftersales.sla.policy"]
            .sudo()
            .search([("company_id", "in", [*tickets.company_id.ids, False])])
        )
        criteria = dict(zip(policies.ids, policies._aftersales_criteria(), strict=True))
        Deadline = self.env["aftersales.ticket.deadline"].sudo()
        to_create, to_unlink = [], Deadline
        by_policy = defaultdict(lambda: self.env["helpdesk.ticket"])
        for ticket in tickets:
            company_policies = [
                criteria[policy.id]
                for policy in policies
                if policy.company_id in (ticket.company_id, policy.company_id.browse())
            ]
            request = sla.Request(
                team=ticket.team_id.id or None,
                zone_type=ticket.aftersales_zone_id.zone_type or None,
                fault_level=ticket.aftersales_fault_level or None,
                contract_level=ticket.aftersales_contract_id.service_level or None,
                request_type=ticket.aftersales_request_type or None,
                customer_origin=ticket._aftersales_customer_origin(),
            )
            policy = policies.browse(sla.choose_policy(company_policies, request))
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
                vals = ticket._aftersales_deadline_values(target, calendar)
                if line:
                    line.sudo().write(vals)
                elif vals["deadline"]:
                    # A target counted from arrival gets its line when the
                    # technician checks in (the policy lists it until then).
                    to_create.append(vals)
        for policy, changed in by_policy.items():
            changed.sudo().aftersales_sla_policy_id = policy
        to_unlink.unlink()
        Deadline.create(to_create)

    def _aftersales_calendar(self):
        self.ensure_one()
        return (
            self.team_id.aftersales_calendar_id or self.company_id.resource_calendar_id
        )

    def _aftersales_deadline_values(self, target, calendar):
        start = (
            self.aftersales_reported_at
            if target.start_from == sla.FROM_REQUEST
            else self.aftersales_arrived_at
        )
        deadline = False
        if start:
            if target.unit == "days":
                deadline = self._aftersales_days_deadline(target, start, calendar)
            elif target.working_hours and calendar:
                deadline = calendar.plan_hours(target.hours, start, compute_leaves=True)
            else:
                deadline = sla.clock_deadline(start, target.hours)
        return {
            "ticket_id": self.id,
            "policy_id": target.policy_id.id,
            "kind": target.kind,
            "target_hours": target.hours if target.unit == "hours" else 0.0,
            "target_days": target.days if target.unit == "days" else 0,
            "working_hours": target.working_hours,
            "start_at": start or False,
            "deadline": deadline,
            # Running even when already past: the cron marks the breach and
            # escalates it, once.
            "state": sla.STATE_RUNNING if deadline else sla.STATE_WAITING,
            "warned_at": False,
        }

    def _aftersales_days_deadline(self, target, start, calendar):
        """A target in days: on the calendar (working or calendar days, in its
        time zone); without any calendar, calendar days in UTC."""
        if calendar:
            return calendar._aftersales_plan_days(
                start, target.days, working=target.working_hours
            )
        last = china_calendar.calendar_days_deadline(start, target.days)
        return datetime.combine(last, time(23, 59, 59))

    def _aftersales_reach(self, kind, when):
        """The event of ``kind`` happened at ``when``: record it (the first
        time only) and settle the matching deadlines."""
        field = EVENT_FIELDS[kind]
        tickets = self.filtered(lambda t: not t[field])
        if not tickets:
            return
        tickets.sudo()._aftersales_write({field: when})
        now = fields.Datetime.now()
        for line in tickets.aftersales_deadline_ids.sudo().filtered(
            lambda d: d.kind == kind and not d.reached_at and d.state != "cancelled"
        ):
            line.write(
                {
                    "reached_at": when,
                    "state": sla.deadline_state(line.deadline or None, when, now),
                }
            )
        if kind == sla.KIND_ARRIVAL:
            tickets._aftersales_sync_deadlines()

    @api.depends("aftersales_deadline_ids.state", "aftersales_deadline_ids.deadline")
    def _compute_aftersales_sla_status(self):
        for ticket in self:
            lines = ticket.aftersales_deadline_ids
            running = lines.filtered(lambda d: d.state == sla.STATE_RUNNING)
            ticket.aftersales_next_deadline = min(
                running.mapped("deadline"), default=False
            )
            states = set(lines.mapped("state"))
            if sla.STATE_BREACHED in states:
                status = sla.STATE_BREACHED
            elif sla.STATE_RUNNING in states or sla.STATE_WAITING in states:
                status = sla.STATE_RUNNING
            elif sla.STATE_MET in states:
                status = sla.STATE_MET
            else:
                status = "none"
            ticket.aftersales_sla_status = status

    @api.depends(
        "aftersales_visit_ids.user_id",
        "aftersales_visit_ids.helper_ids",
        "aftersales_visit_ids.state",
    )
    def _compute_aftersales_technician_ids(self):
        for ticket in self:
            visits = ticket.aftersales_visit_ids.filtered(
                lambda v: v.state != "cancelled"
            )
            ticket.aftersales_technician_ids = visits.user_id | visits.helper_ids

    @api.depends("aftersales_visit_ids")
    def _compute_aftersales_visit_count(self):
        counts = dict(
            self.env["aftersales.visit"]
            .sudo()
            ._read_group(
                [("ticket_id", "in", self.ids)],
                groupby=["ticket_id"],
                aggregates=["__count"],
            )
        )
        for ticket in self:
            ticket.aftersales_visit_count = counts.get(ticket._origin, 0)

    def action_aftersales_dispatch(self):
        self.ensure_one()
        if self.closed:
            raise UserError(
                self.env._(
                    "Ticket %(ticket)s is closed; reopen it to send a technician.",
                    ticket=self.number,
                )
            )
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Dispatch"),
            "res_model": "aftersales.dispatch",
            "view_mode": "form",
            "target": "new",
            "context": {"default_ticket_id": self.id},
        }

    def action_aftersales_view_visits(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "aftersales_service.aftersales_visit_action"
        )
        action["domain"] = [("ticket_id", "=", self.id)]
        action["context"] = {"default_ticket_id": self.id}
        return action
