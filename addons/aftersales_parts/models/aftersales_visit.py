from odoo import models


class AftersalesVisit(models.Model):
    _inherit = "aftersales.visit"

    def action_aftersales_request_parts(self):
        self.ensure_one()
        return self.ticket_id.with_context(
            default_visit_id=self.id,
            default_technician_user_id=self.user_id.id,
        ).action_aftersales_request_parts()
