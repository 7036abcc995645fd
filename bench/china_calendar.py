"""Run inside ``odoo-bin shell``: the cost of make-up working days in Odoo's
working-time arithmetic. Prints ``BENCH name: value unit``.

A Monday-Friday 9-12/13-18 calendar in Asia/Shanghai; BENCH_N request times
spread over 2025-2026 (every 7 hours and 13 minutes). Measured per call, wall
time and queries: ``plan_hours(6)`` (the city arrival deadline),
``_aftersales_plan_days(13, working)`` (a complaint's 13 working days) and
``get_work_hours_count`` over a week, first with no holiday and no make-up
day, then with China's official 2025-2026 list loaded (global leaves and
make-up days), and the ratio. Everything is rolled back.
"""

import os
import time
from datetime import datetime, timedelta

from pytz import utc

total = int(os.environ.get("BENCH_N", "2000"))
env = env  # noqa: F821,PLW0127 (given by odoo-bin shell)
env = env(context=dict(env.context, tracking_disable=True))
cr = env.cr
company = env.company
calendar = env["resource.calendar"].create(
    {
        "name": "Bench Beijing office",
        "tz": "Asia/Shanghai",
        "company_id": company.id,
        "attendance_ids": [
            (
                0,
                0,
                {
                    "name": f"{day}{period}",
                    "dayofweek": str(day),
                    "hour_from": start,
                    "hour_to": end,
                    "day_period": period,
                },
            )
            for day in range(5)
            for period, start, end in (("morning", 9, 12), ("afternoon", 13, 18))
        ],
    }
)
starts = [datetime(2025, 1, 1) + timedelta(minutes=433 * i) for i in range(total)]
starts = [s for s in starts if s.year < 2027]


def measure(label):
    results = {}
    for name, call in (
        ("plan_hours_6", lambda s: calendar.plan_hours(6, s, compute_leaves=True)),
        ("plan_days_13", lambda s: calendar._aftersales_plan_days(s, 13)),
        (
            "work_hours_week",
            lambda s: calendar.get_work_hours_count(
                utc.localize(s), utc.localize(s + timedelta(days=7))
            ),
        ),
    ):
        env.invalidate_all()
        queries = cr.sql_log_count
        begin = time.perf_counter()
        for start in starts:
            call(start)
        wall = time.perf_counter() - begin
        per_call = wall / len(starts) * 1000
        query_rate = (cr.sql_log_count - queries) / len(starts)
        print(f"BENCH {label}_{name}_ms: {per_call:.3f} ms/call")
        print(f"BENCH {label}_{name}_queries: {query_rate:.2f} queries/call")
        results[name] = per_call
    return results


# No holiday and no make-up day in 2025-2026 for the company at first.
env["aftersales.makeup.day"].search([("company_id", "=", company.id)]).unlink()
env["resource.calendar.leaves"].search(
    [("resource_id", "=", False), ("date_from", "<", datetime(2027, 2, 1))]
).unlink()
env.flush_all()
plain = measure("plain")
company._aftersales_load_china_calendar([2025, 2026], tz="Asia/Shanghai")
env.flush_all()
loaded = measure("china")
print(
    "BENCH make-up days and holidays loaded: "
    f"{env['aftersales.makeup.day'].search_count([]):d} make-up days"
)
for name, value in plain.items():
    print(f"BENCH {name}_ratio_china_vs_plain: {loaded[name] / value:.2f} x")
cr.rollback()
env.registry.clear_cache()
