from odoo import api, fields, models
from odoo.exceptions import ValidationError


class ResCompany(models.Model):
    _inherit = "res.company"

    aftersales_safety_inspection_horizon_days = fields.Integer(
        string="Inspection Planning Horizon",
        default=30,
        help="Days ahead that the daily job creates the planned safety inspections.",
    )

    @api.constrains("aftersales_safety_inspection_horizon_days")
    def _check_aftersales_safety_inspection_horizon(self):
        for company in self:
            if company.aftersales_safety_inspection_horizon_days < 0:
                raise ValidationError(
                    self.env._(
                        "%(company)s: the inspection planning horizon cannot be "
                        "negative; use 0 to create each inspection on its due "
                        "date.",
                        company=company.name,
                    )
                )


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    aftersales_safety_inspection_horizon_days = fields.Integer(
        related="company_id.aftersales_safety_inspection_horizon_days",
        readonly=False,
    )
