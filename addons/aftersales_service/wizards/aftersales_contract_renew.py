from dateutil.relativedelta import relativedelta

from odoo import api, fields, models


class AftersalesContractRenew(models.TransientModel):
    """Renew a contract: the next one with new dates and price, same terms,
    linked to the old one."""

    _name = "aftersales.contract.renew"
    _description = "Renew a Service Contract"

    contract_id = fields.Many2one(
        comodel_name="aftersales.contract", required=True, readonly=True
    )
    currency_id = fields.Many2one(related="contract_id.currency_id")
    date_start = fields.Date(
        string="New Start",
        compute="_compute_dates",
        store=True,
        readonly=False,
        precompute=True,
    )
    date_end = fields.Date(
        string="New End",
        compute="_compute_dates",
        store=True,
        readonly=False,
        precompute=True,
    )
    price = fields.Monetary(
        string="New Price",
        compute="_compute_price",
        store=True,
        readonly=False,
        precompute=True,
    )

    @api.depends("contract_id")
    def _compute_dates(self):
        for wizard in self:
            old = wizard.contract_id
            if not old:
                continue
            length = relativedelta(old.date_end, old.date_start)
            wizard.date_start = old.date_end + relativedelta(days=1)
            wizard.date_end = wizard.date_start + length

    @api.depends("contract_id")
    def _compute_price(self):
        for wizard in self:
            wizard.price = wizard.contract_id.price

    def action_renew(self):
        self.ensure_one()
        new = self.contract_id._aftersales_renew(
            self.date_start, self.date_end, self.price
        )
        return {
            "type": "ir.actions.act_window",
            "res_model": "aftersales.contract",
            "res_id": new.id,
            "view_mode": "form",
        }
