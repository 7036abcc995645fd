from odoo import api, fields, models

HAZARD_MODEL = "aftersales.safety.hazard"
INCIDENT_MODEL = "aftersales.safety.incident"


class AftersalesAction(models.Model):
    """A corrective action knows its hazard or incident as a real link, so
    that a record rule can let the employees who see a hazard or an incident
    read its actions (and no other action: not those of a customer's
    complaint)."""

    _inherit = "aftersales.action"

    hazard_id = fields.Many2one(
        comodel_name=HAZARD_MODEL,
        compute="_compute_safety_record",
        store=True,
        index="btree_not_null",
        readonly=True,
    )
    incident_id = fields.Many2one(
        comodel_name=INCIDENT_MODEL,
        compute="_compute_safety_record",
        store=True,
        index="btree_not_null",
        readonly=True,
    )

    @api.depends("res_model", "res_id")
    def _compute_safety_record(self):
        for action in self:
            action.hazard_id = (
                action.res_id if action.res_model == HAZARD_MODEL else False
            )
            action.incident_id = (
                action.res_id if action.res_model == INCIDENT_MODEL else False
            )
