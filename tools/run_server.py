"""``make run``: Odoo 19 with the three addons and demo data at
http://localhost:8069 (login admin / admin), from the local Odoo runtime.

The database lives in a private PostgreSQL cluster under .cache/run (or on
PGHOST when set) and is kept between runs; ``make run ARGS=--reset`` starts
from a fresh one, ``make run ARGS=--update`` updates the addons of the kept
one first (after pulling a new version: migrations run). Ctrl-C stops the
server and the cluster.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import odoo_runtime as rt  # noqa: E402

RUN_DIR = rt.CACHE_DIR / "run"
DATABASE = "aftersales"


def database_ready(pg: rt.PgConnection) -> bool:
    psql = shutil.which("psql")
    if not psql:
        return False
    out = subprocess.run(
        [
            psql,
            "-h",
            pg.host,
            "-p",
            str(pg.port),
            "-U",
            pg.user,
            "-d",
            DATABASE,
            "-tAc",
            "SELECT 1 FROM ir_module_module "
            "WHERE name = 'aftersales_parts' AND state = 'installed'",
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    return out.stdout.strip() == "1"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--port", type=int, default=8069)
    parser.add_argument("--reset", action="store_true", help="drop the database")
    parser.add_argument(
        "--update", action="store_true", help="update the addons of the database"
    )
    args = parser.parse_args()
    runtime, why = rt.find_runtime()
    if runtime is None:
        print(f"make run needs the Odoo runtime: {why}. Or use: docker compose up")
        return 1
    if args.reset:
        shutil.rmtree(RUN_DIR, ignore_errors=True)
    oca = rt.ensure_oca_addons(runtime)
    with rt.PgCluster(keep_dir=RUN_DIR) as pg:
        common = [
            f"--data-dir={RUN_DIR / 'filestore'}",
            f"--http-port={args.port}",
            f"--db-filter=^{DATABASE}$",
            "--http-interface=127.0.0.1",
        ]
        if not database_ready(pg):
            print("Creating database 'aftersales' with demo data (a few minutes)...")
            setup = [
                "--init=" + ",".join(rt.OUR_ADDONS),
                "--with-demo",
                "--load-language=zh_CN",
            ]
        elif args.update:
            print("Updating the addons of database 'aftersales'...")
            setup = ["--update=" + ",".join(rt.OUR_ADDONS)]
        else:
            setup = []
        if setup:
            subprocess.run(
                rt.odoo_command(
                    runtime,
                    pg,
                    oca,
                    DATABASE,
                    *common,
                    *setup,
                    "--stop-after-init",
                    "--log-level=warn",
                ),
                check=True,
            )
        print(f"Odoo at http://localhost:{args.port} (admin / admin); Ctrl-C stops.")
        try:
            subprocess.run(
                rt.odoo_command(runtime, pg, oca, DATABASE, *common), check=False
            )
        except KeyboardInterrupt:
            pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
