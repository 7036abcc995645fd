from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import float_compare

from ..rules import pricing

CHARGE_TYPES = [
    ("labour", "Labour"),
    ("travel", "Travel"),
    ("part", "Part"),
    ("other", "Other"),
]
PAYERS = [
    ("customer", "Customer"),
    ("warranty", "Warranty"),
    ("contract", "Contract"),
    ("goodwill", "Goodwill"),
]
MANAGER_GROUP = "aftersales_service.group_aftersales_manager"
DESK_GROUP = "aftersales_service.group_aftersales_user"
ACCOUNTANT_GROUP = "account.group_account_invoice"
# Customer prices: set by the fee schedule and pricing method, changed by the
# service desk (or accounting); technicians see them but do not change them.
PRICE_FIELDS = ("unit_cost", "price_unit", "tax_ids")
# Which contract cover pays which kind of charge.
CONTRACT_COVER = {
    "part": "covers_parts",
    "labour": "covers_labour",
    "travel": "covers_travel",
}


class AftersalesChargeLine(models.Model):
    """What a job costs and who pays for it. Customer lines are quoted and
    invoiced; warranty, contract and goodwill lines cost the customer nothing
    but their cost is reported."""

    _name = "aftersales.charge.line"
    _description = "Service Charge"
    _order = "ticket_id, sequence, id"
    _check_company_auto = True

    ticket_id = fields.Many2one(
        comodel_name="helpdesk.ticket",
        required=True,
        ondelete="cascade",
        index=True,
        check_company=True,
    )
    visit_id = fields.Many2one(
        comodel_name="aftersales.visit",
        domain="[('ticket_id', '=', ticket_id)]",
        check_company=True,
        index="btree_not_null",
    )
    company_id = fields.Many2one(
        related="ticket_id.company_id", store=True, index=True, precompute=True
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    sequence = fields.Integer(default=10)
    date = fields.Date(default=fields.Date.context_today, required=True)
    charge_type = fields.Selection(
        selection=CHARGE_TYPES, string="Type", required=True, default="part"
    )
    product_id = fields.Many2one(
        comodel_name="product.product",
        check_company=True,
        domain="[('sale_ok', '=', True)]",
    )
    name = fields.Char(
        string="Description",
        compute="_compute_name",
        store=True,
        readonly=False,
        precompute=True,
        required=True,
    )
    quantity = fields.Float(default=1.0, digits="Product Unit")
    unit_cost = fields.Float(
        compute="_compute_unit_cost",
        store=True,
        readonly=False,
        precompute=True,
        digits="Product Price",
    )
    price_unit = fields.Float(
        string="Unit Price",
        compute="_compute_price_unit",
        store=True,
        readonly=False,
        precompute=True,
        digits="Product Price",
    )
    tax_ids = fields.Many2many(
        comodel_name="account.tax",
        string="Taxes",
        compute="_compute_tax_ids",
        store=True,
        readonly=False,
        precompute=True,
        check_company=True,
        domain="[('type_tax_use', '=', 'sale')]",
    )
    payer = fields.Selection(
        selection=PAYERS,
        string="Paid By",
        compute="_compute_payer",
        store=True,
        readonly=False,
        precompute=True,
        required=True,
        index=True,
    )
    payer_reason = fields.Char(
        string="Payer Changed Because",
        help="A manager changing who pays gives the reason here.",
    )
    cost_total = fields.Monetary(string="Cost", compute="_compute_amounts", store=True)
    price_subtotal = fields.Monetary(
        string="Subtotal", compute="_compute_amounts", store=True
    )
    price_total = fields.Monetary(
        string="Total", compute="_compute_amounts", store=True
    )
    invoice_line_ids = fields.One2many(
        comodel_name="account.move.line",
        inverse_name="aftersales_charge_line_id",
        string="Invoice Lines",
        readonly=True,
    )
    invoice_id = fields.Many2one(
        comodel_name="account.move",
        compute="_compute_invoice",
        store=True,
        index="btree_not_null",
    )
    invoiced = fields.Boolean(compute="_compute_invoice", store=True)
    component_id = fields.Many2one(related="ticket_id.aftersales_component_id")
    unit_product_id = fields.Many2one(
        related="ticket_id.aftersales_product_id", string="Unit"
    )
    supplier_id = fields.Many2one(
        comodel_name="res.partner",
        compute="_compute_supplier_id",
        store=True,
        help="Supplier of a bought-in part, to claim warranty cost back.",
    )

    # ------------------------------------------------------------------
    # Defaults from the product, the pricing method and the coverage
    # ------------------------------------------------------------------

    @api.depends("product_id", "charge_type")
    def _compute_name(self):
        labels = dict(self._fields["charge_type"]._description_selection(self.env))
        for line in self:
            line.name = line.product_id.display_name or labels.get(line.charge_type)

    @api.depends("product_id")
    def _compute_unit_cost(self):
        for line in self:
            line.unit_cost = line.product_id.standard_price

    @api.depends("product_id", "unit_cost", "charge_type", "visit_id")
    def _compute_price_unit(self):
        fees = self._aftersales_fees()
        for line in self:
            company = line.company_id or self.env.company
            fee = fees.get(line)
            if fee:
                line.price_unit = fee.amount
            elif company.aftersales_pricing_method == "cost_plus" and line.unit_cost:
                line.price_unit = company.currency_id.round(
                    float(
                        pricing.cost_plus(
                            line.unit_cost, company.aftersales_quote_markup
                        )
                    )
                )
            else:
                line.price_unit = line.product_id.lst_price

    @api.depends("product_id")
    def _compute_tax_ids(self):
        for line in self:
            company = line.company_id or self.env.company
            line.tax_ids = line.product_id.taxes_id.filtered(
                lambda tax, company=company: tax.company_id in company.parent_ids
            )

    @api.depends(
        "ticket_id.aftersales_coverage",
        "ticket_id.aftersales_contract_id",
        "ticket_id.aftersales_zone_id",
        "charge_type",
        "product_id",
        "payer_reason",
    )
    def _compute_payer(self):
        for line in self:
            if line.payer_reason and line.payer:
                continue
            line.payer = line._aftersales_default_payer()

    def _aftersales_default_payer(self):
        """Who pays by the rules: the ticket's coverage, except a part still in
        its own component warranty (free even on a paid ticket) and travel to
        a zone where travel is charged (paid even in warranty)."""
        self.ensure_one()
        ticket = self.ticket_id
        if self.charge_type == "travel" and ticket.aftersales_zone_id.travel_charged:
            return "customer"
        if (
            self.charge_type == "part"
            and self.product_id
            and ticket._aftersales_part_in_warranty(self.product_id)
        ):
            return "warranty"
        coverage = ticket.aftersales_coverage
        if coverage == "free":
            return "warranty"
        if coverage == "contract":
            cover = CONTRACT_COVER.get(self.charge_type)
            if cover and ticket.aftersales_contract_id[cover]:
                return "contract"
        return "customer"

    @api.depends("quantity", "price_unit", "unit_cost", "tax_ids", "payer")
    def _compute_amounts(self):
        for line in self:
            currency = line.currency_id or self.env.company.currency_id
            line.cost_total = currency.round(
                float(
                    pricing.line_amount(max(line.quantity, 0), max(line.unit_cost, 0))
                )
            )
            line.price_subtotal = currency.round(
                float(
                    pricing.line_amount(max(line.quantity, 0), max(line.price_unit, 0))
                )
            )
            taxes = line.tax_ids.compute_all(
                line.price_unit,
                currency=currency,
                quantity=line.quantity,
                product=line.product_id,
                partner=line.ticket_id.commercial_partner_id,
            )
            line.price_total = taxes["total_included"]

    @api.depends(
        "invoice_line_ids.move_id.state", "invoice_line_ids.move_id.payment_state"
    )
    def _compute_invoice(self):
        for line in self:
            live = line.invoice_line_ids.filtered(
                lambda aml: (
                    aml.move_id.state != "cancel"
                    and aml.move_id.payment_state != "reversed"
                )
            )
            line.invoice_id = live.move_id[:1]
            line.invoiced = bool(live)

    @api.depends("product_id", "charge_type")
    def _compute_supplier_id(self):
        for line in self:
            line.supplier_id = (
                line.product_id.seller_ids[:1].partner_id
                if line.charge_type == "part"
                else False
            )

    def _aftersales_fees(self):
        """The fee schedule's price of each labour and travel line, ``{line:
        fee}``: one search for the fees and one for the technicians of all
        the lines, whatever their number. Labour is priced at the skill level
        of the visit's lead technician."""
        priced = self.filtered(lambda line: line.charge_type in ("labour", "travel"))
        if not priced:
            return {}
        companies = priced.company_id | self.env.company
        schedule = self.env["aftersales.fee"]._aftersales_schedule(companies)
        users = priced.visit_id.user_id
        # Who may add a charge may not read technician profiles (accountants):
        # the level only prices the line.
        levels = {
            (technician.user_id, technician.company_id): technician.skill_level
            for technician in self.env["aftersales.technician"]
            .sudo()
            .search([("user_id", "in", users.ids), ("company_id", "in", companies.ids)])
        }
        result = {}
        for line in priced:
            company = line.company_id or self.env.company
            result[line] = schedule._aftersales_choose(
                line.charge_type,
                company,
                product=line.product_id,
                skill_level=levels.get((line.visit_id.user_id, company)),
                zone=line.ticket_id.aftersales_zone_id,
            )
        return result

    # ------------------------------------------------------------------
    # Guards: who pays, invoiced lines locked
    # ------------------------------------------------------------------

    @api.constrains("payer", "payer_reason")
    def _check_payer(self):
        for line in self:
            if line.payer == line._aftersales_default_payer():
                continue
            if not (line.payer_reason or "").strip():
                raise ValidationError(
                    self.env._(
                        "%(line)s: the rules say %(rule)s pays; changing it to "
                        "%(payer)s needs a reason.",
                        line=line.name,
                        rule=line._aftersales_payer_label(
                            line._aftersales_default_payer()
                        ),
                        payer=line._aftersales_payer_label(line.payer),
                    )
                )

    @api.constrains("quantity", "price_unit", "unit_cost")
    def _check_amounts(self):
        """The one guard of non-negative amounts (create, write, computed)."""
        for line in self:
            for field in ("quantity", "price_unit", "unit_cost"):
                if line[field] < 0:
                    raise ValidationError(
                        self.env._(
                            "%(line)s: %(field)s cannot be negative (%(value)s). "
                            "Enter a positive value; a refund is a credit note.",
                            line=line.name,
                            field=self._fields[field]._description_string(self.env),
                            value=line[field],
                        )
                    )

    def _aftersales_check_payer_rights(self, vals_list):
        """Only a manager gives a payer with a reason (a manual payer)."""
        if self.env.su or self.env.user.has_group(MANAGER_GROUP):
            return
        if any((vals.get("payer_reason") or "").strip() for vals in vals_list):
            raise AccessError(
                self.env._(
                    "Only an after-sales manager may change who pays for a "
                    "charge (with a reason)."
                )
            )

    def _aftersales_may_set_prices(self):
        return (
            self.env.su
            or self.env.user.has_group(DESK_GROUP)
            or self.env.user.has_group(ACCOUNTANT_GROUP)
        )

    def _aftersales_price_refusal(self, names):
        return AccessError(
            self.env._(
                "Technicians see but do not change customer prices (%(fields)s): "
                "the fee schedule and the service desk set them. Ask the service "
                "desk to change the price.",
                fields=", ".join(names),
            )
        )

    def _aftersales_check_price_rights_create(self, vals_list):
        """A technician's new line gets the prices the rules give; any other
        price, cost or taxes given with it is refused."""
        if self._aftersales_may_set_prices():
            return
        for vals in vals_list:
            if not set(PRICE_FIELDS) & set(vals):
                continue
            given = self.new(vals)
            expected = self.new(
                {key: value for key, value in vals.items() if key not in PRICE_FIELDS}
            )
            changed = [
                name
                for name in PRICE_FIELDS
                if name in vals
                and (
                    given[name] != expected[name]
                    if name == "tax_ids"
                    else float_compare(
                        given[name],
                        expected[name],
                        precision_digits=self._fields[name].get_digits(self.env)[1],
                    )
                )
            ]
            if changed:
                raise self._aftersales_price_refusal(
                    [
                        self._fields[name]._description_string(self.env)
                        for name in changed
                    ]
                )

    def _aftersales_check_price_rights_write(self, vals):
        changed = [name for name in PRICE_FIELDS if name in vals]
        if changed and not self._aftersales_may_set_prices():
            raise self._aftersales_price_refusal(
                [self._fields[name]._description_string(self.env) for name in changed]
            )

    @api.model_create_multi
    def create(self, vals_list):
        self._aftersales_check_payer_rights(vals_list)
        self._aftersales_check_price_rights_create(vals_list)
        tickets = self.env["helpdesk.ticket"].browse(
            [vals.get("ticket_id") for vals in vals_list]
        )
        tickets._aftersales_check_charges_open()
        return super().create(vals_list)

    def write(self, vals):
        self._aftersales_check_payer_rights([vals])
        self._aftersales_check_price_rights_write(vals)
        self._aftersales_check_not_invoiced()
        if "ticket_id" in vals:
            self.env["helpdesk.ticket"].browse(
                vals["ticket_id"]
            )._aftersales_check_charges_open()
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_invoiced(self):
        self._aftersales_check_not_invoiced()

    def _aftersales_check_not_invoiced(self):
        invoiced = self.filtered("invoiced")
        if invoiced:
            # The service desk may not read invoices; the message still names
            # the invoice to ask the accountant about.
            invoice_sudo = invoiced[0].invoice_id.sudo()
            raise UserError(
                self.env._(
                    "%(line)s is on invoice %(invoice)s and cannot be changed. "
                    "Cancel or credit the invoice first.",
                    line=invoiced[0].name,
                    invoice=invoice_sudo.name,
                )
            )

    def _aftersales_payer_label(self, payer):
        return dict(self._fields["payer"]._description_selection(self.env))[payer]
