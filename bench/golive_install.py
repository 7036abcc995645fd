# Run inside ``odoo-bin shell`` on a database filled by ``golive_data.py``,
# one phase per process (``BENCH_PHASE``), so each peak memory is its own:
# ``install`` installs the three addons and prints wall time, queries and
# peak memory, then checks what it did with the data; ``upgrade`` upgrades
# them (``-u``) on the same data; ``backfill`` runs the history backfill
# alone on every delivered serial with its customer and start cleared.
# ``BENCH_PROFILE=<file>``: a cProfile of the installation in
# ``<file>.<N>``.
import os
import resource
import time

import odoo

PHASE = os.environ.get("BENCH_PHASE", "install")
N = int(os.environ["BENCH_N"])
SERIALS = int(os.environ.get("BENCH_SERIALS") or N // 2)
env = globals()["env"]  # given by odoo shell
cr = env.cr


def rss_mb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


MODULES = ["aftersales_service", "aftersales_safety", "aftersales_parts"]


def install():
    """The installation, measured; then what it did with the data."""
    global env
    rss_before = rss_mb()
    q0 = odoo.sql_db.sql_counter
    profile = os.environ.get("BENCH_PROFILE")
    if profile:
        import cProfile

        profiler = cProfile.Profile()
        profiler.enable()
    t0 = time.time()
    modules = env["ir.module.module"].search([("name", "in", MODULES)])
    modules.button_immediate_install()
    wall = time.time() - t0
    if profile:
        profiler.disable()
        profiler.dump_stats(f"{profile}.{N}")
    queries = odoo.sql_db.sql_counter - q0
    print(f"BENCH golive install {N}: {wall:.1f} s", flush=True)
    print(f"BENCH golive install queries {N}: {queries}", flush=True)
    print(
        f"BENCH golive install memory {N}: peak {rss_mb():.0f} MB"
        f" (process before install {rss_before:.0f} MB)",
        flush=True,
    )

    # What the install did with the data.
    env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
    cr.execute(
        "SELECT count(*) FILTER (WHERE aftersales_reported_at = create_date"
        " AND aftersales_failure_date = create_date::date"
        " AND aftersales_request_type = 'repair'), count(*) FROM helpdesk_ticket"
    )
    same, total = cr.fetchone()
    cr.execute(
        "SELECT count(*) FILTER (WHERE NOT s.closed AND t.aftersales_coverage"
        " IS NOT NULL), count(*) FILTER (WHERE NOT s.closed),"
        " count(*) FILTER (WHERE s.closed AND t.aftersales_coverage IS NULL),"
        " count(*) FILTER (WHERE s.closed)"
        " FROM helpdesk_ticket t JOIN helpdesk_ticket_stage s ON s.id = t.stage_id"
    )
    open_done, open_total, closed_undecided, closed_total = cr.fetchone()
    cr.execute("SELECT count(*) FROM aftersales_ticket_deadline")
    deadlines = cr.fetchone()[0]
    cr.execute(
        "SELECT count(*) FROM stock_lot WHERE aftersales_customer_id IS NOT NULL"
        " AND aftersales_warranty_start_source = 'delivery'"
    )
    filled = cr.fetchone()[0]
    print(
        f"BENCH golive check {N}: {same}/{total} requests Reported At and Failure"
        f" Date = created and the default request type,"
        f" coverage decided on {open_done}/{open_total} open requests and left"
        f" not decided on {closed_undecided}/{closed_total} closed ones,"
        f" {deadlines} deadlines, {filled}/{SERIALS + 1} serials filled from history",
        flush=True,
    )


def upgrade():
    """An upgrade of the three addons on the same data (``-u``), measured."""
    q0 = odoo.sql_db.sql_counter
    t0 = time.time()
    env["ir.module.module"].search([("name", "in", MODULES)]).button_immediate_upgrade()
    print(
        f"BENCH golive upgrade {N}: {time.time() - t0:.1f} s,"
        f" {odoo.sql_db.sql_counter - q0} queries, peak {rss_mb():.0f} MB",
        flush=True,
    )


def backfill():
    """The history backfill alone, on every delivered serial cleared again."""
    cr.execute(
        "UPDATE stock_lot SET aftersales_customer_id = NULL, aftersales_customer_source"
        " = NULL, aftersales_warranty_start = NULL, aftersales_warranty_start_source ="
        " NULL, aftersales_warranty_end = NULL"
    )
    cr.commit()
    env.invalidate_all()
    rss_before = rss_mb()
    q0 = odoo.sql_db.sql_counter
    t0 = time.time()
    summary = env["stock.lot"]._aftersales_backfill_history(
        env["res.company"].search([]).ids
    )
    cr.commit()
    print(
        f"BENCH golive backfill {SERIALS}: {time.time() - t0:.1f} s,"
        f" {odoo.sql_db.sql_counter - q0} queries, {summary['starts']} starts and"
        f" {summary['customers']} customers set, {len(summary['conflicts'])} conflicts;"
        f" peak {rss_mb():.0f} MB (before {rss_before:.0f} MB)",
        flush=True,
    )


# Each phase in its own process (golive.py): its peak memory is its own.
{"install": install, "upgrade": upgrade, "backfill": backfill}[PHASE]()
