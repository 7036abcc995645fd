from odoo import api, fields, models
from odoo.exceptions import ValidationError


def check_months(records, field_name):
    """Refuse negative warranty months with a message naming the record."""
    for record in records:
        if record[field_name] < 0:
            raise ValidationError(
                records.env._(
                    "%(record)s: a warranty period cannot be negative "
                    "(%(months)s months). Enter 0 or more months.",
                    record=record.display_name,
                    months=record[field_name],
                )
            )


class AftersalesComponentWarranty(models.Model):
    _name = "aftersales.component.warranty"
    _description = "Component Warranty Period"
    _order = "sequence, id"

    sequence = fields.Integer(default=10)
    categ_id = fields.Many2one(
        comodel_name="product.category",
        string="Product Category",
        index=True,
        ondelete="cascade",
    )
    product_tmpl_id = fields.Many2one(
        comodel_name="product.template",
        string="Product",
        index=True,
        ondelete="cascade",
    )
    component_categ_id = fields.Many2one(
        comodel_name="product.category",
        string="Component Category",
        help="Parts of this category (and its subcategories) have this period.",
    )
    component_product_id = fields.Many2one(
        comodel_name="product.product",
        string="Component",
        help="This part has this period; more specific than a component category.",
    )
    months = fields.Integer(required=True)

    _months_positive = models.Constraint(
        "CHECK(months >= 0)",
        "A component warranty period cannot be negative months.",
    )
    _owner_set = models.Constraint(
        "CHECK(categ_id IS NOT NULL OR product_tmpl_id IS NOT NULL)",
        "A component warranty belongs to a product or a product category.",
    )
    _component_set = models.Constraint(
        "CHECK(component_categ_id IS NOT NULL OR component_product_id IS NOT NULL)",
        "Choose the component: a part or a category of parts.",
    )

    @api.depends("component_product_id", "component_categ_id", "months")
    def _compute_display_name(self):
        for line in self:
            component = line.component_product_id or line.component_categ_id
            line.display_name = self.env._(
                "%(component)s: %(months)s months",
                component=component.display_name,
                months=line.months,
            )

    @api.constrains("months")
    def _check_months(self):
        check_months(self, "months")

    def _matches(self, part):
        """True when this line's component is ``part`` (a product.product)."""
        self.ensure_one()
        if self.component_product_id:
            return self.component_product_id == part
        return bool(
            part.categ_id
            and self.component_categ_id
            and part.categ_id.parent_path.startswith(
                self.component_categ_id.parent_path
            )
        )
