from datetime import timedelta

from odoo import Command, api, fields, models
from odoo.exceptions import UserError

CLAIM_STATES = [
    ("draft", "Draft"),
    ("sent", "Sent to Supplier"),
    ("accepted", "Accepted"),
    ("refused", "Refused"),
]


class AftersalesSupplierClaim(models.Model):
    """The written notice to a supplier of defective bought-in parts: problem,
    model, quantity, site, contact, deadline and who pays (DOMAIN.md)."""

    _name = "aftersales.supplier.claim"
    _description = "Supplier Claim for Defective Parts"
    _inherit = ["mail.thread", "mail.activity.mixin", "aftersales.protected.mixin"]
    _order = "id desc"
    _check_company_auto = True

    name = fields.Char(string="Number", readonly=True, copy=False, default="/")
    company_id = fields.Many2one(
        comodel_name="res.company",
        required=True,
        index=True,
        default=lambda self: self.env.company,
    )
    partner_id = fields.Many2one(
        comodel_name="res.partner",
        string="Supplier",
        tracking=True,
        check_company=True,
    )
    product_id = fields.Many2one(
        comodel_name="product.product",
        string="Model",
        required=True,
        check_company=True,
    )
    quantity = fields.Float(required=True, default=1.0, digits="Product Unit")
    problem = fields.Text(required=True, default="")
    site = fields.Char(help="Where the part failed.")
    contact_id = fields.Many2one(
        comodel_name="res.users",
        string="Our Contact",
        default=lambda self: self.env.user,
        help="Whom the supplier contacts about this claim.",
    )
    deadline = fields.Date(
        required=True,
        tracking=True,
        default=lambda self: (
            fields.Date.context_today(self)
            + timedelta(days=self.env.company.aftersales_claim_days)
        ),
        help="Date by which the supplier answers.",
    )
    payer = fields.Selection(
        selection=[("supplier", "Supplier"), ("company", "Our Company")],
        string="Who Pays",
        default="supplier",
        required=True,
        tracking=True,
    )
    state = fields.Selection(
        selection=CLAIM_STATES,
        default="draft",
        required=True,
        tracking=True,
        readonly=True,
    )
    return_ids = fields.One2many(
        comodel_name="aftersales.part.return",
        inverse_name="claim_id",
        string="Defective Parts",
    )
    picking_id = fields.Many2one(
        comodel_name="stock.picking",
        string="Return to Supplier",
        readonly=True,
        copy=False,
        check_company=True,
    )

    _name_unique = models.Constraint(
        "unique(name, company_id)",
        "A supplier claim number must be unique per company.",
    )
    _aftersales_quantity_positive = models.Constraint(
        "CHECK(quantity > 0)", "A claim is for a positive quantity of parts."
    )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("name", "/") == "/":
                vals["name"] = (
                    self.env["ir.sequence"].next_by_code("aftersales.supplier.claim")
                    or "/"
                )
        return super().create(vals_list)

    def _aftersales_protected_field_names(self):
        # Sent, answered and shipped by the claim's actions only.
        return super()._aftersales_protected_field_names() | {"state", "picking_id"}

    def action_send(self):
        """Send the claim: the defective parts leave the quarantine for the
        supplier with a delivery."""
        for claim in self:
            missing = [
                label
                for label, value in (
                    (self.env._("Supplier"), claim.partner_id),
                    (self.env._("Problem"), claim.problem and claim.problem.strip()),
                )
                if not value
            ]
            if missing:
                raise UserError(
                    self.env._(
                        "Claim %(claim)s cannot be sent: fill in %(fields)s.",
                        claim=claim.name,
                        fields=", ".join(missing),
                    )
                )
            if claim.state != "draft":
                raise UserError(
                    self.env._("Claim %(claim)s was already sent.", claim=claim.name)
                )
        for claim in self:
            warehouse = self.env["stock.warehouse"]._aftersales_main(claim.company_id)
            source = warehouse.aftersales_defective_location_id
            if source and claim.return_ids:
                picking = self.env["stock.picking"].create(
                    {
                        "picking_type_id": warehouse.out_type_id.id,
                        "partner_id": claim.partner_id.id,
                        "location_id": source.id,
                        "location_dest_id": self.env.ref(
                            "stock.stock_location_suppliers"
                        ).id,
                        "origin": claim.name,
                        "company_id": claim.company_id.id,
                        "move_ids": [
                            Command.create(
                                {
                                    "product_id": claim.product_id.id,
                                    "product_uom_qty": claim.quantity,
                                    "product_uom": claim.product_id.uom_id.id,
                                    "location_id": source.id,
                                    "location_dest_id": self.env.ref(
                                        "stock.stock_location_suppliers"
                                    ).id,
                                    "company_id": claim.company_id.id,
                                }
                            )
                        ],
                    }
                )
                picking.action_confirm()
                picking.action_assign()
                claim._aftersales_write({"picking_id": picking.id})
            claim._aftersales_write({"state": "sent"})
        return True

    def action_accept(self):
        self._aftersales_check_sent()
        self._aftersales_write({"state": "accepted"})

    def action_refuse(self):
        self._aftersales_check_sent()
        self._aftersales_write({"state": "refused"})

    def _aftersales_check_sent(self):
        if any(claim.state != "sent" for claim in self):
            raise UserError(
                self.env._("Record the supplier's answer on a sent claim only.")
            )
