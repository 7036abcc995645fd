from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError


class AftersalesContract(models.Model):
    _name = "aftersales.contract"
    _description = "Service Contract"
    _inherit = ["mail.thread", "mail.activity.mixin"]
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
        selection=[
            ("draft", "Draft"),
            ("active", "Active"),
            ("closed", "Closed"),
            ("cancelled", "Cancelled"),
        ],
        default="draft",
        required=True,
        tracking=True,
        copy=False,
    )
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
        self.write({"state": "active"})

    def action_close(self):
        self.write({"state": "closed"})

    def action_cancel(self):
        self.write({"state": "cancelled"})

    def action_view_tickets(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "aftersales_service.helpdesk_ticket_action"
        )
        action["domain"] = [("aftersales_contract_id", "=", self.id)]
        action["context"] = {"default_partner_id": self.partner_id.id}
        return action

    def _covers(self, lot, product, day):
        """True when this contract covers the unit on ``day``."""
        self.ensure_one()
        return (
            self.state == "active"
            and self.date_start <= day <= self.date_end
            and ((lot and lot in self.lot_ids) or (product in self.product_ids))
        )
