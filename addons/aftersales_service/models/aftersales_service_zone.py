from odoo import fields, models


class AftersalesServiceZone(models.Model):
    _name = "aftersales.service.zone"
    _description = "Service Zone"
    _order = "sequence, id"
    _check_company_auto = True

    name = fields.Char(required=True, translate=True)
    zone_type = fields.Selection(
        selection=[
            ("city", "City"),
            ("suburb", "Suburb"),
            ("regional", "Within 100 km"),
            ("remote", "Beyond 100 km"),
        ],
        required=True,
        default="city",
        help="Decides which deadlines apply to requests in this zone.",
    )
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        comodel_name="res.company", default=lambda self: self.env.company
    )
    travel_charged = fields.Boolean(
        help="Remote site: travel is negotiated or charged, even in warranty.",
    )
