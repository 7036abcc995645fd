"""Visits become signed records like the safety records.

- Frozen copies (customer, site, unit, product, coverage, fault level): the
  new stored columns are computed for open visits; signed visits keep what
  their ticket said, copied here once.
- Visits signed before this version join the hash chain, in signing order.
"""

from odoo import SUPERUSER_ID, api


def migrate(cr, version):
    if not version:
        return
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
    env = api.Environment(cr, SUPERUSER_ID, {})
    env["aftersales.visit"]._aftersales_chain_signed_before()
