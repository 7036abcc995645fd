from odoo import fields, models

from ..rules import numbering


class IrSequence(models.Model):
    _inherit = "ir.sequence"

    aftersales_monthly_range = fields.Boolean(
        string="Monthly Ranges",
        help="Restart the running number every month (document numbers "
        "CODE-YYMM-NN of the after-sales regulations).",
    )

    def _create_date_range_seq(self, date):
        if not self.aftersales_monthly_range:
            return super()._create_date_range_seq(date)
        date_from, date_to = numbering.month_range(fields.Date.to_date(date))
        return (
            self.env["ir.sequence.date_range"]
            .sudo()
            .create(
                {"date_from": date_from, "date_to": date_to, "sequence_id": self.id}
            )
        )
