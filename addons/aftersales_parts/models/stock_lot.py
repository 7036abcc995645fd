from datetime import timedelta

from odoo import api, fields, models

from ..rules import returns


class StockLot(models.Model):
    """Batches and serials: production date (生产日期), expiry (Odoo's
    product_expiry when installed), 三包 proposals and recalls."""

    _inherit = "stock.lot"

    aftersales_production_date = fields.Date(
        string="Production Date", help="生产日期 of the batch or unit."
    )
    aftersales_sanbao_ids = fields.One2many(
        comodel_name="aftersales.sanbao",
        inverse_name="lot_id",
        string="三包 Proposals",
    )
    aftersales_sanbao_state = fields.Selection(
        selection=[
            ("proposed", "Proposed"),
            ("replace", "Replaced"),
            ("refund", "Refunded"),
            ("refused", "Refused"),
        ],
        string="三包",
        compute="_compute_aftersales_sanbao_state",
        store=True,
    )
    aftersales_recall_line_ids = fields.One2many(
        comodel_name="aftersales.recall.line",
        inverse_name="lot_id",
        string="Recalls",
    )

    @api.depends("aftersales_sanbao_ids.state")
    def _compute_aftersales_sanbao_state(self):
        for lot in self:
            last = lot.aftersales_sanbao_ids.sorted("id")[-1:]
            lot.aftersales_sanbao_state = last.state or False

    def _aftersales_expiry_date(self, production_date=None, product=None):
        """The batch's expiry date: product_expiry's ``expiration_date`` when
        that module is installed and the date is set, otherwise the production
        date plus the product's shelf life (days); None when unknown."""
        lot = self[:1]
        if lot and "expiration_date" in lot._fields and lot.expiration_date:
            return fields.Date.to_date(lot.expiration_date)
        production = production_date or lot.aftersales_production_date
        product = product or lot.product_id
        days = product.product_tmpl_id.aftersales_shelf_life_days
        if production and days:
            return production + timedelta(days=days)
        return None

    def _aftersales_sanbao_check(self):
        """三包: units whose repeat repairs reached the policy's threshold get
        a proposal (replacement by default) a manager decides; one open
        proposal per unit."""
        # Counted by a grouped read, not by dependencies: read afresh.
        self.invalidate_recordset(["aftersales_repeat_repair_count"])
        Policy = self.env["aftersales.return.policy"].sudo()
        Sanbao = self.env["aftersales.sanbao"].sudo()
        policies = Policy.search(
            [("company_id", "in", self.company_id.ids or [self.env.company.id])]
        )
        open_lots = Sanbao.search(
            [("lot_id", "in", self.ids), ("state", "=", "proposed")]
        ).lot_id
        vals_list = []
        for lot in self - open_lots:
            company = lot.company_id or self.env.company
            policy = Policy._aftersales_policy_for(company, lot.product_id, policies)
            count = lot.aftersales_repeat_repair_count
            if policy and returns.sanbao_due(
                count, policy.sanbao_threshold, lot.aftersales_in_warranty
            ):
                if Sanbao.search_count(
                    [("lot_id", "=", lot.id), ("repeat_count", ">=", count)]
                ):
                    continue  # already decided at this count
                vals_list.append(
                    {
                        "lot_id": lot.id,
                        "company_id": company.id,
                        "policy_id": policy.id,
                        "repeat_count": count,
                        "threshold": policy.sanbao_threshold,
                    }
                )
        return Sanbao._aftersales_create(vals_list) if vals_list else Sanbao


class ProductTemplate(models.Model):
    _inherit = "product.template"

    aftersales_shelf_life_days = fields.Integer(
        string="Shelf Life (Days)",
        help="保质期: expiry = production date + shelf life, when Odoo's "
        "product_expiry dates are not used.",
    )
