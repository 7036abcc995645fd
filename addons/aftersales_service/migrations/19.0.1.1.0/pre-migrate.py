"""19.0.1.1.0: service request numbers and visit numbers become unique per
company (constraints added by this update).

Numbers given twice before (teams sharing a department code each had their
own sequence; a deleted visit's number was given again) are made unique here,
before the constraints are created: the oldest record keeps its number, a
later one gets a new one, and the server log lists every change. Among
visits, signed ones keep theirs when an unsigned one can change instead.
"""

import logging
import re

_logger = logging.getLogger(__name__)

VISIT_RE = re.compile(r"-V([0-9]+)$")


def migrate(cr, version):
    if not version:
        return
    renumber_tickets(cr)
    renumber_visits(cr)


def renumber_tickets(cr):
    cr.execute(
        """
        SELECT id, number, company_id,
               row_number() OVER (PARTITION BY number, company_id ORDER BY id)
          FROM helpdesk_ticket
         WHERE (number, company_id) IN (
                SELECT number, company_id FROM helpdesk_ticket
                 WHERE number IS NOT NULL
              GROUP BY number, company_id HAVING count(*) > 1)
        """
    )
    rows = [row for row in cr.fetchall() if row[3] > 1]
    if not rows:
        return
    cr.execute("SELECT number, company_id FROM helpdesk_ticket")
    taken = set(cr.fetchall())
    for ticket_id, number, company_id, rank in rows:
        new = f"{number}-{rank}"
        while (new, company_id) in taken:
            rank += 1
            new = f"{number}-{rank}"
        taken.add((new, company_id))
        cr.execute(
            "UPDATE helpdesk_ticket SET number = %s WHERE id = %s", [new, ticket_id]
        )
        _logger.warning(
            "Service request %s: number %s was given twice, now %s",
            ticket_id,
            number,
            new,
        )


def renumber_visits(cr):
    cr.execute(
        """
        SELECT v.id, v.name, v.company_id, v.ticket_id, t.number,
               v.signed_at IS NOT NULL
          FROM aftersales_visit v
          JOIN helpdesk_ticket t ON t.id = v.ticket_id
         WHERE (v.name, v.company_id) IN (
                SELECT name, company_id FROM aftersales_visit
              GROUP BY name, company_id HAVING count(*) > 1)
      ORDER BY v.name, v.company_id, v.signed_at IS NULL, v.id
        """
    )
    rows = cr.fetchall()
    if not rows:
        return
    cr.execute("SELECT name, company_id, ticket_id FROM aftersales_visit")
    visits = cr.fetchall()
    taken = {(name, company_id) for name, company_id, _ticket in visits}
    last = {}
    for name, _company, ticket_id in visits:
        match = VISIT_RE.search(name or "")
        if match:
            last[ticket_id] = max(last.get(ticket_id, 0), int(match.group(1)))
    kept = set()
    for visit_id, name, company_id, ticket_id, number, signed in rows:
        if (name, company_id) not in kept:
            kept.add((name, company_id))
            continue
        new = name
        match = VISIT_RE.search(name or "")
        if match and number and not name.startswith(f"{number}-V"):
            # Its request was renumbered above: same visit number, new prefix.
            new = f"{number}-V{match.group(1)}"
        while (new, company_id) in taken:
            last[ticket_id] = last.get(ticket_id, 0) + 1
            new = f"{number or ticket_id}-V{last[ticket_id]}"
        taken.add((new, company_id))
        cr.execute(
            "UPDATE aftersales_visit SET name = %s WHERE id = %s", [new, visit_id]
        )
        _logger.warning(
            "Visit %s: number %s was given twice, now %s%s",
            visit_id,
            name,
            new,
            " (signed: its service report shows the old number)" if signed else "",
        )
