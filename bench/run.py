"""``make bench``: benchmarks against the Odoo runtime on throwaway databases.

Prints ``name: value unit`` lines, then the machine and versions. Figures
are measurements, not pass/fail tests.

ticket intake: 1,000 and 10,000 helpdesk.ticket records created in batches
of 500 on a database with helpdesk_mgmt alone (the anchor) and on one with
the three after-sales addons (tickets with serial numbers, so coverage,
numbering and deadlines run), both in one process, the sides alternating
block by block; the median of ``--intake-runs`` runs with the spread, and
the wall-time and queries-per-ticket ratios.

deadline cron: one full run of the deadline cron (warnings before a deadline,
escalation at breach) over 10,000 and 50,000 open tickets on the after-sales
database, each ticket with two deadlines due (half breached, half near): wall
time, queries, batches and queries per batch, a check that every deadline was
handled, and the time ratio of the largest size to the smallest.

invoicing: N tickets of 5 customer charge lines invoiced in one batch action
(Create Invoice) against the same invoices made directly with
``account.move.create`` (the anchor): time and queries per invoice, ratio.

parts issue: N single-line parts pickings, one per ticket, requested with
the Request Parts wizard and validated by the clerk (charges on the ticket),
against the same pickings created and validated directly in ``stock``: time
and queries per picking, ratio.

A/B/C classification: one classification of the spare parts over N done
consumption moves (one in twenty a return) of 2,000 parts within the window:
wall time, queries, and memory (Python peak during the run, and growth of the
process's peak resident size).

signed-record verification: N signed service reports of one company
verified as the wizard and the daily job do (the hash chain recomputed):
wall time, queries, records per second, and a check that a record changed
in SQL is named exactly.

China's calendar: plan_hours(6), 13 working days and a week's working hours
on a Shanghai Monday-Friday calendar over 2025-2026, without and with the
official holidays and make-up days loaded: time and queries per call, ratio.

complaint reminders: one run of the complaint reminder cron (催办) over N
open complaints, half overdue: wall time, queries per batch (constant), a
check that every overdue complaint was reminded exactly once and that a
second run right after reminds none.

preventive maintenance: one run of the PM cron generating 12 months of
maintenance (horizon 365 days) for N units, half by calendar and half by
running hours: wall time, queries per batch of plans (constant), and a
second run (and a forced rerun) creating nothing.

KPI workbook: the KPI facts of one month rebuilt and its statistics
workbook rendered (report_xlsx, constant_memory, one line per request) over
N requests with deadlines and ratings (``kpi_workbook.py``): wall time,
queries, growth of the process's resident memory.

go-live: the three addons installed into a database that has been running
(requests, delivered serials and stock moves made in SQL) at two sizes, and
the history backfill alone (``golive.py``): wall time, queries, peak memory,
slope. Not in the default run (it builds its own databases): ``--only golive``.

return applications: N applications decided against their policies, quotas
summed per customer, product and quarter (``returns_decide.py``): wall time,
queries per batch (constant).

safety inspections: one run of the inspection cron creating 12 months of
inspections (horizon 365 days) for N monthly plans: wall time, queries per
batch of plans, a second run and a forced rerun creating nothing, and no
(plan, due date) held twice.

``--only intake,cron,invoicing,parts,abc,verify,calendar,complaints,pm,kpi,``
``returns,inspections,golive`` selects benchmarks (default: all but golive).
"""

from __future__ import annotations

import argparse
import os
import platform
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tools"))

import golive  # noqa: E402
import odoo_runtime as rt  # noqa: E402

HERE = Path(__file__).resolve().parent
BENCHMARKS = (
    "intake",
    "cron",
    "invoicing",
    "parts",
    "abc",
    "verify",
    "calendar",
    "complaints",
    "pm",
    "kpi",
    "golive",
    "returns",
    "inspections",
)


def shell(runtime, pg, oca, database, script, data_dir, **env_vars):
    env = dict(
        os.environ, BENCH_DIR=str(HERE), **{k: str(v) for k, v in env_vars.items()}
    )
    out = subprocess.run(
        rt.odoo_command(
            runtime,
            pg,
            oca,
            database,
            "--no-http",
            "--log-level=warn",
            f"--data-dir={data_dir}",
            subcommand="shell",
        ),
        input=script.read_text(),
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    figures = {}
    for line in out.stdout.splitlines():
        if line.startswith("BENCH "):
            name, value = line[6:].split(": ", 1)
            figures[name] = value
            print(f"{name}: {value}", flush=True)
    if not figures:
        print(out.stdout[-2000:], out.stderr[-4000:])
        raise SystemExit(f"benchmark {script.name} on {database} printed no figure")
    return figures


def number(value: str) -> float:
    return float(value.split()[0])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument(
        "--only", default=",".join(name for name in BENCHMARKS if name != "golive")
    )
    parser.add_argument("--sizes", default="1000,10000", help="ticket intake sizes")
    parser.add_argument("--intake-runs", type=int, default=3)
    parser.add_argument("--cron-sizes", default="10000,50000")
    parser.add_argument("--cron-batch", type=int, default=500)
    parser.add_argument("--invoice-sizes", default="100,1000")
    parser.add_argument("--parts-sizes", default="1000")
    parser.add_argument("--abc-moves", default="200000")
    parser.add_argument("--verify-sizes", default="100000")
    parser.add_argument("--calendar-calls", default="2000")
    parser.add_argument("--complaint-sizes", default="20000")
    parser.add_argument("--pm-sizes", default="10000")
    parser.add_argument("--kpi-sizes", default="10000,100000")
    parser.add_argument("--golive-sizes", default="20000,200000")
    parser.add_argument("--golive-backfill", type=int, default=100000)
    parser.add_argument("--returns-sizes", default="10000")
    parser.add_argument("--inspection-sizes", default="5000")
    args = parser.parse_args()
    only = [name.strip() for name in args.only.split(",") if name.strip()]
    unknown = set(only) - set(BENCHMARKS)
    if unknown:
        parser.error(f"unknown benchmark {', '.join(sorted(unknown))}: {BENCHMARKS}")
    runtime, why = rt.find_runtime()
    if runtime is None:
        print(f"make bench needs the Odoo runtime: {why}")
        return 1
    oca = rt.ensure_oca_addons(runtime)
    sizes = [int(s) for s in args.sizes.split(",")]
    cron_sizes = [int(s) for s in args.cron_sizes.split(",")]
    with tempfile.TemporaryDirectory() as data_dir, rt.PgCluster() as pg:
        if "intake" in only:
            rt.install_addons(
                runtime, pg, oca, "bench_plain", "helpdesk_mgmt", data_dir, quiet=True
            )
        if set(only) - {"golive"}:
            rt.install_addons(
                runtime,
                pg,
                oca,
                "bench_ours",
                ",".join(rt.OUR_ADDONS),
                data_dir,
                quiet=True,
            )
        if "golive" in only:
            golive.run(
                runtime,
                pg,
                oca,
                data_dir,
                shell,
                HERE / "golive_install.py",
                [int(s) for s in args.golive_sizes.split(",")],
                args.golive_backfill,
            )
        if "intake" in only:
            ticket_intake(runtime, pg, oca, data_dir, sizes, args.intake_runs)
        if "cron" in only:
            deadline_cron(runtime, pg, oca, data_dir, cron_sizes, args.cron_batch)
        for name, script, sizes_arg in (
            ("invoicing", "invoicing.py", args.invoice_sizes),
            ("parts", "parts_issue.py", args.parts_sizes),
            ("abc", "abc_classify.py", args.abc_moves),
            ("verify", "verify_signed.py", args.verify_sizes),
            ("calendar", "china_calendar.py", args.calendar_calls),
            ("complaints", "complaint_reminders.py", args.complaint_sizes),
            ("pm", "pm_generate.py", args.pm_sizes),
            ("kpi", "kpi_workbook.py", args.kpi_sizes),
            ("returns", "returns_decide.py", args.returns_sizes),
            ("inspections", "safety_inspections.py", args.inspection_sizes),
        ):
            if name not in only:
                continue
            for size in [int(s) for s in sizes_arg.split(",")]:
                shell(
                    runtime,
                    pg,
                    oca,
                    "bench_ours",
                    HERE / script,
                    data_dir,
                    BENCH_N=size,
                )
    print(f"machine: {platform.machine()} {os.cpu_count()} cpu, {platform.platform()}")
    print(f"python: {runtime.python_version()}; odoo: {runtime.version()}")
    return 0


def ticket_intake(runtime, pg, oca, data_dir, sizes, runs):
    """Both sides in one process (``ticket_intake.py`` opens the anchor's
    database next to ours), alternating in blocks; median of ``runs``."""
    for size in sizes:
        shell(
            runtime,
            pg,
            oca,
            "bench_ours",
            HERE / "ticket_intake.py",
            data_dir,
            BENCH_N=size,
            BENCH_RUNS=runs,
            BENCH_PLAIN_DB="bench_plain",
        )


def deadline_cron(runtime, pg, oca, data_dir, sizes, batch):
    """Linear or better: the time ratio of two sizes at most their size ratio."""
    walls, queries = {}, {}
    for size in sizes:
        figures = shell(
            runtime,
            pg,
            oca,
            "bench_ours",
            HERE / "deadline_cron.py",
            data_dir,
            BENCH_N=size,
            BENCH_BATCH=batch,
        )
        walls[size] = number(figures[f"cron_{size}_wall"])
        queries[size] = number(figures[f"cron_{size}_queries"])
    small, large = min(sizes), max(sizes)
    if small == large:
        return
    print(
        f"cron_time_ratio_{large}_vs_{small}: {walls[large] / walls[small]:.2f} x "
        f"(tickets {large / small:.2f} x)"
    )
    print(
        f"cron_queries_ratio_{large}_vs_{small}: "
        f"{queries[large] / queries[small]:.2f} x"
    )
    for size in sizes:
        print(f"cron_{size}_time_per_ticket: {walls[size] / size * 1000:.3f} ms")


if __name__ == "__main__":
    sys.exit(main())
