"""Go-live benchmark (``make bench ARGS="--only golive"``): installing the
three addons into an ERP that has been running, at two sizes, and the
history backfill alone.

A database with the addons' dependencies (helpdesk, stock, accounting, HR,
surveys…) is installed once; for each size it is duplicated and filled in
SQL (``golive_data.py``: N requests, N/2 serials delivered once, 5N done
moves), then the addons are installed in another process
(``golive_install.py``): wall time, queries, peak memory of that process;
the slope between the sizes says whether the time grows with the data.
``--golive-backfill`` runs the history backfill alone on that many
delivered serials (a database of 1,000 requests)."""

from __future__ import annotations

import subprocess
import time

import odoo_runtime as rt

DEPENDENCIES = (
    "helpdesk_mgmt,stock,account,analytic,resource,hr,hr_skills,portal,mail,"
    "survey,report_xlsx"
)


def duplicate(runtime, pg, oca, data_dir, source, target):
    subprocess.run(
        [
            str(runtime.python),
            str(runtime.odoo_bin),
            "db",
            f"--addons-path={rt.addons_path(runtime, oca)}",
            *pg.odoo_args(),
            f"--data-dir={data_dir}",
            "duplicate",
            "-f",
            source,
            target,
        ],
        check=True,
        capture_output=True,
    )


def run(runtime, pg, oca, data_dir, shell, script, sizes, backfill):
    data_script = script.with_name("golive_data.py")
    t0 = time.time()
    rt.install_addons(
        runtime, pg, oca, "bench_golive_base", DEPENDENCIES, data_dir, quiet=True
    )
    print(f"golive base database: {time.time() - t0:.0f} s", flush=True)
    walls = {}
    for size in sizes:
        database = f"bench_golive_{size}"
        duplicate(runtime, pg, oca, data_dir, "bench_golive_base", database)
        shell(runtime, pg, oca, database, data_script, data_dir, BENCH_N=size)
        figures = shell(runtime, pg, oca, database, script, data_dir, BENCH_N=size)
        for phase in ("upgrade", "backfill"):
            shell(
                runtime,
                pg,
                oca,
                database,
                script,
                data_dir,
                BENCH_N=size,
                BENCH_PHASE=phase,
            )
        walls[size] = float(figures[f"golive install {size}"].split()[0])
    if len(walls) > 1:
        (small, t_small), (large, t_large) = min(walls.items()), max(walls.items())
        slope = (t_large - t_small) / (large - small) * 1000
        print(
            f"golive install slope: {slope:.2f} ms per extra request "
            f"({t_large / t_small:.2f}x the time, {large / small:.1f}x the requests)",
            flush=True,
        )
    if backfill:
        database = f"bench_golive_backfill_{backfill}"
        duplicate(runtime, pg, oca, data_dir, "bench_golive_base", database)
        for each, phase in (
            (data_script, None),
            (script, "install"),
            (script, "backfill"),
        ):
            shell(
                runtime,
                pg,
                oca,
                database,
                each,
                data_dir,
                BENCH_N=1000,
                BENCH_SERIALS=backfill,
                BENCH_MOVES=backfill,
                BENCH_PHASE=phase or "",
            )
