from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    aftersales_safety_reminder_days = fields.Integer(
        related="company_id.aftersales_safety_reminder_days", readonly=False
    )
    aftersales_safety_training_months = fields.Integer(
        related="company_id.aftersales_safety_training_months", readonly=False
    )
    aftersales_safety_officer_id = fields.Many2one(
        related="company_id.aftersales_safety_officer_id", readonly=False
    )
    aftersales_safety_pre_template_id = fields.Many2one(
        related="company_id.aftersales_safety_pre_template_id", readonly=False
    )
    aftersales_safety_post_template_id = fields.Many2one(
        related="company_id.aftersales_safety_post_template_id", readonly=False
    )
