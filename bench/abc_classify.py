"""Run inside ``odoo-bin shell``: one A/B/C classification of the company's
spare parts over BENCH_N done consumption moves. Prints
``BENCH name: value unit``.

Data: 2,000 spare parts with costs from 1 to 200 and a skewed demand (the
first parts are consumed most), one done issue to the customer per part made
through the ORM, then copied in SQL (fixture only, for speed) to BENCH_N
moves spread over the last 360 days; one move in twenty is a return of its
original. Measured: ``_aftersales_abc_classify`` (the cron's work for one
company: consumption, classes, values written, min/max rules for A and B
parts): wall time and queries, the time of its consumption read alone, then
the same run again under ``tracemalloc`` for the Python memory peak, and the
growth of the process's peak resident size during the first run. Everything
is rolled back.
"""

import os
import resource
import time
import tracemalloc
from collections import Counter
from datetime import timedelta

from odoo import fields
from odoo.tools import SQL

total = int(os.environ.get("BENCH_N", "200000"))
parts_count = int(os.environ.get("BENCH_PARTS", "2000"))
env = env  # noqa: F821,PLW0127 (given by odoo-bin shell)
env = env(context=dict(env.context, tracking_disable=True, mail_create_nolog=True))
company = env.company
cr = env.cr
warehouse = env["stock.warehouse"]._aftersales_main(company)
stock = warehouse.lot_stock_id
customers = env.ref("stock.stock_location_customers")
parts = env["product.product"].create(
    [
        {
            "name": f"Bench ABC part {i:05d}",
            "is_storable": True,
            "aftersales_spare_part": True,
            "standard_price": 1.0 + (i * 7919) % 200,
        }
        for i in range(parts_count)
    ]
)
# A long tail: the first parts are consumed far more than the rest.
demands = [int(10000 / (index + 1) ** 1.2) + 1 for index in range(parts_count)]
now = fields.Datetime.now()
seeds = env["stock.move"].create(
    [
        {
            "product_id": part.id,
            "product_uom_qty": demand,
            "quantity": demand,
            "product_uom": part.uom_id.id,
            "location_id": stock.id,
            "location_dest_id": customers.id,
            "company_id": company.id,
            "state": "done",
            "date": now,
        }
        for part, demand in zip(parts, demands, strict=True)
    ]
)
env.flush_all()
copies = max(total // parts_count - 1, 0)
cr.execute(
    SQL(
        "SELECT column_name FROM information_schema.columns "
        "WHERE table_name = 'stock_move' AND column_name != 'id'"
    )
)
columns = [name for (name,) in cr.fetchall()]
returned = "g %% 20 = 0"
flip = "CASE WHEN g %% 20 = 0 THEN s.{0} ELSE s.{1} END"
override = {
    "date": "s.date - (g %% 360) * interval '1 day'",
    "location_id": flip.format("location_dest_id", "location_id"),
    "location_dest_id": flip.format("location_id", "location_dest_id"),
    "origin_returned_move_id": f"CASE WHEN {returned} THEN s.id END",
}
select = ", ".join(override.get(name, f's."{name}"') for name in columns)
insert = ", ".join(f'"{name}"' for name in columns)
cr.execute(
    SQL(
        f"INSERT INTO stock_move ({insert}) "  # noqa: S608
        f"SELECT {select} FROM stock_move s CROSS JOIN generate_series(1, %s) g "
        "WHERE s.id = ANY(%s)",
        copies,
        seeds.ids,
    )
)
cr.execute(SQL("ANALYZE stock_move"))
moves = len(seeds) + copies * len(seeds)
window = now - timedelta(days=360)
env.invalidate_all()
assert (
    env["stock.move"].search_count(
        [
            ("product_id", "in", parts.ids),
            ("state", "=", "done"),
            ("date", ">=", window),
        ]
    )
    == moves
)
print(f"BENCH abc_moves: {moves} moves ({parts_count} parts)")


def classify():
    env.invalidate_all()
    cr.execute("SAVEPOINT bench_abc")
    queries = cr.sql_log_count
    started = time.perf_counter()
    classes = env["product.product"]._aftersales_abc_classify(company)
    env.flush_all()
    elapsed = time.perf_counter() - started
    queries = cr.sql_log_count - queries
    cr.execute("ROLLBACK TO SAVEPOINT bench_abc")
    return classes, elapsed, queries


env.invalidate_all()
started = time.perf_counter()
env["product.product"]._aftersales_abc_consumption(company, window.date())
reading = time.perf_counter() - started
rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
classes, elapsed, queries = classify()
rss_after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
tracemalloc.start()
classify()
_current, peak = tracemalloc.get_traced_memory()
tracemalloc.stop()
counts = Counter(classes[template_id] for template_id in parts.product_tmpl_id.ids)
if not counts["a"] or not counts["c"]:
    raise SystemExit(f"unexpected classes {dict(counts)}")
print(f"BENCH abc_{moves}_wall: {elapsed:.2f} s")
print(f"BENCH abc_{moves}_queries: {queries} queries")
print(f"BENCH abc_{moves}_consumption_read: {reading:.2f} s")
a, b, c = counts["a"], counts["b"], counts["c"]
print(f"BENCH abc_{moves}_classes: A {a}, B {b}, C {c} parts")
print(f"BENCH abc_{moves}_python_peak: {peak / 2**20:.1f} MiB")
print(f"BENCH abc_{moves}_rss_peak_growth: {(rss_after - rss_before) / 1024:.1f} MiB")
print(f"BENCH abc_process_rss_peak: {rss_after / 1024:.1f} MiB")
cr.rollback()
