from odoo import fields, models


class AftersalesExclusion(models.Model):
    _name = "aftersales.exclusion"
    _description = "Warranty Exclusion"
    _order = "sequence, id"
    _check_company_auto = True

    name = fields.Char(required=True, translate=True)
    code = fields.Char(required=True, help="Short code used in reports.")
    description = fields.Text(translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        comodel_name="res.company",
        help="Leave empty to share the exclusion between companies.",
    )

    _code_unique = models.Constraint(
        "unique(code, company_id)", "An exclusion code must be unique per company."
    )
