"""Go-live into a running database: new columns initialised set-based.

When an addon adds a stored computed field to a table that already has rows,
Odoo computes it for every row, one record at a time (about 10 ms per
existing service request with the three addons: the warranty rule, the
complaint and deadline figures of every old request). For the fields of the
after-sales addons this is done here instead, in SQL, before Odoo looks at
the table:

* the column is created empty, so Odoo sees it exists and computes nothing;
  an empty decision is "not decided" (the coverage of an old request);
* only the requests still open get their values computed by the ORM, the
  closed ones keep "not decided";
* Reported At of an existing request is when it was created (its
  ``create_date``), not the moment of installation.

Plain defaults need nothing: Odoo fills them with one UPDATE per column.
"""

import logging

from odoo import fields, models
from odoo.tools import SQL, sql

_logger = logging.getLogger(__name__)

AFTERSALES_PREFIX = "aftersales_"


def precreate_computed_columns(model, open_ids_query=None):
    """Create the missing columns of ``model``'s after-sales stored computed
    fields empty (set-based), before ``_auto_init`` would compute them row by
    row; return the fields created. ``open_ids_query`` (SQL) selects the rows
    still to compute with the ORM (the others keep NULL: not decided)."""
    cr = model.env.cr
    if not sql.table_exists(cr, model._table) or not model._table_has_rows():
        return []
    columns = sql.table_columns(cr, model._table)
    created = []
    for field in model._fields.values():
        if (
            field.store
            and field.compute
            and field.column_type
            and not field.required
            and field.name.startswith(AFTERSALES_PREFIX)
            and field.name not in columns
        ):
            sql.create_column(
                cr, model._table, field.name, field.column_type[1], field.string
            )
            created.append(field)
    if created:
        _logger.info(
            "%s: %d new computed columns created empty (not decided) for the "
            "existing rows: %s",
            model._name,
            len(created),
            ", ".join(f.name for f in created),
        )
        if open_ids_query is not None:
            cr.execute(open_ids_query)
            records = model.browse(row[0] for row in cr.fetchall())
            if records:
                for field in created:
                    model.env.add_to_compute(field, records)
    return created


class HelpdeskTicket(models.Model):
    _inherit = "helpdesk.ticket"

    def _auto_init(self):
        cr = self.env.cr
        if sql.table_exists(cr, self._table):
            columns = sql.table_columns(cr, self._table)
            if "aftersales_reported_at" not in columns:
                # When the customer called: for the requests already there,
                # when they were entered (not the installation).
                sql.create_column(
                    cr, self._table, "aftersales_reported_at", "timestamp"
                )
                cr.execute(
                    SQL(
                        "UPDATE %s SET aftersales_reported_at = create_date",
                        SQL.identifier(self._table),
                    )
                )
            precreate_computed_columns(
                self,
                SQL(
                    "SELECT t.id FROM helpdesk_ticket t"
                    " LEFT JOIN helpdesk_ticket_stage s ON s.id = t.stage_id"
                    " WHERE s.closed IS NOT TRUE"
                ),
            )
        return super()._auto_init()


class StockLot(models.Model):
    _inherit = "stock.lot"

    def _auto_init(self):
        # The existing units know nothing of the new fields yet: their
        # warranty figures stay empty until the history backfill fills them.
        precreate_computed_columns(self)
        return super()._auto_init()


class HelpdeskTicketBacklog(models.Model):
    _inherit = "helpdesk.ticket"

    def _aftersales_in_backlog(self):
        """For a request entered before its company's go-live cut-over, what
        it keeps ('none': no deadlines, 'not_due': only those not yet due);
        False for the others."""
        self.ensure_one()
        company = self.company_id
        cutover = company.aftersales_cutover_at
        if cutover and self.create_date and self.create_date < cutover:
            return company.aftersales_cutover_deadlines
        return False


class StockLotSite(models.Model):
    _inherit = "stock.lot"

    aftersales_site_partner_id = fields.Many2one(
        comodel_name="res.partner",
        string="Installation Site",
        index="btree_not_null",
        help="Where the unit is installed (an address of its customer).",
    )
