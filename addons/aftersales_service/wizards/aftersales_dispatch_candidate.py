from odoo import fields, models


class AftersalesDispatchCandidate(models.TransientModel):
    _name = "aftersales.dispatch.candidate"
    _description = "Dispatch Candidate"
    _order = "rank"

    dispatch_id = fields.Many2one(
        comodel_name="aftersales.dispatch", required=True, ondelete="cascade"
    )
    rank = fields.Integer()
    technician_id = fields.Many2one(comodel_name="aftersales.technician")
    score = fields.Integer()
    skilled = fields.Boolean(string="Skill")
    in_zone = fields.Boolean(string="Zone")
    available = fields.Boolean(string="Working Hours")
    load = fields.Integer(string="Visits That Day")
    blockers = fields.Text(string="Cannot Go Because")
