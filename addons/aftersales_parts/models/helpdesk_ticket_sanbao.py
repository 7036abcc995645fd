from odoo import api, models


class HelpdeskTicket(models.Model):
    """三包: a repair request that makes a unit's repeat repairs reach the
    policy's threshold proposes a replacement or refund."""

    _inherit = "helpdesk.ticket"

    @api.model_create_multi
    def create(self, vals_list):
        tickets = super().create(vals_list)
        tickets._aftersales_sanbao_check()
        return tickets

    def write(self, vals):
        result = super().write(vals)
        if {
            "aftersales_lot_id",
            "aftersales_failure_date",
            "aftersales_component_id",
        } & set(vals):
            self._aftersales_sanbao_check()
        return result

    def _aftersales_sanbao_check(self):
        lots = self.filtered(
            lambda t: t.aftersales_repeat and t.aftersales_request_type == "repair"
        ).aftersales_lot_id
        if lots:
            lots.sudo()._aftersales_sanbao_check()
