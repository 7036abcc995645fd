from odoo import api, fields, models

from ..rules import sla

# The ticket field recording when each deadline's event first happened: the
# one source of these events (the deadline's Reached is computed from it).
EVENT_FIELDS = {
    sla.KIND_RESPONSE: "aftersales_responded_at",
    sla.KIND_ARRIVAL: "aftersales_arrived_at",
    sla.KIND_SOLUTION: "aftersales_solution_at",
    sla.KIND_RESOLUTION: "aftersales_resolved_at",
}
# Changes that can change which policy applies.
SLA_TRIGGERS = frozenset(
    {
        "team_id",
        "company_id",
        "partner_id",
        "aftersales_zone_id",
        "aftersales_fault_level",
        "aftersales_contract_id",
        "aftersales_lot_id",
        "aftersales_reported_at",
        "aftersales_request_type",
    }
)


class HelpdeskTicket(models.Model):
    """Deadlines: the policy chosen, the deadline lines, the events they
    count. The ticket records the events (written only by
    ``_aftersales_reach``); choosing the policy and computing the deadlines
    is the deadline model's job (``aftersales.ticket.deadline``)."""

    _inherit = "helpdesk.ticket"

    aftersales_sla_policy_id = fields.Many2one(
        comodel_name="aftersales.sla.policy",
        string="Deadline Policy",
        readonly=True,
        copy=False,
    )
    aftersales_deadline_ids = fields.One2many(
        comodel_name="aftersales.ticket.deadline",
        inverse_name="ticket_id",
        string="Deadlines",
        readonly=True,
        copy=False,
    )
    aftersales_next_deadline = fields.Datetime(
        string="Next Deadline",
        compute="_compute_aftersales_sla_status",
        store=True,
        index=True,
    )
    aftersales_sla_status = fields.Selection(
        selection=[
            ("none", "No Deadline"),
            (sla.STATE_RUNNING, "On Track"),
            (sla.STATE_MET, "All Met"),
            (sla.STATE_BREACHED, "Breached"),
        ],
        string="Deadline Status",
        compute="_compute_aftersales_sla_status",
        store=True,
        index=True,
    )
    aftersales_responded_at = fields.Datetime(
        string="First Response", readonly=True, copy=False
    )
    aftersales_arrived_at = fields.Datetime(
        string="Arrived On Site", readonly=True, copy=False
    )
    aftersales_solution_at = fields.Datetime(
        string="Solution Proposed", readonly=True, copy=False
    )
    aftersales_resolved_at = fields.Datetime(
        string="Resolved", readonly=True, copy=False
    )

    def _aftersales_protected_field_names(self):
        return super()._aftersales_protected_field_names() | set(EVENT_FIELDS.values())

    def _aftersales_sla_triggers(self):
        """Extension point: ticket fields whose change can change the
        policy (the deadlines are synced again after such a write)."""
        return SLA_TRIGGERS

    def _aftersales_sla_request(self):
        """Extension point: the request as the policy rule sees it."""
        self.ensure_one()
        return sla.Request(
            team=self.team_id.id or None,
            zone_type=self.aftersales_zone_id.zone_type or None,
            fault_level=self.aftersales_fault_level or None,
            contract_level=self.aftersales_contract_id.service_level or None,
            request_type=self.aftersales_request_type or None,
            customer_origin=self._aftersales_customer_origin(),
        )

    def _aftersales_customer_origin(self):
        """Domestic or overseas: the customer's country against the
        company's (deadline policies choose on it)."""
        self.ensure_one()
        return sla.customer_origin(
            self.commercial_partner_id.country_id.id or None,
            self.company_id.country_id.id or None,
        )

    def _aftersales_calendar(self):
        self.ensure_one()
        return (
            self.team_id.aftersales_calendar_id or self.company_id.resource_calendar_id
        )

    def _aftersales_sync_deadlines(self):
        """Choose each open ticket's policy and (re)compute its deadlines."""
        self.env["aftersales.ticket.deadline"].sudo()._aftersales_sync(self)

    def _aftersales_reach(self, kind, when):
        """The event of ``kind`` happened at ``when``: record it on the
        ticket (the first time only) and settle the matching deadlines."""
        field = EVENT_FIELDS[kind]
        tickets = self.filtered(lambda t: not t[field])
        if not tickets:
            return
        tickets.sudo()._aftersales_write({field: when})
        self.env["aftersales.ticket.deadline"].sudo()._aftersales_settle(tickets, kind)

    def _aftersales_cancel_deadlines(self):
        """Closed unsolved: the deadlines still open end, cancelled."""
        self.aftersales_deadline_ids.sudo().filtered(
            lambda d: d.state in (sla.STATE_WAITING, sla.STATE_RUNNING)
        ).write({"state": "cancelled"})

    @api.depends("aftersales_deadline_ids.state", "aftersales_deadline_ids.deadline")
    def _compute_aftersales_sla_status(self):
        for ticket in self:
            lines = ticket.aftersales_deadline_ids
            running = lines.filtered(lambda d: d.state == sla.STATE_RUNNING)
            ticket.aftersales_next_deadline = min(
                running.mapped("deadline"), default=False
            )
            states = set(lines.mapped("state"))
            if sla.STATE_BREACHED in states:
                status = sla.STATE_BREACHED
            elif sla.STATE_RUNNING in states or sla.STATE_WAITING in states:
                status = sla.STATE_RUNNING
            elif sla.STATE_MET in states:
                status = sla.STATE_MET
            else:
                status = "none"
            ticket.aftersales_sla_status = status
