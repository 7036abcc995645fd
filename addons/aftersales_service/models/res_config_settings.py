from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    aftersales_warranty_start_event = fields.Selection(
        related="company_id.aftersales_warranty_start_event", readonly=False
    )
    aftersales_factory_grace_months = fields.Integer(
        related="company_id.aftersales_factory_grace_months", readonly=False
    )
    aftersales_repeat_repair_days = fields.Integer(
        related="company_id.aftersales_repeat_repair_days", readonly=False
    )
    aftersales_department_code = fields.Char(
        related="company_id.aftersales_department_code", readonly=False
    )
    aftersales_china_calendar = fields.Boolean(
        related="company_id.aftersales_china_calendar", readonly=False
    )
    aftersales_sla_warning_hours = fields.Float(
        related="company_id.aftersales_sla_warning_hours", readonly=False
    )
    aftersales_pricing_method = fields.Selection(
        related="company_id.aftersales_pricing_method", readonly=False
    )
    aftersales_quote_markup = fields.Float(
        related="company_id.aftersales_quote_markup", readonly=False
    )
    aftersales_quote_threshold = fields.Monetary(
        related="company_id.aftersales_quote_threshold",
        readonly=False,
        currency_field="aftersales_currency_id",
    )
    aftersales_handover_days = fields.Integer(
        related="company_id.aftersales_handover_days", readonly=False
    )
    aftersales_contract_notice_days = fields.Integer(
        related="company_id.aftersales_contract_notice_days", readonly=False
    )
    aftersales_pm_window_days = fields.Integer(
        related="company_id.aftersales_pm_window_days", readonly=False
    )
    aftersales_pm_horizon_days = fields.Integer(
        related="company_id.aftersales_pm_horizon_days", readonly=False
    )
    aftersales_callback_first_day = fields.Integer(
        related="company_id.aftersales_callback_first_day", readonly=False
    )
    aftersales_callback_last_day = fields.Integer(
        related="company_id.aftersales_callback_last_day", readonly=False
    )
    aftersales_callback_user_id = fields.Many2one(
        related="company_id.aftersales_callback_user_id", readonly=False
    )
    aftersales_callback_script = fields.Html(
        related="company_id.aftersales_callback_script", readonly=False
    )
    aftersales_callback_max_tries = fields.Integer(
        related="company_id.aftersales_callback_max_tries", readonly=False
    )
    aftersales_callback_retry_interval = fields.Integer(
        related="company_id.aftersales_callback_retry_interval", readonly=False
    )
    aftersales_callback_retry_unit = fields.Selection(
        related="company_id.aftersales_callback_retry_unit", readonly=False
    )
    aftersales_rating_link_days = fields.Integer(
        related="company_id.aftersales_rating_link_days", readonly=False
    )
    aftersales_satisfied_score = fields.Integer(
        related="company_id.aftersales_satisfied_score", readonly=False
    )
    aftersales_satisfaction_target = fields.Float(
        related="company_id.aftersales_satisfaction_target", readonly=False
    )
    aftersales_key_report_days = fields.Integer(
        related="company_id.aftersales_key_report_days", readonly=False
    )
    aftersales_on_time_target = fields.Float(
        related="company_id.aftersales_on_time_target", readonly=False
    )
    aftersales_complaint_target = fields.Float(
        related="company_id.aftersales_complaint_target", readonly=False
    )
    aftersales_kpi_subscriber_ids = fields.Many2many(
        related="company_id.aftersales_kpi_subscriber_ids", readonly=False
    )
    aftersales_currency_id = fields.Many2one(
        related="company_id.currency_id", string="After-Sales Currency"
    )
