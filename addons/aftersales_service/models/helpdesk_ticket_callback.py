from odoo import api, fields, models


class HelpdeskTicket(models.Model):
    """Follow-up calls of a service request and the customer's score."""

    _inherit = "helpdesk.ticket"

    aftersales_callback_ids = fields.One2many(
        comodel_name="aftersales.callback",
        inverse_name="ticket_id",
        string="Follow-up Calls",
    )
    aftersales_callback_count = fields.Integer(
        string="Call-backs", compute="_compute_aftersales_callback_count"
    )
    aftersales_satisfaction = fields.Integer(
        string="Satisfaction",
        compute="_compute_aftersales_satisfaction",
        store=True,
        aggregator="avg",
        help="The customer's latest score (1-10) of this request, from its "
        "follow-up calls, the rating at signature or the rating link.",
    )

    @api.depends("aftersales_callback_ids")
    def _compute_aftersales_callback_count(self):
        counts = dict(
            self.env["aftersales.callback"]._read_group(
                [("ticket_id", "in", self.ids)], ["ticket_id"], ["__count"]
            )
        )
        for ticket in self:
            ticket.aftersales_callback_count = counts.get(ticket._origin, 0)

    @api.depends(
        "aftersales_callback_ids.satisfaction", "aftersales_callback_ids.done_at"
    )
    def _compute_aftersales_satisfaction(self):
        for ticket in self:
            rated = (
                ticket.aftersales_callback_ids.sudo()
                .filtered("satisfaction")
                .sorted(lambda c: (c.done_at or fields.Datetime.now(), c.id))
            )
            ticket.aftersales_satisfaction = rated[-1:].satisfaction

    def _aftersales_stage_changed(self):
        result = super()._aftersales_stage_changed()
        solved = self.filtered(
            lambda t: t.stage_id.closed and not t.stage_id.aftersales_unsolved
        )
        if solved:
            self.env["aftersales.callback"]._aftersales_plan_after_service(solved)
        return result

    def action_aftersales_view_callbacks(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "aftersales_service.aftersales_callback_action"
        )
        action["domain"] = [("ticket_id", "=", self.id)]
        action["context"] = {
            "default_ticket_id": self.id,
            "default_partner_id": self.partner_id.id,
        }
        return action
