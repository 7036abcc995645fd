# Run inside ``odoo-bin shell`` on a database with the addons' dependencies
# installed but not the addons (bench/golive.py duplicates it per size).
# Builds an ERP that has been running for years, in SQL: BENCH_N service
# requests (nine in ten closed), BENCH_SERIALS serial numbers each delivered
# once to one of BENCH_N / 20 customers, and done stock moves up to five per
# request. ``golive_install.py`` then installs the addons in another process
# (so its memory is the installation's, not this set-up's).
import os
import time

from odoo import fields

N = int(os.environ["BENCH_N"])
SERIALS = int(os.environ.get("BENCH_SERIALS") or N // 2)
MOVES = int(os.environ.get("BENCH_MOVES") or 5 * N)
env = globals()["env"]  # given by odoo shell
cr = env.cr


def columns(table):
    cr.execute(
        "SELECT column_name FROM information_schema.columns"
        " WHERE table_name = %s AND column_name != 'id' ORDER BY ordinal_position",
        [table],
    )
    return [row[0] for row in cr.fetchall()]


def clone(table, template_id, count, **overrides):
    """``count`` copies of one row made by the ORM, in one INSERT (``g`` is
    the copy's number); returns the first new id (ids are consecutive)."""
    if count <= 0:
        return None
    cols = columns(table)
    select = [overrides.get(col, f"t.{col}") for col in cols]
    cr.execute(
        f"INSERT INTO {table} ({', '.join(cols)})"  # noqa: S608 (bench data)
        f" SELECT {', '.join(select)} FROM {table} t, generate_series(1, %s) g"
        f" WHERE t.id = %s RETURNING id",
        [count, template_id],
    )
    ids = [row[0] for row in cr.fetchall()]
    assert max(ids) - min(ids) + 1 == len(ids), "ids not consecutive"
    return min(ids)


t0 = time.time()
# One of each made by the ORM: a customer, a serial product, a delivery of
# one serial, a request in an open and in a closed stage.
customer = env["res.partner"].create({"name": "Bench customer", "is_company": True})
product = env["product.product"].create(
    {"name": "Bench unit", "is_storable": True, "tracking": "serial"}
)
stock = env.ref("stock.stock_location_stock")
customers_loc = env.ref("stock.stock_location_customers")
lot = env["stock.lot"].create({"name": "BENCH-TEMPLATE", "product_id": product.id})
env["stock.quant"]._update_available_quantity(product, stock, 1, lot_id=lot)
picking = env["stock.picking"].create(
    {
        "picking_type_id": env.ref("stock.picking_type_out").id,
        "partner_id": customer.id,
        "location_id": stock.id,
        "location_dest_id": customers_loc.id,
        "move_ids": [
            fields.Command.create(
                {
                    "product_id": product.id,
                    "product_uom_qty": 1,
                    "location_id": stock.id,
                    "location_dest_id": customers_loc.id,
                }
            )
        ],
    }
)
picking.action_confirm()
picking.action_assign()
picking.move_ids.move_line_ids.lot_id = lot
picking.move_ids.picked = True
picking.button_validate()
move = picking.move_ids
stages = env["helpdesk.ticket.stage"].search([])
open_stage = stages.filtered(lambda s: not s.closed)[:1]
closed_stage = stages.filtered("closed")[:1]
ticket = env["helpdesk.ticket"].create(
    {
        "name": "Bench request",
        "description": "<p>x</p>",
        "partner_id": customer.id,
        "stage_id": open_stage.id,
    }
)
env.flush_all()

n_customers = max(N // 20, 1)
first_customer = clone(
    "res_partner",
    customer.id,
    n_customers,
    name="'Customer ' || g",
    complete_name="'Customer ' || g",
)
first_lot = clone("stock_lot", lot.id, SERIALS, name="'SN' || lpad(g::text, 8, '0')")
# One delivery per serial (picking-less moves, the customer on the move),
# dated over the last three years; the other moves carry no serial.
first_move = clone(
    "stock_move",
    move.id,
    SERIALS,
    picking_id="NULL",
    partner_id=f"{first_customer or customer.id} + mod(g, {n_customers})",
    date="now() at time zone 'utc' - mod(g, 1095) * interval '1 day'",
)
clone(
    "stock_move_line",
    move.move_line_ids.id,
    SERIALS,
    picking_id="NULL",
    move_id=f"{first_move} + g - 1" if first_move else "t.move_id",
    lot_id=f"{first_lot} + g - 1" if first_lot else "t.lot_id",
    date="now() at time zone 'utc' - mod(g, 1095) * interval '1 day'",
)
clone("stock_move", move.id, max(MOVES - SERIALS, 0), picking_id="NULL")
first_ticket = clone(
    "helpdesk_ticket",
    ticket.id,
    N,
    name="'Request ' || g",
    number="'HT' || lpad(g::text, 8, '0')",
    partner_id=f"{first_customer or customer.id} + mod(g, {n_customers})",
    stage_id=f"CASE WHEN mod(g, 10) = 0 THEN {open_stage.id}"
    f" ELSE {closed_stage.id} END",
    create_date="now() at time zone 'utc' - mod(g, 1095) * interval '1 day'",
)
cr.commit()
print(
    f"BENCH golive data {N}: {time.time() - t0:.1f} s to build "
    f"({N} requests, {SERIALS} delivered serials, {MOVES} moves)",
    flush=True,
)
