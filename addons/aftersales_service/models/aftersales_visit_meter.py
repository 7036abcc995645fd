from odoo import api, fields, models


class AftersalesVisit(models.Model):
    """The running hours the technician reads on the unit during the visit
    (a PM visit above all): they forecast the hours-based maintenance."""

    _inherit = "aftersales.visit"

    meter_reading_ids = fields.One2many(
        comodel_name="aftersales.meter.reading",
        inverse_name="visit_id",
        string="Meter Readings",
        help="Running hours read on the unit at this visit; a reading lower "
        "than an earlier one is refused (a meter does not run backwards).",
    )


class AftersalesMeterReading(models.Model):
    _inherit = "aftersales.meter.reading"

    @api.model_create_multi
    def create(self, vals_list):
        """A reading recorded on a visit is of the visit's unit."""
        visits = self.env["aftersales.visit"].browse(
            [vals["visit_id"] for vals in vals_list if vals.get("visit_id")]
        )
        visits.fetch(["lot_id"])
        for vals in vals_list:
            if vals.get("visit_id") and not vals.get("lot_id"):
                vals["lot_id"] = visits.browse(vals["visit_id"]).lot_id.id
        return super().create(vals_list)
