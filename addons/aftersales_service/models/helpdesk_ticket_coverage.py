import functools
from collections import defaultdict

from odoo import api, fields, models
from odoo.exceptions import AccessError, ValidationError

from ..rules import warranty
from .aftersales_contract import COVERING
from .helpdesk_ticket import MANAGER_GROUP

COVERAGES = [("free", "Free"), ("paid", "Paid"), ("contract", "Contract")]
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
# Decided by the rules or by a manager's recorded override: written only by
# the actions that decide them.
COVERAGE_PROTECTED = frozenset(
    {
        "aftersales_coverage_auto",
        "aftersales_warranty_end",
        "aftersales_coverage_override",
        "aftersales_coverage_override_reason",
        "aftersales_coverage",
        "aftersales_repeat",
    }
)


@functools.lru_cache(maxsize=4096)
def _decide(facts):
    """The warranty rule, once per distinct set of facts (it is pure: the
    stored decision, the form's reason and a part's warranty ask it the same
    question)."""
    return warranty.decide_coverage(facts)


class HelpdeskTicket(models.Model):
    """Coverage: the contract that applies, the warranty rule's decision and
    its reason, a manager's override, repeat repairs."""

    _inherit = "helpdesk.ticket"

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
        domain="[('partner_id', 'parent_of', partner_id), "
        "('state', 'in', ('active', 'expiring', 'renewed'))]",
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

    def _aftersales_protected_field_names(self):
        return super()._aftersales_protected_field_names() | COVERAGE_PROTECTED

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
                    ("state", "in", COVERING),
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
                decision = _decide(ticket._aftersales_unit_facts())
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

    @api.constrains(
        "aftersales_failure_date",
        "aftersales_lot_id",
        "aftersales_product_id",
        "aftersales_component_id",
    )
    def _check_aftersales_rule_facts(self):
        """Facts the warranty rule cannot decide on (dates in the wrong
        order, negative periods) are refused. The stored decision already
        ran the rule: it is empty exactly then, and only then is the rule
        asked again, for the wording of the error."""
        for ticket in self.filtered(lambda t: not t.aftersales_coverage_auto):
            try:
                _decide(ticket._aftersales_unit_facts())
            except warranty.WarrantyInputError as error:
                raise ValidationError(ticket._aftersales_input_error(error)) from error

    @api.constrains("aftersales_contract_id", "partner_id")
    def _check_aftersales_contract_customer(self):
        """A contract covers its customer's requests only (it decides what is
        free): never another customer's, never a contract not in force."""
        for ticket in self.filtered("aftersales_contract_id"):
            contract = ticket.aftersales_contract_id.sudo()
            owner = contract.partner_id.commercial_partner_id
            if ticket.commercial_partner_id != owner or contract.state not in COVERING:
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

    def _aftersales_decision(self, component=None):
        """The rule's decision (for ``component`` instead of the failed one
        when given), or None when the facts contradict each other (the
        constraint then refuses to save)."""
        self.ensure_one()
        try:
            return _decide(self._aftersales_unit_facts(component=component))
        except warranty.WarrantyInputError:
            return None

    def _aftersales_part_in_warranty(self, part):
        """Is ``part`` of this unit still within its own component warranty?"""
        self.ensure_one()
        template = self.aftersales_product_id.product_tmpl_id
        if not template or template._aftersales_component_months(part) is None:
            return False
        decision = self._aftersales_decision(component=part)
        return bool(decision) and decision.coverage == "free"

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
