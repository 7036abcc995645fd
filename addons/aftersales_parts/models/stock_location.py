from odoo import fields, models


class StockLocation(models.Model):
    _inherit = "stock.location"

    aftersales_technician_id = fields.Many2one(
        comodel_name="aftersales.technician",
        string="Van of Technician",
        index="btree_not_null",
        copy=False,
        help="This location is the van of this field technician.",
    )
