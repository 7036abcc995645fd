"""Run inside ``odoo-bin shell`` (``env`` is given): create tickets in
batches and print ``name: value unit`` lines.

BENCH_N (total tickets), BENCH_BATCH and BENCH_LABEL come from the
environment. With aftersales_service installed, every ticket carries a
serial number, so coverage is decided and a CODE-YYMM-NN number assigned.
"""

import os
import time

total = int(os.environ.get("BENCH_N", "10000"))
batch = int(os.environ.get("BENCH_BATCH", "500"))
label = os.environ.get("BENCH_LABEL", "plain")
env = env  # noqa: F821,PLW0127 (given by odoo-bin shell)
env = env(context=dict(env.context, tracking_disable=True, mail_create_nolog=True))
ours = "aftersales_lot_id" in env["helpdesk.ticket"]._fields
team_vals = {"name": f"Bench {label} {total}"}
if ours:
    team_vals["aftersales_department_code"] = "BN"
team = env["helpdesk.ticket.team"].create(team_vals)
partner = env["res.partner"].create({"name": "Bench customer", "is_company": True})
lots = None
if ours:
    categ = env["product.category"].create(
        {"name": "Bench units", "aftersales_warranty_months": 12}
    )
    product = env["product.product"].create(
        {
            "name": "Bench unit",
            "categ_id": categ.id,
            "is_storable": True,
            "tracking": "serial",
        }
    )
    lots = env["stock.lot"].create(
        [
            {
                "name": f"BN-{label}-{total}-{i:06d}",
                "product_id": product.id,
                "aftersales_customer_id": partner.id,
                "aftersales_factory_date": "2025-01-01",
            }
            for i in range(total)
        ]
    )
env.flush_all()
cr = env.cr
queries_before = cr.sql_log_count
started = time.perf_counter()
done = 0
while done < total:
    size = min(batch, total - done)
    vals_list = []
    for i in range(done, done + size):
        vals = {
            "name": f"Bench ticket {i}",
            "description": "<p>Does not start.</p>",
            "team_id": team.id,
            "partner_id": partner.id,
        }
        if ours:
            vals["aftersales_lot_id"] = lots[i].id
            vals["aftersales_failure_date"] = "2026-06-01"
        vals_list.append(vals)
    env["helpdesk.ticket"].create(vals_list)
    env.flush_all()
    env.invalidate_all()
    done += size
elapsed = time.perf_counter() - started
queries = cr.sql_log_count - queries_before
print(f"BENCH {label}_tickets_{total}_wall: {elapsed:.2f} s")
print(f"BENCH {label}_tickets_{total}_per_ticket: {elapsed / total * 1000:.3f} ms")
print(
    f"BENCH {label}_tickets_{total}_queries_per_ticket: {queries / total:.2f} queries"
)
cr.rollback()
