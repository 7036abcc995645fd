from odoo import fields, models


class AccountMoveLine(models.Model):
    _inherit = "account.move.line"

    aftersales_lot_ids = fields.Many2many(
        comodel_name="stock.lot",
        string="Serial Numbers",
        domain="[('product_id', '=', product_id)]",
        check_company=True,
        help="Units sold on this line: posting the invoice starts their "
        "warranty when the company starts warranties at invoicing.",
    )
    aftersales_charge_line_id = fields.Many2one(
        comodel_name="aftersales.charge.line",
        string="Service Charge",
        copy=False,
        index="btree_not_null",
        readonly=True,
    )
