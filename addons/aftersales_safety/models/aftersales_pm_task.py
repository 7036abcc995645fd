from odoo import api, fields, models


class AftersalesPmTask(models.Model):
    """A maintenance task for a certified specialist names the certificate:
    dispatch refuses a technician who does not hold it, valid on the visit
    day (``aftersales.technician._aftersales_safety_blockers``)."""

    _inherit = "aftersales.pm.task"

    certificate_id = fields.Many2one(
        comodel_name="hr.skill",
        string="Required Certificate",
        domain="[('skill_type_id.is_certification', '=', True)]",
        help="A certified specialist's task: the technician sent must hold "
        "this certificate, valid on the visit date.",
    )

    @api.onchange("performer")
    def _onchange_performer_certificate(self):
        if self.performer != "specialist":
            self.certificate_id = False
