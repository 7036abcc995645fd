from odoo import api, fields, models

from .aftersales_component_warranty import check_months


class ProductCategory(models.Model):
    _inherit = "product.category"

    aftersales_warranty_months = fields.Integer(
        string="Warranty (months)",
        help="Whole-unit warranty of products in this category, unless the "
        "product sets its own.",
    )
    aftersales_component_warranty_ids = fields.One2many(
        comodel_name="aftersales.component.warranty",
        inverse_name="categ_id",
        string="Component Warranties",
    )

    _aftersales_warranty_months_positive = models.Constraint(
        "CHECK(aftersales_warranty_months >= 0)",
        "A warranty period cannot be negative months.",
    )

    @api.constrains("aftersales_warranty_months")
    def _check_aftersales_warranty_months(self):
        check_months(self, "aftersales_warranty_months")
