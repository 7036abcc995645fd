"""Go-live into a running database: new columns initialised set-based.

When an addon adds a stored computed field to a table that already has rows,
Odoo computes it for every row, one record at a time (about 10 ms per
existing service request with the three addons: the warranty rule, the
complaint and deadline figures of every old request). For the fields of the
after-sales addons this is done here instead, in SQL, before Odoo looks at
the table:

* the column (or a many2many's table) is created empty, so Odoo sees it
  exists and computes nothing; an empty decision is "not decided" (the
  coverage of an old request);
* only the requests still open get their values computed by the ORM, the
  closed ones keep "not decided";
* Reported At and Failure Date of an existing request are when it was
  created (its ``create_date``), not the moment of installation.

A new column with a plain default is created with that default for the
existing rows in one statement (no rewrite of the table per column).
"""

import logging

from odoo import fields, models
from odoo.tools import SQL, split_every, sql

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
        if not (
            field.store
            and field.compute
            and not field.required
            and field.name.startswith(AFTERSALES_PREFIX)
        ):
            continue
        if field.column_type and field.name not in columns:
            sql.create_column(
                cr, model._table, field.name, field.column_type[1], field.string
            )
            created.append(field)
        elif field.type == "many2many" and not sql.table_exists(cr, field.relation):
            # Odoo computes a new stored many2many for every row when it
            # creates its table; created here, the table is there and empty
            # (Odoo still adds its foreign keys and reflects it).
            field.update_db(model, columns)
            created.append(field)
    if created:
        _logger.info(
            "%s: %d new computed fields created empty (not decided) for the "
            "existing rows: %s",
            model._name,
            len(created),
            ", ".join(f.name for f in created),
        )
        if open_ids_query is not None:
            # Once every table and column of the addon is there and filled
            # (the end of Odoo's post-init steps: queued when they start).
            model.pool.post_init(
                model.pool.post_init, compute_open_rows, model, open_ids_query, created
            )
    return created


def compute_open_rows(model, open_ids_query, fields_, batch_size=2000):
    """Compute ``fields_`` for the rows ``open_ids_query`` selects, in
    batches, the cache emptied between them (memory does not grow with the
    rows), without a chatter message per row: the installation is no change
    someone made to the request."""
    model = model.with_context(tracking_disable=True)
    cr = model.env.cr
    cr.execute(open_ids_query)
    ids = [row[0] for row in cr.fetchall()]
    names = [field.name for field in fields_]
    for batch in split_every(batch_size, ids):
        records = model.browse(batch)
        for field in fields_:
            model.env.add_to_compute(field, records)
        records._recompute_recordset(names)
        model.env.flush_all()
        model.env.invalidate_all()
    _logger.info(
        "%s: %s computed for %d open rows", model._name, ", ".join(names), len(ids)
    )


def precreate_default_columns(model):
    """Create the missing columns of ``model``'s after-sales fields that have
    a plain default with that default in one statement, for the rows already
    there: PostgreSQL keeps it as the value of the existing rows without
    rewriting them (Odoo would fill each new column with an UPDATE of every
    row, one full rewrite of the table per column). The value is the one
    Odoo's ``_init_column`` would write; the SQL default is dropped again."""
    cr = model.env.cr
    if not model._auto or not sql.table_exists(cr, model._table):
        return
    columns = None
    for field in model._fields.values():
        if not (
            field.store
            and field.column_type
            and not field.compute
            and field.default
            and not field.translate
            and not field.company_dependent
            and field.name.startswith(AFTERSALES_PREFIX)
        ):
            continue
        if columns is None:
            if not model._table_has_rows():
                return
            columns = sql.table_columns(cr, model._table)
        if field.name in columns:
            continue
        value = field.convert_to_column_insert(
            field.convert_to_write(field.default(model), model), model
        )
        if value is None or (field.type == "boolean" and not value):
            continue  # NULL is the value: a plain new column
        table, column = SQL.identifier(model._table), SQL.identifier(field.name)
        cr.execute(
            SQL(
                "ALTER TABLE %s ADD COLUMN %s %s DEFAULT %s;"
                " ALTER TABLE %s ALTER COLUMN %s DROP DEFAULT;"
                " COMMENT ON COLUMN %s.%s IS %s",
                table,
                column,
                SQL(field.column_type[1]),
                value,
                table,
                column,
                table,
                column,
                field.string,
            )
        )
        columns[field.name] = {"is_nullable": "YES"}
        _logger.info(
            "%s.%s: new column with its default for the existing rows",
            model._name,
            field.name,
        )


class Base(models.AbstractModel):
    _inherit = "base"

    def _auto_init(self):
        precreate_default_columns(self.with_context(prefetch_fields=False))
        return super()._auto_init()


class HelpdeskTicket(models.Model):
    _inherit = "helpdesk.ticket"

    def _auto_init(self):
        cr = self.env.cr
        if sql.table_exists(cr, self._table):
            columns = sql.table_columns(cr, self._table)
            # When the customer called and when the unit failed: for the
            # requests already there, when they were entered (not the day of
            # the installation, their default), in one pass over the table.
            from_entry = {
                "aftersales_reported_at": SQL("create_date"),
                "aftersales_failure_date": SQL("create_date::date"),
            }
            missing = [name for name in from_entry if name not in columns]
            for name in missing:
                field = self._fields[name]
                sql.create_column(
                    cr, self._table, name, field.column_type[1], field.string
                )
            if missing:
                cr.execute(
                    SQL(
                        "UPDATE %s SET %s",
                        SQL.identifier(self._table),
                        SQL(", ").join(
                            SQL("%s = %s", SQL.identifier(name), from_entry[name])
                            for name in missing
                        ),
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
