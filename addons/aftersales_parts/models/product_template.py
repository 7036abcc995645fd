from odoo import api, fields, models
from odoo.exceptions import ValidationError

ABC_CLASSES = [("a", "A"), ("b", "B"), ("c", "C")]


class ProductTemplate(models.Model):
    _inherit = "product.template"

    aftersales_spare_part = fields.Boolean(
        string="Spare Part",
        help="Issued to service jobs through a parts request (so stock follows) "
        "and classified A/B/C by consumption value.",
    )
    aftersales_return_required = fields.Boolean(
        string="Return Required",
        help="Old-for-new: issuing this part expects the defective one back "
        "in the Defective Parts location.",
    )
    aftersales_loaner = fields.Boolean(
        string="Loaner Unit",
        help="Serial-tracked units of this product are lent to customers while "
        "their own unit is in repair.",
    )
    # Per company: a part fast-moving in one company may be slow in another.
    aftersales_abc_class = fields.Selection(
        selection=ABC_CLASSES,
        string="A/B/C Class",
        company_dependent=True,
        copy=False,
        readonly=True,
        help="A: the parts making the top share of consumption value in this "
        "company, B: the next share, C: the rest (Settings > After-Sales > "
        "Spare Parts).",
    )
    aftersales_abc_value = fields.Float(
        string="Consumption Value",
        company_dependent=True,
        copy=False,
        readonly=True,
        digits="Product Price",
        help="Value of the parts consumed in this company in the A/B/C window, "
        "at cost.",
    )
    aftersales_abc_quantity = fields.Float(
        string="Consumed Quantity",
        company_dependent=True,
        copy=False,
        readonly=True,
        digits="Product Unit",
    )
    aftersales_abc_date = fields.Date(
        string="Classified On", company_dependent=True, copy=False, readonly=True
    )

    @api.constrains("aftersales_loaner", "tracking", "is_storable")
    def _check_aftersales_loaner(self):
        for template in self:
            if template.aftersales_loaner and (
                template.tracking != "serial" or not template.is_storable
            ):
                raise ValidationError(
                    self.env._(
                        "%(product)s: loaner units are tracked one by one. Make "
                        "the product tracked in inventory by unique serial "
                        "number before marking it as a loaner unit.",
                        product=template.display_name,
                    )
                )

    @api.onchange("aftersales_return_required")
    def _onchange_aftersales_return_required(self):
        if self.aftersales_return_required:
            self.aftersales_spare_part = True

    def action_aftersales_abc_classify(self):
        """Button: classify the spare parts of the current company now."""
        self.env["product.product"]._aftersales_abc_classify(self.env.company)
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "success",
                "message": self.env._("Spare parts classified A/B/C."),
                "next": {"type": "ir.actions.client", "tag": "soft_reload"},
            },
        }
