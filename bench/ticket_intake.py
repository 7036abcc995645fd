"""Run inside ``odoo-bin shell`` on the after-sales database (``env`` is
given): create BENCH_N tickets on each side, ours against the anchor, and
print ``BENCH name: value unit`` lines.

Ours: ``helpdesk.ticket.create`` with the three after-sales addons, every
ticket carrying a serial number, so coverage is decided, the CODE-YYMM-NN
number assigned and the deadlines computed. The anchor: the same create on
BENCH_PLAIN_DB, a database with ``helpdesk_mgmt`` alone, opened in this
same process (a second registry), so both sides run in one interpreter.

The sides alternate in blocks of BENCH_BATCH tickets (the order swapped every
block), so both meet the same machine load and the same growth of their
tables; one block on each side is made first, so neither pays for cold
caches. The whole run is repeated BENCH_RUNS times, each rolled back to the
same starting point; the median run's figures are printed with the spread
(lowest-highest) of the wall-time ratio.
"""

import os
import statistics
import time

from odoo.modules.registry import Registry

total = int(os.environ.get("BENCH_N", "10000"))
batch = int(os.environ.get("BENCH_BATCH", "500"))
runs = int(os.environ.get("BENCH_RUNS", "3"))
plain_db = os.environ.get("BENCH_PLAIN_DB", "bench_plain")
env = env  # noqa: F821,PLW0127 (given by odoo-bin shell)
CONTEXT = {"tracking_disable": True, "mail_create_nolog": True}


class Side:
    """One database's ticket creation, with what it needs made beforehand."""

    def __init__(self, label, side_env):
        self.label = label
        self.env = side_env(context=dict(side_env.context, **CONTEXT))
        self.ours = "aftersales_lot_id" in self.env["helpdesk.ticket"]._fields
        team_vals = {"name": f"Bench intake {total}"}
        if self.ours:
            team_vals["aftersales_department_code"] = "BN"
        self.team = self.env["helpdesk.ticket.team"].create(team_vals)
        self.partner = self.env["res.partner"].create(
            {"name": "Bench customer", "is_company": True}
        )
        self.lots = None
        if self.ours:
            categ = self.env["product.category"].create(
                {"name": "Bench units", "aftersales_warranty_months": 12}
            )
            product = self.env["product.product"].create(
                {
                    "name": "Bench unit",
                    "categ_id": categ.id,
                    "is_storable": True,
                    "tracking": "serial",
                }
            )
            self.lots = self.env["stock.lot"].create(
                [
                    {
                        "name": f"BN-{total}-{i:06d}",
                        "product_id": product.id,
                        "aftersales_customer_id": self.partner.id,
                        "aftersales_factory_date": "2025-01-01",
                    }
                    for i in range(total + batch)
                ]
            )
        self.env.flush_all()
        self.env.cr.execute("SAVEPOINT bench_intake")

    def create(self, start, size):
        """Seconds and queries to create tickets ``start``..``start+size``."""
        vals_list = []
        for i in range(start, start + size):
            vals = {
                "name": f"Bench ticket {i}",
                "description": "<p>Does not start.</p>",
                "team_id": self.team.id,
                "partner_id": self.partner.id,
            }
            if self.ours:
                vals["aftersales_lot_id"] = self.lots[i].id
                vals["aftersales_failure_date"] = "2026-06-01"
            vals_list.append(vals)
        cr = self.env.cr
        queries = cr.sql_log_count
        started = time.perf_counter()
        self.env["helpdesk.ticket"].create(vals_list)
        self.env.flush_all()
        elapsed = time.perf_counter() - started
        queries = cr.sql_log_count - queries
        self.env.invalidate_all()
        return elapsed, queries

    def restart(self):
        self.env.invalidate_all()
        self.env.cr.execute("ROLLBACK TO SAVEPOINT bench_intake")


with Registry(plain_db).cursor() as plain_cr:
    import odoo

    plain_env = odoo.api.Environment(plain_cr, odoo.SUPERUSER_ID, {})
    sides = [Side("plain", plain_env), Side("aftersales", env)]
    results = []  # per run: {label: (seconds, queries)}
    for _run in range(runs):
        figures = {side.label: [0.0, 0] for side in sides}
        for side in sides:  # warm-up block, not counted
            side.create(total, batch)
        for number, start in enumerate(range(0, total, batch)):
            size = min(batch, total - start)
            order = sides if number % 2 == 0 else sides[::-1]
            for side in order:
                elapsed, queries = side.create(start, size)
                figures[side.label][0] += elapsed
                figures[side.label][1] += queries
        results.append(figures)
        for side in sides:
            side.restart()
    plain_cr.rollback()
env.cr.rollback()

ratios = [r["aftersales"][0] / r["plain"][0] for r in results]
median_ratio = statistics.median(ratios)
median_run = results[ratios.index(sorted(ratios)[(len(ratios) - 1) // 2])]
prefix = f"tickets_{total}"
for label in ("plain", "aftersales"):
    walls = [r[label][0] for r in results]
    queries = median_run[label][1]
    print(
        f"BENCH {label}_{prefix}_per_ticket: "
        f"{statistics.median(walls) / total * 1000:.3f} ms "
        f"(runs {min(walls) / total * 1000:.3f}-{max(walls) / total * 1000:.3f})"
    )
    print(f"BENCH {label}_{prefix}_queries_per_ticket: {queries / total:.2f} queries")
print(
    f"BENCH {prefix}_time_ratio_vs_helpdesk_mgmt: {median_ratio:.2f} x "
    f"(median of {runs} runs alternating blocks of {batch}; "
    f"spread {min(ratios):.2f}-{max(ratios):.2f})"
)
print(
    f"BENCH {prefix}_queries_ratio_vs_helpdesk_mgmt: "
    f"{median_run['aftersales'][1] / median_run['plain'][1]:.2f} x"
)
