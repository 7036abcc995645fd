from odoo import api, fields, models

from .aftersales_component_warranty import check_months


class ProductTemplate(models.Model):
    _inherit = "product.template"

    aftersales_warranty_months = fields.Integer(
        string="Warranty (months)",
        compute="_compute_aftersales_warranty_months",
        store=True,
        readonly=False,
        precompute=True,
        help="Whole-unit warranty; defaults to the category's.",
    )
    aftersales_component_warranty_ids = fields.One2many(
        comodel_name="aftersales.component.warranty",
        inverse_name="product_tmpl_id",
        string="Component Warranties",
        help="Periods of parts of this product; they replace the category's "
        "period for the same component.",
    )

    _aftersales_warranty_months_positive = models.Constraint(
        "CHECK(aftersales_warranty_months >= 0)",
        "A warranty period cannot be negative months.",
    )

    @api.constrains("aftersales_warranty_months")
    def _check_aftersales_warranty_months(self):
        check_months(self, "aftersales_warranty_months")

    @api.depends("categ_id.aftersales_warranty_months")
    def _compute_aftersales_warranty_months(self):
        for template in self:
            template.aftersales_warranty_months = (
                template.categ_id.aftersales_warranty_months
            )

    def _aftersales_component_lines(self):
        """Component periods in force, most specific first: the product's,
        then each category's from the nearest up; within one owner a line
        naming the part comes before a line naming its category."""
        self.ensure_one()
        groups = [self.aftersales_component_warranty_ids]
        categ = self.categ_id
        while categ:
            groups.append(categ.aftersales_component_warranty_ids)
            categ = categ.parent_id
        ordered = self.env["aftersales.component.warranty"]
        for lines in groups:
            ordered |= lines.sorted(lambda line: not line.component_product_id)
        return ordered

    def _aftersales_component_months(self, part):
        """Months of the component warranty for ``part``, or None."""
        self.ensure_one()
        if not part:
            return None
        for line in self._aftersales_component_lines():
            if line._matches(part):
                return line.months
        return None
