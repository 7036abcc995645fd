from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL


class HelpdeskTicket(models.Model):
    """Visits of the ticket, their numbers, and dispatch."""

    _inherit = "helpdesk.ticket"

    aftersales_visit_ids = fields.One2many(
        comodel_name="aftersales.visit",
        inverse_name="ticket_id",
        string="Visits",
        copy=False,
    )
    aftersales_visit_count = fields.Integer(
        string="Visit Count", compute="_compute_aftersales_visit_count"
    )
    aftersales_technician_ids = fields.Many2many(
        comodel_name="res.users",
        relation="aftersales_ticket_technician_rel",
        string="Technicians",
        compute="_compute_aftersales_technician_ids",
        store=True,
        help="Everyone sent on a visit of this ticket.",
    )
    aftersales_visit_number = fields.Integer(
        string="Last Visit Number",
        readonly=True,
        copy=False,
        help="Visits are numbered from this counter, so a deleted visit's "
        "number is never given again.",
    )

    @api.depends(
        "aftersales_visit_ids.user_id",
        "aftersales_visit_ids.helper_ids",
        "aftersales_visit_ids.state",
    )
    def _compute_aftersales_technician_ids(self):
        # Most requests have no visit (new ones, and every request there was
        # when the addon was installed): one assignment for all of those.
        with_visits = self.filtered("aftersales_visit_ids")
        (self - with_visits).aftersales_technician_ids = False
        for ticket in with_visits:
            visits = ticket.aftersales_visit_ids.filtered(
                lambda v: v.state != "cancelled"
            )
            ticket.aftersales_technician_ids = visits.user_id | visits.helper_ids

    @api.depends("aftersales_visit_ids")
    def _compute_aftersales_visit_count(self):
        counts = dict(
            self.env["aftersales.visit"]
            .sudo()
            ._read_group(
                [("ticket_id", "in", self.ids)],
                groupby=["ticket_id"],
                aggregates=["__count"],
            )
        )
        for ticket in self:
            ticket.aftersales_visit_count = counts.get(ticket._origin, 0)

    def action_aftersales_dispatch(self):
        self.ensure_one()
        if self.closed:
            raise UserError(
                self.env._(
                    "Ticket %(ticket)s is closed; reopen it to send a technician.",
                    ticket=self.number,
                )
            )
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Dispatch"),
            "res_model": "aftersales.dispatch",
            "view_mode": "form",
            "target": "new",
            "context": {"default_ticket_id": self.id},
        }

    def action_aftersales_view_visits(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "aftersales_service.aftersales_visit_action"
        )
        action["domain"] = [("ticket_id", "=", self.id)]
        action["context"] = {"default_ticket_id": self.id}
        return action

    def _aftersales_take_visit_numbers(self, count):
        """Reserve ``count`` visit numbers of this ticket; returns the first.

        One UPDATE increments the counter and returns it, holding the row
        until commit: a concurrent visit waits, then fails to serialize and
        is retried by Odoo's RPC layer with the new counter."""
        self.ensure_one()
        self.flush_recordset(["aftersales_visit_number"])
        self.env.cr.execute(
            SQL(
                "UPDATE helpdesk_ticket SET aftersales_visit_number = "
                "COALESCE(aftersales_visit_number, 0) + %s WHERE id = %s "
                "RETURNING aftersales_visit_number",
                count,
                self.id,
            )
        )
        last = self.env.cr.fetchone()[0]
        self.invalidate_recordset(["aftersales_visit_number"])
        return last - count + 1
