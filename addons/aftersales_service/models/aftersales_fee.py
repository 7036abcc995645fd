from odoo import api, fields, models

from ..rules import pricing


class AftersalesFee(models.Model):
    """The published fee schedule: labour rates by skill level, travel by zone,
    the call-out fee. A fee is the price of one unit of its product: travel by
    the km is a product counted in km, the quantity the charge line gives."""

    _name = "aftersales.fee"
    _description = "Service Fee"
    _order = "fee_type, sequence, id"
    _check_company_auto = True

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        comodel_name="res.company", default=lambda self: self.env.company
    )
    currency_id = fields.Many2one(
        comodel_name="res.currency",
        compute="_compute_currency_id",
    )
    fee_type = fields.Selection(
        selection=[
            (pricing.FEE_LABOUR, "Labour per Hour"),
            (pricing.FEE_TRAVEL, "Travel"),
            (pricing.FEE_CALLOUT, "Call-out"),
        ],
        required=True,
    )
    product_id = fields.Many2one(
        comodel_name="product.product",
        string="Service Product",
        required=True,
        check_company=True,
        domain="[('type', '=', 'service')]",
        help="The product put on quotes and invoices.",
    )
    skill_level = fields.Selection(
        selection=[
            ("junior", "Junior"),
            ("senior", "Senior"),
            ("expert", "Expert"),
        ],
        help="Labour: the rate for this skill level. Empty: any level.",
    )
    zone_id = fields.Many2one(
        comodel_name="aftersales.service.zone",
        check_company=True,
        help="Travel: the fee to this zone. Empty: any zone.",
    )
    amount = fields.Monetary(required=True)

    _aftersales_amount_positive = models.Constraint(
        "CHECK(amount >= 0)", "A fee cannot be negative."
    )

    def _compute_currency_id(self):
        for fee in self:
            fee.currency_id = (fee.company_id or self.env.company).currency_id

    @api.model
    def _aftersales_find(self, fee_type, company, product=None, zone=None):
        """The fee for a charge: of its product when it has one, else the most
        specific of the type for the zone."""
        domain = [
            ("fee_type", "=", fee_type),
            ("company_id", "in", [company.id, False]),
        ]
        if product:
            # The line names its fee through the product (e.g. senior labour).
            return self.search(domain + [("product_id", "=", product.id)], limit=1)
        fees = self.search(domain)
        chosen = pricing.choose_fee(
            [
                pricing.Fee(
                    key=fee.id,
                    fee_type=fee.fee_type,
                    amount=pricing.to_decimal(fee.amount),
                    skill_level=fee.skill_level or None,
                    zone=fee.zone_id.id or None,
                )
                for fee in fees
            ],
            fee_type,
            skill_level=None,
            zone=zone.id if zone else None,
        )
        return self.browse(chosen.key) if chosen else self
