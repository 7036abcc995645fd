from odoo import fields, models


class StockPicking(models.Model):
    _inherit = "stock.picking"

    aftersales_ticket_id = fields.Many2one(
        comodel_name="helpdesk.ticket",
        string="Service Request",
        index="btree_not_null",
        check_company=True,
        copy=False,
    )
    aftersales_visit_id = fields.Many2one(
        comodel_name="aftersales.visit",
        string="Visit",
        index="btree_not_null",
        check_company=True,
        copy=False,
    )
    aftersales_technician_user_id = fields.Many2one(
        comodel_name="res.users",
        string="Technician",
        index="btree_not_null",
        copy=False,
        help="The technician who takes the parts to the job and brings the "
        "defective ones back.",
    )
    aftersales_kind = fields.Selection(
        related="picking_type_id.aftersales_kind",
        string="After-Sales Use",
        store=True,
    )
