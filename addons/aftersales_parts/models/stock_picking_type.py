from odoo import fields, models

AFTERSALES_KINDS = [
    ("issue", "Service Parts Issue"),
    ("defective", "Defective Parts Return"),
    ("loan_out", "Loaner Delivery"),
    ("loan_in", "Loaner Return"),
    ("repair_in", "Workshop Receipt"),
    ("repair_out", "Workshop Return"),
]


class StockPickingType(models.Model):
    _inherit = "stock.picking.type"

    aftersales_kind = fields.Selection(
        selection=AFTERSALES_KINDS,
        string="After-Sales Use",
        copy=False,
        index="btree_not_null",
        help="What after-sales does with pickings of this type.",
    )
