from odoo import api, fields, models


class AftersalesContractInvoice(models.Model):
    """One invoicing period of a contract and the customer invoice made for
    it: the key (contract, period start) is unique, so the cron run twice,
    or two runs at once, never invoice a period twice."""

    _name = "aftersales.contract.invoice"
    _description = "Contract Invoicing Period"
    _inherit = ["aftersales.protected.mixin"]
    _order = "period_start desc, id desc"
    _check_company_auto = True

    contract_id = fields.Many2one(
        comodel_name="aftersales.contract",
        required=True,
        ondelete="restrict",
        index=True,
        check_company=True,
    )
    company_id = fields.Many2one(
        related="contract_id.company_id", store=True, index=True
    )
    partner_id = fields.Many2one(related="contract_id.partner_id")
    currency_id = fields.Many2one(related="company_id.currency_id")
    period_start = fields.Date(required=True)
    period_end = fields.Date(required=True)
    amount = fields.Monetary(required=True)
    overage_visits = fields.Integer(
        string="Visits Beyond Included",
        help="Visits done beyond those included, billed on this invoice.",
    )
    overage_fee_id = fields.Many2one(comodel_name="aftersales.fee")
    move_id = fields.Many2one(
        comodel_name="account.move",
        string="Invoice",
        readonly=True,
        copy=False,
        check_company=True,
    )

    _aftersales_period_unique = models.Constraint(
        "unique(contract_id, period_start)",
        "A contract's period is invoiced once.",
    )

    def _aftersales_protected_field_names(self):
        return super()._aftersales_protected_field_names() | {
            "contract_id",
            "period_start",
            "period_end",
            "amount",
            "overage_visits",
            "overage_fee_id",
            "move_id",
        }

    @api.depends("contract_id", "period_start", "period_end")
    def _compute_display_name(self):
        for period in self:
            period.display_name = (
                f"{period.contract_id.name} {period.period_start}–{period.period_end}"
            )

    def _aftersales_create_invoices(self):
        """The customer invoices of these periods, in one create."""
        if not self:
            return self.env["account.move"]
        product = self.env.ref("aftersales_service.product_contract_service")
        vals_list = []
        for period in self:
            contract = period.contract_id
            price = period.amount - period.overage_visits * period.overage_fee_id.amount
            lines = [
                {
                    "product_id": product.id,
                    "name": self.env._(
                        "Maintenance contract %(name)s, %(start)s to %(end)s",
                        name=contract.name,
                        start=period.period_start,
                        end=period.period_end,
                    ),
                    "quantity": 1.0,
                    "price_unit": price,
                }
            ]
            if period.overage_visits:
                lines.append(
                    {
                        "product_id": period.overage_fee_id.product_id.id,
                        "name": self.env._(
                            "Visits beyond the %(count)s included",
                            count=contract.visits_included,
                        ),
                        "quantity": period.overage_visits,
                        "price_unit": period.overage_fee_id.amount,
                    }
                )
            vals_list.append(
                {
                    "move_type": "out_invoice",
                    "partner_id": contract.partner_id.commercial_partner_id.id,
                    "company_id": contract.company_id.id,
                    "invoice_date": period.period_start,
                    "invoice_origin": contract.name,
                    "invoice_line_ids": [(0, 0, line) for line in lines],
                }
            )
        moves = (
            self.env["account.move"]
            .sudo()
            .with_context(default_move_type="out_invoice")
            .create(vals_list)
        )
        for period, move in zip(self, moves, strict=True):
            period._aftersales_write({"move_id": move.id})
        return moves
