"""Run inside ``odoo-bin shell`` (``env`` is given): 12 months of safety
inspections (安全检查) created by the inspection cron for BENCH_N plans,
printing ``name: value unit`` lines.

BENCH_N (plans, default 5000) comes from the environment. Setup (committed:
the database is throwaway): one published inspection checklist of 4 items,
N monthly plans whose first due date is spread over the next 28 days, the
company's horizon set to 365 days. Measured: one call of
``_cron_aftersales_inspections`` (batches of 200 plans), its wall time and
queries, and per batch (``_aftersales_generate`` wrapped) the plans,
inspections and queries. Then a second run right after (every plan is past
the horizon: nothing to do), a forced rerun (every plan's next due date put
back to its first one: everything exists, nothing is made again), and a
count of (plan, due date) pairs held twice (must be 0).
"""

import datetime
import os
import statistics
import sys
import time

sys.path.insert(0, os.environ["BENCH_DIR"])
from shell_setup import Setup  # noqa: E402

setup = Setup(env, "inspections", default_size=5000)  # noqa: F821 (odoo-bin shell)
total, env, cron_env = setup.total, setup.env, setup.cron_env
prefix, tag = setup.prefix, setup.tag

company = env.company
company.write({"aftersales_safety_inspection_horizon_days": 365})
template = env["aftersales.safety.checklist.template"].create(
    {
        "name": f"Bench first aid {tag}",
        "kind": "first_aid",
        "item_ids": [
            (
                0,
                0,
                {"sequence": 1, "question": "Kit complete", "answer_type": "pass_fail"},
            ),
            (
                0,
                0,
                {"sequence": 2, "question": "Gauge green", "answer_type": "pass_fail"},
            ),
            (0, 0, {"sequence": 3, "question": "Tag signed", "answer_type": "yes_no"}),
            (
                0,
                0,
                {
                    "sequence": 4,
                    "question": "Bandages (pieces)",
                    "answer_type": "number",
                    "min_value": 10,
                    "max_value": 100,
                },
            ),
        ],
    }
)
template.action_publish()
inspector = env.ref("base.user_admin")
today = datetime.date.today()


def create_plans(start, count):
    return env["aftersales.safety.inspection.plan"].create(
        [
            {
                "name": f"Bench plan {tag}-{i}",
                "template_id": template.id,
                "user_id": inspector.id,
                "place": f"Van {i}",
                "interval": 1,
                "interval_unit": "months",
                "next_due": today + datetime.timedelta(days=i % 28),
            }
            for i in range(start, start + count)
        ]
    )


plan_ids = setup.create_in_batches(create_plans)
setup_elapsed = setup.elapsed

Plan = cron_env["aftersales.safety.inspection.plan"]
Plan.search([("id", "not in", plan_ids)]).write(
    {"next_due": today + datetime.timedelta(days=3650)}
)
firsts = {p.id: p.next_due for p in Plan.browse(plan_ids)}
plan_class = type(Plan)
batches = setup.measure_batches(Plan, "_aftersales_generate")


cr = cron_env.cr
try:
    queries_before = cr.sql_log_count
    started = time.perf_counter()
    Plan._cron_aftersales_inspections()
    elapsed = time.perf_counter() - started
    queries = cr.sql_log_count - queries_before
    first = list(batches)
    batches.clear()
    again = time.perf_counter()
    Plan._cron_aftersales_inspections()
    again_elapsed = time.perf_counter() - again
    second = sum(b[1] for b in batches)
    batches.clear()
    by_due = {}
    for plan_id, day in firsts.items():
        by_due.setdefault(day, []).append(plan_id)
    for day, ids in by_due.items():
        Plan.browse(ids).write({"next_due": day})
    forced = time.perf_counter()
    Plan._cron_aftersales_inspections()
    forced_elapsed = time.perf_counter() - forced
    rerun = sum(b[1] for b in batches)
finally:
    del plan_class._aftersales_generate
cr.commit()

made = sum(b[1] for b in first)
stored = cron_env["aftersales.safety.inspection"].search_count(
    [("plan_id", "in", plan_ids)]
)
cr.execute(
    """SELECT count(*) FROM (SELECT plan_id, due_date FROM aftersales_safety_inspection
       WHERE plan_id = ANY(%s) GROUP BY plan_id, due_date HAVING count(*) > 1) d""",
    [plan_ids],
)
duplicates = cr.fetchone()[0]
print(f"BENCH {prefix}_setup: {setup_elapsed:.1f} s")
print(f"BENCH {prefix}_plans: {total} plans, monthly, horizon 365 days")
print(f"BENCH {prefix}_wall: {elapsed:.2f} s")
print(f"BENCH {prefix}_queries: {queries} queries")
print(f"BENCH {prefix}_inspections: {made} created ({stored} stored, 4 items each)")
print(f"BENCH {prefix}_per_inspection: {elapsed / max(made, 1) * 1000:.2f} ms")
full = [b for b in first if b[0] == 200] or first
if full:
    mean_queries = statistics.mean(b[2] for b in full)
    print(
        f"BENCH {prefix}_batch_queries: mean {mean_queries:.1f}, "
        f"min {min(b[2] for b in full)}, max {max(b[2] for b in full)} queries "
        f"over {len(full)} batches of 200 plans"
    )
    print(
        f"BENCH {prefix}_batch_time: mean {statistics.mean(b[3] for b in full):.2f}, "
        f"first {full[0][3]:.2f}, last {full[-1][3]:.2f} s"
    )
print(f"BENCH {prefix}_second_run: {again_elapsed:.2f} s, {second} created")
print(f"BENCH {prefix}_forced_rerun: {forced_elapsed:.2f} s, {rerun} created")
print(f"BENCH {prefix}_duplicates: {duplicates} (plan, due date) pairs held twice")
