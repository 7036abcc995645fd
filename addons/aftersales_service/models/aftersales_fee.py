from odoo import api, fields, models

from ..rules import pricing

# A technician's level (aftersales.technician) picks the labour fee of that level.
SKILL_LEVELS = [
    ("junior", "Junior"),
    ("senior", "Senior"),
    ("expert", "Expert"),
]


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
        selection=SKILL_LEVELS,
        help="Labour: the rate for a visit's lead technician of this skill level "
        "(the technician's profile). Empty: any level; a fee of the level wins.",
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
    def _aftersales_schedule(self, companies):
        """The labour and travel fees of these companies, in one search: the
        schedule ``_aftersales_choose`` picks from for many charges."""
        return self.search(
            [
                ("fee_type", "in", (pricing.FEE_LABOUR, pricing.FEE_TRAVEL)),
                ("company_id", "in", companies.ids + [False]),
            ]
        )

    def _aftersales_choose(
        self, fee_type, company, product=None, skill_level=None, zone=None
    ):
        """The fee of ``self`` (a schedule, in its order) for a charge: the most
        specific for the skill level (labour) and zone (travel), among the fees
        of the charge's product when it names one (then the product's first
        fee when none is that specific)."""
        fees = self.filtered(
            lambda fee: (
                fee.fee_type == fee_type
                and (not fee.company_id or fee.company_id == company)
            )
        )
        if product:
            fees = fees.filtered(lambda fee: fee.product_id == product)
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
            skill_level=skill_level or None,
            zone=zone.id if zone else None,
        )
        if chosen:
            return self.browse(chosen.key)
        # The line names its fee through the product (e.g. senior labour).
        return fees[:1] if product else self.browse()
