from odoo import api, fields, models
from odoo.exceptions import ValidationError


class ResCompany(models.Model):
    _inherit = "res.company"

    aftersales_safety_reminder_days = fields.Integer(
        string="Certificate Reminder Lead Time",
        default=30,
        help="Days before a certificate expires that the technician and the "
        "safety officer are reminded. 0 turns reminders off.",
    )
    aftersales_safety_training_months = fields.Integer(
        string="Safety Training Interval",
        default=12,
        help="Months a passed safety training stays valid; a technician without "
        "one in this period is not dispatched. 0: no periodic training required.",
    )
    aftersales_safety_officer_id = fields.Many2one(
        comodel_name="res.users",
        string="Safety Officer",
        domain="[('share', '=', False)]",
        help="Receives certificate reminders and stop-work records.",
    )
    aftersales_safety_pre_template_id = fields.Many2one(
        comodel_name="aftersales.safety.checklist.template",
        string="Default Pre-job Checklist",
        domain="[('kind', '=', 'pre')]",
        help="Used on every visit whose job types name no pre-job checklist.",
    )
    aftersales_safety_post_template_id = fields.Many2one(
        comodel_name="aftersales.safety.checklist.template",
        string="Default Post-job Checklist",
        domain="[('kind', '=', 'post')]",
        help="Used on every visit whose job types name no post-job checklist.",
    )

    @api.constrains(
        "aftersales_safety_reminder_days", "aftersales_safety_training_months"
    )
    def _check_aftersales_safety_figures(self):
        for company in self:
            if (
                company.aftersales_safety_reminder_days < 0
                or company.aftersales_safety_training_months < 0
            ):
                raise ValidationError(
                    self.env._(
                        "%(company)s: the certificate reminder lead time and the "
                        "training interval cannot be negative; use 0 to turn "
                        "them off.",
                        company=company.name,
                    )
                )
