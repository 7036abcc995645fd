from odoo import fields, models


class HelpdeskTicketStage(models.Model):
    _inherit = "helpdesk.ticket.stage"

    aftersales_unsolved = fields.Boolean(
        string="Closed Unsolved",
        help="A closed stage where the request was not solved (cancelled, "
        "rejected): its open deadlines end instead of being met.",
    )
