from odoo import api, models


class MailActivity(models.Model):
    _inherit = "mail.activity"

    @api.model
    def _aftersales_create_quietly(self, vals_list):
        """Activities made by our crons (deadline warnings, overdue returns):
        each is the notice, in the user's activity menu, without an "assigned
        to you" e-mail each (thousands at once otherwise)."""
        return (
            self.sudo().with_context(mail_activity_quick_update=True).create(vals_list)
        )
