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
- the service report a visit signed before this version was sent with (the
  PDF attached to its ticket at signing) becomes its signed document, as it
  was rendered then (not rendered again, not sent again);
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
    _adopt_signed_reports(env)
    env["aftersales.visit"]._aftersales_chain_signed_before()


def _adopt_signed_reports(env):
    Attachment = env["ir.attachment"]
    visits = env["aftersales.visit"].search(
        [("signed_at", "!=", False), ("signed_report_id", "=", False)]
    )
    for visit in visits:
        sent = Attachment.search(
            [
                ("res_model", "=", "helpdesk.ticket"),
                ("res_id", "=", visit.ticket_id.id),
                ("mimetype", "=", "application/pdf"),
                ("name", "ilike", visit.name),
            ],
            order="id desc",
            limit=1,
        )
        if not sent:
            continue  # the hourly job renders it from the frozen visit
        evidence = Attachment._aftersales_create_evidence(
            {
                "name": sent.name,
                "raw": sent.raw,
                "res_model": visit._name,
                "res_id": visit.id,
                "mimetype": "application/pdf",
            }
        )
        env.cr.execute(
            "UPDATE aftersales_visit SET signed_report_id = %s WHERE id = %s",
            [evidence.id, visit.id],
        )
    env.invalidate_all()
