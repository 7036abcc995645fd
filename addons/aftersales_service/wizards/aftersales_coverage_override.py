from odoo import fields, models

from ..models.helpdesk_ticket_coverage import COVERAGES


class AftersalesCoverageOverride(models.TransientModel):
    _name = "aftersales.coverage.override"
    _description = "Override Ticket Coverage"

    ticket_id = fields.Many2one(
        comodel_name="helpdesk.ticket", required=True, ondelete="cascade"
    )
    rule_coverage = fields.Selection(
        related="ticket_id.aftersales_coverage_auto", string="Coverage by Rule"
    )
    rule_reason = fields.Char(related="ticket_id.aftersales_coverage_auto_reason")
    coverage = fields.Selection(
        selection=COVERAGES,
        help="Leave empty to go back to the coverage decided by the rules.",
    )
    reason = fields.Char(help="Why the rule's decision does not apply.")

    def action_apply(self):
        self.ensure_one()
        # Refuses anyone but a manager, with a clear message.
        self.ticket_id._aftersales_override_coverage(self.coverage, self.reason)
        return {"type": "ir.actions.act_window_close"}
