"""19.0.1.2.0: the A/B/C class, value, quantity and date are per company.

The old single-company columns hold derived figures only; they are dropped
here and the ORM creates the per-company (jsonb) columns. The post-migration
classifies every company again.
"""

from odoo.tools import sql

COLUMNS = (
    "aftersales_abc_class",
    "aftersales_abc_value",
    "aftersales_abc_quantity",
    "aftersales_abc_date",
)


def migrate(cr, version):
    if not version:
        return
    columns = sql.table_columns(cr, "product_template")
    for column in COLUMNS:
        if column in columns and columns[column]["udt_name"] != "jsonb":
            sql.drop_index(
                cr, sql.make_index_name("product_template", column), "product_template"
            )
            cr.execute(
                sql.SQL(
                    "ALTER TABLE product_template DROP COLUMN %s",
                    sql.SQL.identifier(column),
                )
            )
