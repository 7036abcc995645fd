from markupsafe import Markup

from odoo import models


class HelpdeskTicket(models.Model):
    """What the customer's portal shows and does on a request. Called on the
    request the portal controller has already checked is the customer's."""

    _inherit = "helpdesk.ticket"

    def _aftersales_portal_visits(self):
        """The visits to show: planned and done ones, newest first
        (cancelled ones only when rescheduled away)."""
        self.ensure_one()
        return self.sudo().aftersales_visit_ids.sorted("planned_start", reverse=True)

    def _aftersales_portal_invoices(self):
        self.ensure_one()
        return self.sudo().aftersales_invoice_ids.filtered(
            lambda move: move.state == "posted"
        )

    def _aftersales_portal_can_rate(self):
        """Once the job is done (a visit done or the request solved) and not
        yet rated."""
        self.ensure_one()
        ticket = self.sudo()
        if ticket.aftersales_request_type == "complaint" or not ticket.partner_id:
            return False
        if ticket.aftersales_satisfaction:
            return False
        done = ticket.stage_id.closed and not ticket.stage_id.aftersales_unsolved
        return bool(done or "done" in ticket.aftersales_visit_ids.mapped("state"))

    def _aftersales_portal_rating_callback(self, create=True):
        """The request's open call-back whose questionnaire the customer fills
        in; one is planned for the request when none is open (the same
        questionnaire as the follow-up calls)."""
        self.ensure_one()
        Callback = self.env["aftersales.callback"].sudo()
        callback = Callback.search(
            [
                ("ticket_id", "=", self.id),
                ("state", "in", ("planned", "unreachable")),
            ],
            limit=1,
        )
        if not callback and create:
            callback = Callback._aftersales_plan_after_service(self.sudo())
        return callback

    def _aftersales_portal_complaint_categories(self):
        self.ensure_one()
        return (
            self.env["aftersales.complaint.category"]
            .sudo()
            .search([("company_id", "in", [self.company_id.id, False])])
        )

    def _aftersales_portal_complain(self, author, text, category):
        """A complaint about this request, raised by the customer on the
        portal: a service request of type complaint, linked to this one and
        routed by its category like every other complaint."""
        self.ensure_one()
        ticket = self.sudo()
        return (
            self.env["helpdesk.ticket"]
            .sudo()
            .create(
                {
                    "name": self.env._(
                        "Complaint about %(request)s", request=ticket.number
                    ),
                    "description": Markup("<p>%s</p>") % text,
                    "aftersales_request_type": "complaint",
                    "aftersales_complaint_channel": "portal",
                    "aftersales_complaint_ticket_id": ticket.id,
                    "aftersales_complaint_category_id": category[:1].id,
                    "partner_id": author.id,
                    "aftersales_lot_id": ticket.aftersales_lot_id.id,
                    "company_id": ticket.company_id.id,
                    "team_id": ticket.team_id.id,
                }
            )
        )
