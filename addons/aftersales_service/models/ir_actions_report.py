from odoo import models


class IrActionsReport(models.Model):
    _inherit = "ir.actions.report"

    def retrieve_attachment(self, record):
        """A signed record's document is served as stored when it was signed
        (its evidence attachment), never rendered again from today's data."""
        stored = getattr(record, "signed_report_id", None)
        if (
            stored
            and record._aftersales_signed_report
            and self.env.ref(record._aftersales_signed_report) == self
        ):
            return stored.sudo()
        return super().retrieve_attachment(record)
