"""Run inside ``odoo-bin shell``: issue and validate BENCH_N single-line
parts pickings, one per service request, against the anchor: the same
pickings created and validated directly in ``stock``. Prints
``BENCH name: value unit``.

Ours, per ticket, as the user does it: the Request Parts wizard on the ticket
(a Service Parts Issue picking, confirmed and reserved, the request posted in
its chatter), then the stock clerk's Validate, which checks the stock under a
lock and puts the part on the ticket's charges (payer, cost and price).

The anchor, per picking: ``stock.picking.create`` of a delivery of the same
part from the same stock to the customer, ``action_confirm``,
``action_assign``, ``button_validate``.

Each side has its own part, alike (storable, no return expected, same cost
and stock), so one side's stock updates do not slow the other's; quantity 1.
The sides alternate in blocks of 50 pickings, so both meet the same machine
load and the same growth of the tables within the transaction; twenty
pickings on each side are made first, so neither pays for cold caches.
Everything is rolled back.
"""

import os
import time

total = int(os.environ.get("BENCH_N", "1000"))
env = env  # noqa: F821,PLW0127 (given by odoo-bin shell)
env = env(context=dict(env.context, tracking_disable=True, mail_create_nolog=True))
company = env.company
warehouse = env["stock.warehouse"]._aftersales_main(company)
stock = warehouse.lot_stock_id
customers = env.ref("stock.stock_location_customers")
partner = env["res.partner"].create({"name": "Bench parts customer"})
anchor_part, our_part = env["product.product"].create(
    [
        {
            "name": f"Bench spare part {side}",
            "is_storable": True,
            "aftersales_spare_part": True,
            "standard_price": 20.0,
            "list_price": 35.0,
        }
        for side in ("anchor", "ours")
    ]
)
for part in (anchor_part, our_part):
    env["stock.quant"]._update_available_quantity(part, stock, total + 100)
team = env["helpdesk.ticket.team"].create(
    {"name": "Bench parts", "aftersales_department_code": "BP"}
)
tickets = env["helpdesk.ticket"].create(
    [
        {
            "name": f"Parts job {i}",
            "description": "<p>x</p>",
            "team_id": team.id,
            "partner_id": partner.id,
        }
        for i in range(total + 20)
    ]
)
env.flush_all()
cr = env.cr


def ours(ticket):
    wizard = env["aftersales.parts.request"].create(
        {
            "ticket_id": ticket.id,
            "source": "store",
            "line_ids": [(0, 0, {"product_id": our_part.id, "quantity": 1})],
        }
    )
    picking = env["stock.picking"].browse(wizard.action_confirm()["res_id"])
    picking.button_validate()
    return picking


def anchor(_ticket):
    picking = env["stock.picking"].create(
        {
            "picking_type_id": warehouse.out_type_id.id,
            "partner_id": partner.id,
            "location_id": stock.id,
            "location_dest_id": customers.id,
            "move_ids": [
                (
                    0,
                    0,
                    {
                        "product_id": anchor_part.id,
                        "product_uom_qty": 1,
                        "product_uom": anchor_part.uom_id.id,
                        "location_id": stock.id,
                        "location_dest_id": customers.id,
                    },
                )
            ],
        }
    )
    picking.action_confirm()
    picking.action_assign()
    picking.button_validate()
    return picking


def run(make, records):
    """Seconds, queries and pickings done (and charged) for ``records``."""
    queries = cr.sql_log_count
    started = time.perf_counter()
    pickings = env["stock.picking"].concat(*(make(ticket) for ticket in records))
    env.flush_all()
    elapsed = time.perf_counter() - started
    queries = cr.sql_log_count - queries
    done = pickings.filtered(lambda p: p.state == "done")
    charged = done.move_ids.filtered("aftersales_charge_line_id")
    return elapsed, queries, len(done), len(charged)


cr.execute("SAVEPOINT bench_parts")
run(anchor, tickets[:20])
run(ours, tickets[:20])
figures = {"anchor": [0.0, 0, 0, 0], "aftersales": [0.0, 0, 0, 0]}
block = 50
for start in range(20, total + 20, block):
    for label, make in (("anchor", anchor), ("aftersales", ours)):
        result = run(make, tickets[start : start + block])
        figures[label] = [a + b for a, b in zip(figures[label], result, strict=True)]
cr.execute("ROLLBACK TO SAVEPOINT bench_parts")
for label, (elapsed, queries, done, charged) in figures.items():
    if done != total:
        raise SystemExit(f"{label}: {done} of {total} pickings done")
    if label == "aftersales" and charged != total:
        raise SystemExit(f"{label}: {charged} of {total} parts charged")
    print(f"BENCH {label}_parts_{total}_wall: {elapsed:.2f} s")
    print(f"BENCH {label}_parts_{total}_per_picking: {elapsed / total * 1000:.2f} ms")
    print(
        f"BENCH {label}_parts_{total}_queries_per_picking: "
        f"{queries / total:.2f} queries"
    )
ratio = figures["aftersales"][0] / figures["anchor"][0]
print(f"BENCH parts_{total}_time_ratio_vs_stock: {ratio:.2f} x")
cr.rollback()
