from datetime import timedelta

from odoo import api, fields, models

from ..rules import sla

# A visit ending less than this before its request's next deadline is at risk.
RISK_MARGIN = timedelta(hours=4)
OPEN_STATES = ("planned", "travelling", "on_site")
# The deadlines a visit answers (the first response is the desk's).
VISIT_KINDS = (sla.KIND_ARRIVAL, sla.KIND_SOLUTION, sla.KIND_RESOLUTION)
CLOSED_LINE_STATES = (sla.STATE_MET, "cancelled")


class AftersalesVisit(models.Model):
    """The Technician Board: technicians (rows) against time, each visit a
    bar coloured by its state and its request's deadline risk; a drag opens
    Reschedule (``action_board_move``), never a plain write."""

    _inherit = "aftersales.visit"

    board_deadline = fields.Datetime(
        string="Request Deadline",
        compute="_compute_board_risk",
        help="The request's earliest open deadline this visit answers: arrival "
        "on site (against the visit's start), solution and resolution (against "
        "its end).",
    )
    board_risk = fields.Selection(
        selection=[
            ("none", "No Risk"),
            ("at_risk", "Deadline Near"),
            ("late", "Deadline Missed"),
        ],
        string="Deadline Risk",
        compute="_compute_board_risk",
    )

    @api.depends(
        "state",
        "planned_start",
        "planned_end",
        "ticket_id.aftersales_deadline_ids.deadline",
        "ticket_id.aftersales_deadline_ids.state",
    )
    def _compute_board_risk(self):
        # Deadline lines are the desk's records: read for their dates only.
        lines = self.ticket_id.sudo().aftersales_deadline_ids
        for visit in self:
            visit.board_deadline = False
            visit.board_risk = "none"
            if visit.state not in OPEN_STATES:
                continue
            margins = []
            for line in lines:
                if (
                    line.ticket_id != visit.ticket_id
                    or line.kind not in VISIT_KINDS
                    or line.reached_at
                    or line.state in CLOSED_LINE_STATES
                ):
                    continue
                if line.state == sla.STATE_BREACHED:
                    margins.append((timedelta(0) - RISK_MARGIN, line.deadline))
                    continue
                if not line.deadline:
                    continue
                at = (
                    visit.planned_start
                    if line.kind == sla.KIND_ARRIVAL
                    else visit.planned_end
                )
                margins.append((line.deadline - at, line.deadline))
            if not margins:
                continue
            margin, deadline = min(margins, key=lambda m: m[0])
            visit.board_deadline = deadline
            if margin < timedelta(0):
                visit.board_risk = "late"
            elif margin < RISK_MARGIN:
                visit.board_risk = "at_risk"

    @api.model
    def aftersales_board_unassigned(self, limit=40):
        """The open requests no technician is sent to yet, by their next
        deadline (soonest first, those without a deadline last), as the
        board's side panel shows them."""
        tickets = self.env["helpdesk.ticket"].search(
            [
                ("closed", "=", False),
                ("aftersales_visit_ids", "=", False),
                ("aftersales_request_type", "!=", "complaint"),
            ],
            order="aftersales_next_deadline, id",
            limit=limit,
        )
        return [
            {
                "id": ticket.id,
                "number": ticket.number or "",
                "name": ticket.name,
                "partner": ticket.partner_id.display_name or "",
                "deadline": ticket.aftersales_next_deadline
                and self._aftersales_local(ticket.aftersales_next_deadline),
                "breached": ticket.aftersales_sla_status == "breached",
            }
            for ticket in tickets
        ]
