from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    aftersales_parts_allow_negative = fields.Boolean(
        related="company_id.aftersales_parts_allow_negative", readonly=False
    )
    aftersales_parts_return_days = fields.Integer(
        related="company_id.aftersales_parts_return_days", readonly=False
    )
    aftersales_parts_charge_days = fields.Integer(
        related="company_id.aftersales_parts_charge_days", readonly=False
    )
    aftersales_loaner_days = fields.Integer(
        related="company_id.aftersales_loaner_days", readonly=False
    )
    aftersales_claim_days = fields.Integer(
        related="company_id.aftersales_claim_days", readonly=False
    )
    aftersales_abc_months = fields.Integer(
        related="company_id.aftersales_abc_months", readonly=False
    )
    aftersales_abc_a_percent = fields.Float(
        related="company_id.aftersales_abc_a_percent", readonly=False
    )
    aftersales_abc_b_percent = fields.Float(
        related="company_id.aftersales_abc_b_percent", readonly=False
    )
    aftersales_abc_min_days = fields.Integer(
        related="company_id.aftersales_abc_min_days", readonly=False
    )
    aftersales_abc_max_days = fields.Integer(
        related="company_id.aftersales_abc_max_days", readonly=False
    )
