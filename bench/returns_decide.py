"""Run inside ``odoo-bin shell``: decide BENCH_N return applications (``rma``)
against the food company's return policy, in batches of BENCH_BATCH, as the
service desk's Decide does (``rma._aftersales_decide``). Prints
``BENCH name: value unit``.

The data: 200 customers, 20 products in a policy's category, a done delivery
of every product to every customer in each of two quarters (the breakage
quota's base), and BENCH_N applications spread over the two quarters with
the reasons of seed 003 (quality, leaking cans, glass breakage, damaged
packaging, a reason the policy does not accept). Quotas are summed per
customer, product and quarter: two grouped queries per batch, whatever its
size. Everything is rolled back.
"""

import os
import time
from datetime import datetime, timedelta

total = int(os.environ.get("BENCH_N", "10000"))
batch = int(os.environ.get("BENCH_BATCH", "1000"))
env = env  # noqa: F821,PLW0127 (given by odoo-bin shell)
env = env(context=dict(env.context, tracking_disable=True, mail_create_nolog=True))
cr = env.cr
cr.execute("SAVEPOINT bench_returns")
company = env.company
warehouse = env["stock.warehouse"]._aftersales_main(company)
stock = warehouse.lot_stock_id
customers_location = env.ref("stock.stock_location_customers")
category = env["product.category"].create({"name": "Bench drinks"})
products = env["product.product"].create(
    [
        {
            "name": f"Bench drink {i}",
            "categ_id": category.id,
            "is_storable": True,
            "list_price": 6.0,
        }
        for i in range(20)
    ]
)
partners = env["res.partner"].create(
    [{"name": f"Bench shop {i}", "is_company": True} for i in range(200)]
)
reasons = [
    env.ref(f"aftersales_parts.return_reason_{name}")
    for name in ("quality", "leak", "breakage", "packaging", "misuse")
]
levels = env["aftersales.goodwill.level"].search([], order="rank")
env["aftersales.return.policy"].create(
    {
        "name": "Bench food",
        "categ_ids": [(4, category.id)],
        "expiry_months": 3,
        "credit_rate": 80,
        "breakage_rate": 0.2,
        "swap_product_ids": [(6, 0, products[:10].ids)],
        "line_ids": [
            (0, 0, {"reason_id": reasons[0].id, "outcome": "exchange"}),
            (0, 0, {"reason_id": reasons[1].id, "outcome": "swap"}),
            (0, 0, {"reason_id": reasons[2].id, "outcome": "reimburse"}),
            (
                0,
                0,
                {"reason_id": reasons[3].id, "outcome": "swap", "direct_max_units": 15},
            ),
        ],
        "approval_ids": [
            (0, 0, {"max_value": 500, "level_id": levels[0].id}),
            (0, 0, {"max_value": 0, "level_id": levels[-1].id}),
        ],
    }
)
q1, q2 = datetime(2026, 3, 15, 10), datetime(2026, 4, 15, 10)
pickings = env["stock.picking"].create(
    [
        {
            "partner_id": partner.id,
            "picking_type_id": warehouse.out_type_id.id,
            "location_id": stock.id,
            "location_dest_id": customers_location.id,
            "move_ids": [
                (
                    0,
                    0,
                    {
                        "product_id": product.id,
                        "product_uom_qty": 2000,
                        "location_id": stock.id,
                        "location_dest_id": customers_location.id,
                    },
                )
                for product in products
            ],
        }
        for partner in partners
        for _when in (q1, q2)
    ]
)
# Done deliveries as the quota reads them (state and date), without
# computing stock valuation for 8,000 moves.
for index, picking in enumerate(pickings):
    when = q1 if index % 2 == 0 else q2
    picking.move_ids.write({"state": "done", "date": when})
rmas = env["rma"].create(
    [
        {
            "partner_id": partners[i % len(partners)].id,
            "product_id": products[(i // 7) % len(products)].id,
            "product_uom_qty": (i % 20) + 1,
            "aftersales_reason_id": reasons[i % len(reasons)].id,
            "date": (q1 if i % 2 == 0 else q2) + timedelta(days=i % 40),
        }
        for i in range(total)
    ]
)
env.flush_all()
env.invalidate_all()

per_batch = []
started = time.perf_counter()
for start in range(0, total, batch):
    chunk = rmas[start : start + batch]
    queries = cr.sql_log_count
    chunk._aftersales_decide()
    env.flush_all()
    per_batch.append(cr.sql_log_count - queries)
    env.invalidate_all()
elapsed = time.perf_counter() - started
decided = env["rma"].search_count(
    [("id", "in", rmas.ids), ("aftersales_decision", "!=", False)]
)
breakdown = env["rma"]._read_group(
    [("id", "in", rmas.ids)], ["aftersales_decision_rule"], ["__count"]
)
cr.execute("ROLLBACK TO SAVEPOINT bench_returns")
if decided != total:
    raise SystemExit(f"{decided} of {total} applications decided")
print(f"BENCH returns_decide_{total}_wall: {elapsed:.2f} s")
print(f"BENCH returns_decide_{total}_per_application: {elapsed / total * 1000:.2f} ms")
print(
    f"BENCH returns_decide_{total}_queries_per_batch_of_{batch}: "
    f"{min(per_batch)}-{max(per_batch)} queries"
)
print(
    "BENCH returns_decide_rules: "
    + ", ".join(f"{rule}={count}" for rule, count in breakdown)
    + " applications"
)
cr.rollback()
