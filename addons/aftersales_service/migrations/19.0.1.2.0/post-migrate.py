"""19.0.1.2.0: when an event happened is stored once, on the ticket.

A deadline's Reached is now computed from its ticket's event time (First
Response, Arrived On Site, Solution Proposed, Resolved) instead of being
written beside it. It is computed here for every deadline line; a line that
was made after its ticket had recorded the event (a policy changed after the
first response, say) was left running: it now becomes met or breached, as
its event says.
"""

from odoo import SUPERUSER_ID, api, fields

from odoo.addons.aftersales_service.rules import sla


def migrate(cr, version):
    if not version:
        return
    env = api.Environment(cr, SUPERUSER_ID, {})
    Deadline = env["aftersales.ticket.deadline"]
    lines = Deadline.search([])
    env.add_to_compute(Deadline._fields["reached_at"], lines)
    lines.flush_recordset(["reached_at"])
    now = fields.Datetime.now()
    by_state = {}
    for line in lines.filtered(lambda d: d.reached_at and d.state != "cancelled"):
        state = sla.deadline_state(line.deadline or None, line.reached_at, now)
        if state != line.state:
            by_state[state] = by_state.get(state, Deadline) | line
    for state, changed in by_state.items():
        changed.write({"state": state})
