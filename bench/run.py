"""``make bench``: benchmarks against the Odoo runtime on throwaway databases.

Prints ``name: value unit`` lines, then the machine and versions. Figures
are measurements, not pass/fail tests.

ticket intake: 1,000 and 10,000 helpdesk.ticket records created in batches
of 500 on a database with helpdesk_mgmt alone (the anchor) and on one with
the three after-sales addons (tickets with serial numbers, so coverage and
numbering run), and the ratio of the two.
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

import odoo_runtime as rt  # noqa: E402

HERE = Path(__file__).resolve().parent


def shell(runtime, pg, oca, database, script, data_dir, **env_vars):
    env = dict(os.environ, **{k: str(v) for k, v in env_vars.items()})
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
    parser.add_argument("--sizes", default="1000,10000")
    args = parser.parse_args()
    runtime, why = rt.find_runtime()
    if runtime is None:
        print(f"make bench needs the Odoo runtime: {why}")
        return 1
    oca = rt.ensure_oca_addons(runtime)
    sizes = [int(s) for s in args.sizes.split(",")]
    with tempfile.TemporaryDirectory() as data_dir, rt.PgCluster() as pg:
        rt.install_addons(
            runtime, pg, oca, "bench_plain", "helpdesk_mgmt", data_dir, quiet=True
        )
        rt.install_addons(
            runtime,
            pg,
            oca,
            "bench_ours",
            ",".join(rt.OUR_ADDONS),
            data_dir,
            quiet=True,
        )
        for size in sizes:
            plain = shell(
                runtime,
                pg,
                oca,
                "bench_plain",
                HERE / "ticket_intake.py",
                data_dir,
                BENCH_N=size,
                BENCH_LABEL="plain",
            )
            ours = shell(
                runtime,
                pg,
                oca,
                "bench_ours",
                HERE / "ticket_intake.py",
                data_dir,
                BENCH_N=size,
                BENCH_LABEL="aftersales",
            )
            ratio = number(ours[f"aftersales_tickets_{size}_wall"]) / number(
                plain[f"plain_tickets_{size}_wall"]
            )
            print(f"tickets_{size}_time_ratio_vs_helpdesk_mgmt: {ratio:.2f} x")
    print(f"machine: {platform.machine()} {os.cpu_count()} cpu, {platform.platform()}")
    print(f"python: {platform.python_version()}; odoo: {runtime.version()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
