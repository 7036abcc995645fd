"""19.0.1.1.0: numbering that never repeats, and visits as signed records.

Numbering: teams get their company's shared sequence of their code; each
month of it continues after the numbers the company already gave with that
code, so no number comes twice. The per-team sequences are removed. Each
request's visit counter starts at its highest visit number, so no visit
number is reused.

Visits become signed records like the safety records:
- frozen copies (customer, site, unit, product, coverage, fault level): the
  new stored columns are computed for open visits; signed visits keep what
  their ticket said, copied here once;
- visits signed before this version join the hash chain, in signing order.
"""

from odoo import SUPERUSER_ID, api


def migrate(cr, version):
    if not version:
        return
    env = api.Environment(cr, SUPERUSER_ID, {})
    teams = env["helpdesk.ticket.team"].with_context(active_test=False).search([])
    old = teams.aftersales_sequence_id.filtered(lambda s: not s.aftersales_ticket_code)
    teams._aftersales_sync_sequence()
    unused = old - teams.aftersales_sequence_id
    unused.date_range_ids.unlink()
    unused.unlink()
    cr.execute(
        """
        UPDATE helpdesk_ticket t
           SET aftersales_visit_number = v.last
          FROM (SELECT ticket_id,
                       greatest(count(*), max(coalesce(
                           substring(name FROM '-V([0-9]+)$')::integer, 0))) AS last
                  FROM aftersales_visit GROUP BY ticket_id) v
         WHERE v.ticket_id = t.id
        """
    )
    env["ir.sequence"].search(
        [("aftersales_monthly_range", "=", True)]
    )._aftersales_ensure_ranges()
    cr.execute(
        """
        UPDATE aftersales_visit visit
           SET site_partner_id = ticket.aftersales_site_partner_id,
               product_id = ticket.aftersales_product_id,
               lot_id = ticket.aftersales_lot_id,
               coverage = ticket.aftersales_coverage,
               fault_level = ticket.aftersales_fault_level
          FROM helpdesk_ticket ticket
         WHERE visit.ticket_id = ticket.id
           AND visit.signed_at IS NOT NULL
        """
    )
    env.invalidate_all()
    env["aftersales.visit"]._aftersales_chain_signed_before()
