from collections import defaultdict
from datetime import datetime, timedelta

from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from ..rules import pm

CONTRACT_STATES = [
    ("draft", "Draft"),
    ("active", "Active"),
    ("expiring", "Expiring"),
    ("renewed", "Renewed"),
    ("expired", "Expired"),
    ("cancelled", "Cancelled"),
]
# The states in which a contract is running (renewal reminder, cancel).
IN_FORCE = ("active", "expiring")
# The states in which a contract covers requests failing up to its end (a
# renewed contract keeps covering until its renewal takes over).
COVERING = ("active", "expiring", "renewed")
INVOICING_SCHEDULES = [
    ("monthly", "Monthly"),
    ("quarterly", "Quarterly"),
    ("yearly", "Yearly"),
]
# Written only by the lifecycle actions (activate, the daily cron, renewal,
# cancel): they decide coverage and invoicing.
CONTRACT_PROTECTED = frozenset({"state", "previous_contract_id", "renewal_id"})


class AftersalesContract(models.Model):
    _name = "aftersales.contract"
    _description = "Service Contract"
    _inherit = ["mail.thread", "mail.activity.mixin", "aftersales.protected.mixin"]
    _order = "date_start desc, id desc"
    _check_company_auto = True

    name = fields.Char(
        string="Number", required=True, copy=False, readonly=True, default="/"
    )
    partner_id = fields.Many2one(
        comodel_name="res.partner",
        string="Customer",
        required=True,
        tracking=True,
        check_company=True,
        index=True,
    )
    company_id = fields.Many2one(
        comodel_name="res.company",
        required=True,
        default=lambda self: self.env.company,
    )
    state = fields.Selection(
        selection=CONTRACT_STATES,
        default="draft",
        required=True,
        tracking=True,
        copy=False,
        index=True,
    )
    user_id = fields.Many2one(
        comodel_name="res.users",
        string="Salesperson",
        default=lambda self: self.env.user,
        tracking=True,
        domain="[('share', '=', False)]",
        help="Gets the renewal reminder before the contract ends.",
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    price = fields.Monetary(
        tracking=True, help="The contract's price for its whole period."
    )
    invoicing_schedule = fields.Selection(
        selection=INVOICING_SCHEDULES,
        default="quarterly",
        required=True,
        tracking=True,
        help="A customer invoice is generated at the start of each period.",
    )
    visits_included = fields.Integer(
        tracking=True,
        help="Visits included in the price; visits beyond are charged at the "
        "fee schedule's call-out fee. 0: no limit.",
    )
    visits_used = fields.Integer(
        compute="_compute_visits_used",
        help="Visits done under this contract (on its requests).",
    )
    previous_contract_id = fields.Many2one(
        comodel_name="aftersales.contract",
        string="Renews",
        readonly=True,
        copy=False,
        check_company=True,
    )
    renewal_id = fields.Many2one(
        comodel_name="aftersales.contract",
        string="Renewed By",
        readonly=True,
        copy=False,
        check_company=True,
    )
    checked_on = fields.Date(
        readonly=True,
        copy=False,
        index=True,
        help="The day the daily job last checked this contract (expiry, "
        "renewal reminder, invoices due).",
    )
    invoice_period_ids = fields.One2many(
        comodel_name="aftersales.contract.invoice",
        inverse_name="contract_id",
        string="Invoiced Periods",
    )
    amount_invoiced = fields.Monetary(
        string="Revenue", compute="_compute_profitability"
    )
    amount_cost = fields.Monetary(
        string="Cost of Work",
        compute="_compute_profitability",
        help="Parts, hours and travel charged on the contract's requests (their cost).",
    )
    amount_margin = fields.Monetary(string="Margin", compute="_compute_profitability")
    date_start = fields.Date(string="Start", required=True, tracking=True)
    date_end = fields.Date(string="End", required=True, tracking=True)
    lot_ids = fields.Many2many(
        comodel_name="stock.lot",
        string="Covered Units",
        check_company=True,
        help="Serial numbers covered by this contract.",
    )
    product_ids = fields.Many2many(
        comodel_name="product.product",
        string="Covered Products",
        check_company=True,
        help="Every unit of these products owned by the customer is covered.",
    )
    covers_parts = fields.Boolean(string="Parts", default=True)
    covers_labour = fields.Boolean(string="Labour", default=True)
    covers_travel = fields.Boolean(string="Travel", default=True)
    service_level = fields.Selection(
        selection=[("standard", "Standard"), ("priority", "Priority")],
        default="standard",
        required=True,
        tracking=True,
        help="Deadline policies can apply to one service level only.",
    )
    note = fields.Html(string="Terms")
    ticket_ids = fields.One2many(
        comodel_name="helpdesk.ticket",
        inverse_name="aftersales_contract_id",
        string="Service Requests",
    )
    ticket_count = fields.Integer(string="Requests", compute="_compute_ticket_count")

    _name_unique = models.Constraint(
        "unique(name, company_id)", "A contract number must be unique per company."
    )

    _aftersales_price_positive = models.Constraint(
        "CHECK(price >= 0)", "A contract's price cannot be negative."
    )
    _aftersales_visits_positive = models.Constraint(
        "CHECK(visits_included >= 0)",
        "The number of visits included cannot be negative.",
    )

    def _aftersales_protected_field_names(self):
        return super()._aftersales_protected_field_names() | CONTRACT_PROTECTED

    def _aftersales_done_visits(self, until=None):
        """Visits done under these contracts (up to ``until``), by contract."""
        domain = [
            ("ticket_id.aftersales_contract_id", "in", self.ids),
            ("state", "=", "done"),
        ]
        if until:
            domain.append(("check_out_at", "<", until + timedelta(days=1)))
        return dict(
            self.env["aftersales.visit"]
            .sudo()
            .with_context(tz="UTC")  # days as the invoicing compares them
            ._read_group(domain, ["ticket_id.aftersales_contract_id"], ["__count"])
        )

    def _compute_visits_used(self):
        counts = self._aftersales_done_visits()
        for contract in self:
            contract.visits_used = counts.get(contract, 0)

    def _compute_profitability(self):
        invoiced = dict(
            self.env["aftersales.contract.invoice"]
            .sudo()
            ._read_group(
                [("contract_id", "in", self.ids)], ["contract_id"], ["amount:sum"]
            )
        )
        costs = dict(
            self.env["aftersales.charge.line"]
            .sudo()
            ._read_group(
                [("ticket_id.aftersales_contract_id", "in", self.ids)],
                ["ticket_id.aftersales_contract_id"],
                ["cost_total:sum"],
            )
        )
        for contract in self:
            contract.amount_invoiced = invoiced.get(contract, 0.0)
            contract.amount_cost = costs.get(contract, 0.0)
            contract.amount_margin = contract.amount_invoiced - contract.amount_cost

    def _compute_ticket_count(self):
        counts = dict(
            self.env["helpdesk.ticket"]._read_group(
                [("aftersales_contract_id", "in", self.ids)],
                ["aftersales_contract_id"],
                ["__count"],
            )
        )
        for contract in self:
            contract.ticket_count = counts.get(contract, 0)

    @api.constrains("date_start", "date_end")
    def _check_dates(self):
        for contract in self:
            if contract.date_end < contract.date_start:
                raise ValidationError(
                    self.env._(
                        "Contract %(name)s ends (%(end)s) before it starts "
                        "(%(start)s). Set an end date after the start date.",
                        name=contract.name,
                        end=contract.date_end,
                        start=contract.date_start,
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("name", "/") == "/":
                company = self.env["res.company"].browse(
                    vals.get("company_id") or self.env.company.id
                )
                vals["name"] = (
                    self.env["ir.sequence"]
                    .with_company(company)
                    .next_by_code("aftersales.contract")
                    or "/"
                )
        return super().create(vals_list)

    def action_activate(self):
        if self.filtered(lambda c: c.state != "draft"):
            raise UserError(self.env._("Only draft contracts can be activated."))
        self._aftersales_write({"state": "active"})
        self._aftersales_refresh_state(fields.Date.context_today(self))

    def action_cancel(self):
        if self.filtered(lambda c: c.state not in ("draft", "active", "expiring")):
            raise UserError(
                self.env._(
                    "Only draft or running contracts can be cancelled; a renewed "
                    "or expired contract stays as it was."
                )
            )
        self._aftersales_write({"state": "cancelled"})

    def action_renew(self):
        self.ensure_one()
        if self.state not in IN_FORCE and self.state != "expired":
            raise UserError(
                self.env._(
                    "Contract %(name)s cannot be renewed: only an active, expiring "
                    "or expired contract is renewed.",
                    name=self.name,
                )
            )
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Renew Contract"),
            "res_model": "aftersales.contract.renew",
            "view_mode": "form",
            "target": "new",
            "context": {"default_contract_id": self.id},
        }

    def _aftersales_renew(self, date_start, date_end, price):
        """The next contract: same terms, new dates and price, linked both
        ways; this one is renewed (it keeps covering up to its end)."""
        self.ensure_one()
        if self.renewal_id:
            raise UserError(
                self.env._(
                    "Contract %(name)s is already renewed by %(renewal)s.",
                    name=self.name,
                    renewal=self.renewal_id.name,
                )
            )
        if date_start <= self.date_end:
            raise ValidationError(
                self.env._(
                    "The renewal of %(name)s must start after its end (%(end)s). "
                    "Choose a later start date.",
                    name=self.name,
                    end=self.date_end,
                )
            )
        new = self.copy(
            {"date_start": date_start, "date_end": date_end, "price": price}
        )
        new._aftersales_write({"previous_contract_id": self.id})
        self._aftersales_write({"renewal_id": new.id, "state": "renewed"})
        self.activity_ids.filtered(
            lambda a: (
                a.activity_type_id
                == self.env.ref(
                    "aftersales_service.mail_activity_type_contract_renewal"
                )
            )
        ).action_feedback(feedback=self.env._("Renewed by %s", new.name))
        self.message_post(
            body=Markup(self.env._("Renewed by %s.")) % new._get_html_link(),
            message_type="comment",
            subtype_xmlid="mail.mt_note",
        )
        return new

    def _aftersales_refresh_state(self, today):
        """The lifecycle by date: in force contracts within the renewal notice
        become expiring (a reminder to the salesperson); contracts past their
        end expire (renewed ones too: their end has come)."""
        covering = self.filtered(lambda c: c.state in COVERING)
        covering.filtered(lambda c: c.date_end < today)._aftersales_expire()
        expiring = covering.filtered(
            lambda c: (
                c.state == "active"
                and c.date_end >= today
                and pm.is_expiring(
                    today, c.date_end, c.company_id.aftersales_contract_notice_days
                )
            )
        )
        if expiring:
            expiring._aftersales_write({"state": "expiring"})
            activity_type = self.env.ref(
                "aftersales_service.mail_activity_type_contract_renewal"
            )
            model_id = self.env["ir.model"]._get_id(self._name)
            self.env["mail.activity"]._aftersales_create_quietly(
                [
                    {
                        "res_model_id": model_id,
                        "res_id": contract.id,
                        "activity_type_id": activity_type.id,
                        "date_deadline": contract.date_end,
                        "summary": self.env._(
                            "Contract %(name)s ends on %(end)s: offer the renewal.",
                            name=contract.name,
                            end=contract.date_end,
                        ),
                        "user_id": (contract.user_id or self.env.user).id,
                    }
                    for contract in expiring
                ]
            )

    def _aftersales_expire(self):
        """Past the end: the contracts expire (a renewed one keeps its state
        and link). Requests failing after the end are no longer their jobs:
        their contract is decided again (the renewal's, or none); earlier
        requests keep it. One write and one search for all of ``self``."""
        if not self:
            return
        self.filtered(lambda c: c.state != "renewed")._aftersales_write(
            {"state": "expired"}
        )
        Ticket = self.env["helpdesk.ticket"].sudo()
        late = Ticket.search(
            [
                ("aftersales_contract_id", "in", self.ids),
                ("aftersales_failure_date", ">", min(self.mapped("date_end"))),
            ]
        ).filtered(
            lambda t: t.aftersales_failure_date > t.aftersales_contract_id.date_end
        )
        if late:
            self.env.add_to_compute(Ticket._fields["aftersales_contract_id"], late)
            # What follows from the contract (the coverage) is decided again.
            late.modified(["aftersales_contract_id"])
            late.flush_recordset()

    @api.model
    def _aftersales_daily_domain(self, today):
        """The contracts the daily job still has to check today: in force,
        renewed within a week of their end (their late requests move to the
        renewal), or with invoices that may be due."""
        return [
            "|",
            ("checked_on", "=", False),
            ("checked_on", "<", today),
            "|",
            "|",
            ("state", "in", IN_FORCE),
            "&",
            ("state", "=", "renewed"),
            ("date_end", ">=", today - timedelta(days=7)),
            "&",
            "&",
            ("state", "not in", ("draft", "cancelled")),
            ("date_start", "<=", today),
            ("price", ">", 0),
        ]

    @api.model
    def _cron_aftersales_contracts(self):
        """Daily: lifecycle by date, then the invoices that are due, by
        batches of contracts (each contract once a day, constant queries
        per batch)."""
        today = fields.Date.context_today(self)
        self.env["ir.cron"]._aftersales_run_batches(
            self,
            self._aftersales_daily_domain(today),
            lambda contracts: contracts._aftersales_daily(today),
            batch_size=200,
            order="id",
        )

    def _aftersales_daily(self, today):
        """The daily job on a batch of contracts; marks them checked."""
        self.filtered(
            lambda c: (
                c.state in IN_FORCE
                or (c.state == "renewed" and c.date_end >= today - timedelta(days=7))
            )
        )._aftersales_refresh_state(today)
        self.filtered(
            lambda c: (
                c.state not in ("draft", "cancelled")
                and c.date_start <= today
                and c.price > 0
            )
        )._aftersales_invoice_periods(today)
        self.with_context(tracking_disable=True).write({"checked_on": today})

    @api.model
    def _aftersales_invoice_due(self, today):
        """One customer invoice per contract and period, at the period's
        start; a period already invoiced is skipped (and the unique key
        refuses a second one whoever tries)."""
        contracts = self.search(
            [
                ("state", "not in", ("draft", "cancelled")),
                ("date_start", "<=", today),
                ("price", ">", 0),
            ]
        )
        return contracts._aftersales_invoice_periods(today)

    def _aftersales_invoice_periods(self, today):
        """The periods of ``self`` due by ``today`` not invoiced yet, created
        and invoiced together: the invoiced periods, the visits done and
        the call-out fees are each read once for all the contracts."""
        Period = self.env["aftersales.contract.invoice"]
        if not self:
            return Period
        invoiced = Period.search([("contract_id", "in", self.ids)])
        done = {(period.contract_id.id, period.period_start) for period in invoiced}
        billed = defaultdict(int)
        for period in invoiced:
            billed[period.contract_id.id] += period.overage_visits
        due = [
            (contract, start, end)
            for contract in self
            for start, end in pm.invoice_periods(
                contract.date_start, contract.date_end, contract.invoicing_schedule
            )
            if start <= today and (contract.id, start) not in done
        ]
        if not due:
            return Period
        counted = self.filtered("visits_included")
        visit_days = counted._aftersales_done_visit_days()
        fees = self.env["aftersales.fee"].search(
            [
                ("fee_type", "=", "callout"),
                ("company_id", "in", [*self.company_id.ids, False]),
            ]
        )
        vals_list = []
        for contract, start, end in due:
            used = None
            if contract in counted:
                used = sum(
                    count
                    for day, count in visit_days.get(contract.id, {}).items()
                    if day < start
                )
            fee = next(
                (
                    fee
                    for fee in fees
                    if not fee.company_id or fee.company_id == contract.company_id
                ),
                fees.browse(),
            )
            vals = contract._aftersales_period_values(
                start, end, fee, used, billed[contract.id]
            )
            billed[contract.id] += vals["overage_visits"]
            vals_list.append(vals)
        created = Period._aftersales_create(vals_list)
        created._aftersales_create_invoices()
        return created

    def _aftersales_done_visit_days(self):
        """``{contract id: {day: visits done}}``: one grouped query."""
        result = defaultdict(dict)
        for contract, day, count in (
            self.env["aftersales.visit"]
            .sudo()
            .with_context(tz="UTC")  # days as the invoicing compares them
            ._read_group(
                [
                    ("ticket_id.aftersales_contract_id", "in", self.ids),
                    ("state", "=", "done"),
                ],
                ["ticket_id.aftersales_contract_id", "check_out_at:day"],
                ["__count"],
            )
        ):
            if day:
                day = day.date() if isinstance(day, datetime) else day
                result[contract.id][day] = count
        return result

    def _aftersales_period_values(self, start, end, fee, used, billed):
        """The period's share of the price, and the visits beyond those
        included done before the period's start not billed yet (``used``
        done, ``billed`` already charged; each billed once, at the fee
        schedule's call-out price ``fee``)."""
        self.ensure_one()
        amount = pm.period_price(
            self.price,
            self.date_start,
            self.date_end,
            self.invoicing_schedule,
            (start, end),
        )
        overage = 0
        if self.visits_included and used and fee:
            overage = max(used - self.visits_included - billed, 0)
        return {
            "contract_id": self.id,
            "period_start": start,
            "period_end": end,
            "amount": amount + overage * fee.amount,
            "overage_visits": overage,
            "overage_fee_id": fee.id if overage else False,
        }

    def action_view_tickets(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "aftersales_service.helpdesk_ticket_action"
        )
        action["domain"] = [("aftersales_contract_id", "=", self.id)]
        action["context"] = {"default_partner_id": self.partner_id.id}
        return action

    def action_view_invoices(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "aftersales_service.aftersales_contract_invoice_action"
        )
        action["domain"] = [("contract_id", "=", self.id)]
        return action

    def _covers(self, lot, product, day):
        """True when this contract covers the unit on ``day``."""
        self.ensure_one()
        return (
            self.state in COVERING
            and self.date_start <= day <= self.date_end
            and ((lot and lot in self.lot_ids) or (product in self.product_ids))
        )
