"""Run inside ``odoo-bin shell`` (``env`` is given): the KPI facts of one
month and its statistics workbook over BENCH_N requests, printing
``name: value unit`` lines.

Setup (committed: the database is throwaway): one request made through the
ORM (with its deadlines) and one rated call-back, then copied in SQL to
BENCH_N requests of one month spread over 20 technicians and 4 teams, each
with a response and a resolution deadline (a third breached), two thirds
resolved, one in ten a repeat repair, one in fifty a complaint (half of them
the service's responsibility), and a rating for one in three (scores 1-10).
Visits and charges are not generated. Measured: the facts' rebuild
(``_aftersales_build``) and the workbook's rendering (report_xlsx, one line
per request on the Requests sheet), each with wall time and queries, and the
growth of the process's resident memory over its baseline (VmRSS before,
peak VmHWM after; the peak is reset before measuring where the kernel
allows it). Checked: the workbook's Requests sheet has one line per request.
"""

import datetime
import io
import os
import time
import zipfile

total = int(os.environ.get("BENCH_N", "10000"))
env = env  # noqa: F821,PLW0127 (given by odoo-bin shell)
env = env(context=dict(env.context, tracking_disable=True, mail_create_nolog=True))
prefix = f"kpi_workbook_{total}"
tag = f"{total}-{int(time.time())}"
cr = env.cr


def rss_kb(field="VmRSS"):
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    return 0


def reset_peak():
    try:
        with open("/proc/self/clear_refs", "w") as refs:
            refs.write("5")
        return True
    except OSError:
        return False


# ----------------------------------------------------------------------
# Setup
# ----------------------------------------------------------------------
setup_started = time.perf_counter()
company = env["res.company"].create({"name": f"Bench KPI {tag}"})
company.resource_calendar_id.tz = "Asia/Shanghai"
env = env(context=dict(env.context, allowed_company_ids=[company.id]))
users = env["res.users"].create(
    [
        {
            "name": f"Bench tech {i} {tag}",
            "login": f"bench-kpi-{i}-{tag}",
            "company_id": company.id,
            "company_ids": [(6, 0, company.ids)],
            "group_ids": [
                (6, 0, [env.ref("aftersales_service.group_aftersales_technician").id])
            ],
        }
        for i in range(20)
    ]
)
teams = env["helpdesk.ticket.team"].create(
    [{"name": f"Bench team {i} {tag}", "company_id": company.id} for i in range(4)]
)
partner = env["res.partner"].create({"name": f"Bench customer {tag}"})
month = datetime.date(2025, 3, 1)
start = datetime.datetime(2025, 2, 28, 16)  # 1 March 00:00 in Shanghai
template = env["helpdesk.ticket"].create(
    {
        "name": "Bench request",
        "description": "<p>Bench.</p>",
        "team_id": teams[0].id,
        "partner_id": partner.id,
        "company_id": company.id,
        "aftersales_reported_at": start,
    }
)
callback = env["aftersales.callback"]._aftersales_create(
    [
        {
            "kind": "service",
            "company_id": company.id,
            "partner_id": partner.id,
            "ticket_id": template.id,
            "state": "done",
            "done_at": start,
            "satisfaction": 9,
        }
    ]
)
env.flush_all()


def columns(table):
    cr.execute(
        "SELECT column_name FROM information_schema.columns "
        "WHERE table_name = %s AND column_name != 'id'",
        [table],
    )
    return [row[0] for row in cr.fetchall()]


def copy_rows(table, source_id, overrides, count, extra_from=""):
    names = columns(table)
    # psycopg placeholders: a literal % in an expression is written %%.
    select = [overrides.get(name, f'src."{name}"').replace("%", "%%") for name in names]
    cr.execute(
        f'INSERT INTO "{table}" ({", ".join(f"{chr(34)}{n}{chr(34)}" for n in names)}) '
        f'SELECT {", ".join(select)} FROM "{table}" src, generate_series(1, %s) g '
        f"{extra_from} WHERE src.id = %s RETURNING id",
        [count, source_id],
    )
    return [row[0] for row in cr.fetchall()]


user_ids = "ARRAY[" + ",".join(str(i) for i in users.ids) + "]"
team_ids = "ARRAY[" + ",".join(str(i) for i in teams.ids) + "]"
minutes = 30 * 24 * 60
reported = (
    f"TIMESTAMP '{start}' + (g::bigint * {minutes} / {total}) * INTERVAL '1 minute'"
)
ticket_ids = copy_rows(
    "helpdesk_ticket",
    template.id,
    {
        "number": "'BK-' || g",
        "name": "'Bench request ' || g",
        "user_id": f"({user_ids})[1 + g % 20]",
        "team_id": f"({team_ids})[1 + g % 4]",
        "aftersales_reported_at": reported,
        "aftersales_responded_at": f"{reported} + INTERVAL '2 hours'",
        "aftersales_resolved_at": f"CASE WHEN g % 3 != 0 THEN {reported} "
        "+ (g % 5) * INTERVAL '1 day' END",
        "aftersales_repeat": "g % 10 = 0",
        "aftersales_request_type": "CASE WHEN g % 50 = 0 THEN 'complaint' "
        "ELSE 'repair' END",
        "aftersales_service_responsible": "g % 100 = 0",
    },
    total,
)
cr.execute(
    """
    INSERT INTO aftersales_ticket_deadline
        (ticket_id, company_id, kind, deadline, reached_at, state,
         target_hours, working_hours, create_uid, write_uid, create_date, write_date)
    SELECT t.id, t.company_id, k.kind,
           t.aftersales_reported_at + k.hours * INTERVAL '1 hour',
           CASE WHEN k.kind = 'response' THEN t.aftersales_responded_at
                ELSE t.aftersales_resolved_at END,
           CASE WHEN (CASE WHEN k.kind = 'response'
                           THEN t.aftersales_responded_at
                           ELSE t.aftersales_resolved_at END) IS NULL
                THEN 'breached' ELSE 'met' END,
           k.hours, false, 1, 1, now(), now()
      FROM helpdesk_ticket t,
           (VALUES ('response', 24), ('resolution', 72)) AS k(kind, hours)
     WHERE t.id = ANY(%s)
    """,
    [ticket_ids],
)
rated = ticket_ids[::3]
cr.execute(
    f"""
    INSERT INTO aftersales_callback ({
        ", ".join(f'"{n}"' for n in columns("aftersales_callback"))
    })
    SELECT {
        ", ".join(
            {
                "ticket_id": "r.tid",
                "technician_id": f"({user_ids})[1 + r.g %% 20]",
                "team_id": f"({team_ids})[1 + r.g %% 4]",
                "done_at": f"TIMESTAMP '{start}' + (r.g::bigint * {minutes} "
                f"/ {len(rated)}) * INTERVAL '1 minute'",
                "satisfaction": "1 + r.g %% 10",
            }.get(n, f'src."{n}"')
            for n in columns("aftersales_callback")
        )
    }
      FROM aftersales_callback src,
           unnest(%s::int[]) WITH ORDINALITY AS r(tid, g)
     WHERE src.id = %s
    """,
    [rated, callback.id],
)
env.cr.commit()
env.invalidate_all()
setup_elapsed = time.perf_counter() - setup_started

# ----------------------------------------------------------------------
# Measure
# ----------------------------------------------------------------------
Fact = env["aftersales.kpi.fact"]
Period = env["aftersales.kpi.period"]
peak_reset = reset_peak()
baseline = rss_kb()
now = datetime.datetime(2025, 6, 1)
queries_before = cr.sql_log_count
started = time.perf_counter()
facts = Fact._aftersales_build(month, company, now)
build_elapsed = time.perf_counter() - started
build_queries = cr.sql_log_count - queries_before
build_rss = rss_kb() - baseline
queries_before = cr.sql_log_count
started = time.perf_counter()
content = Period._aftersales_workbook(month, "1", company)
render_elapsed = time.perf_counter() - started
render_queries = cr.sql_log_count - queries_before
after = rss_kb()
peak = rss_kb("VmHWM")
env.cr.commit()

import openpyxl  # noqa: E402

book = openpyxl.load_workbook(io.BytesIO(content), read_only=True)
lines = book["Requests"].max_row - 2
charts = sum(
    1
    for name in zipfile.ZipFile(io.BytesIO(content)).namelist()
    if name.startswith("xl/charts/chart")
)

print(f"BENCH {prefix}_setup: {setup_elapsed:.1f} s")
print(f"BENCH {prefix}_requests: {len(ticket_ids) + 1} requests, {len(rated)} rated")
print(f"BENCH {prefix}_facts_wall: {build_elapsed:.2f} s")
print(f"BENCH {prefix}_facts_queries: {build_queries} queries, {len(facts)} facts")
print(f"BENCH {prefix}_workbook_wall: {render_elapsed:.2f} s")
print(f"BENCH {prefix}_workbook_queries: {render_queries} queries")
print(f"BENCH {prefix}_total_wall: {build_elapsed + render_elapsed:.2f} s")
print(f"BENCH {prefix}_workbook_size: {len(content) / 1024:.0f} KiB")
print(f"BENCH {prefix}_rss_growth_after_facts: {build_rss / 1024:.1f} MB")
print(f"BENCH {prefix}_rss_growth_end: {(after - baseline) / 1024:.1f} MB")
print(
    f"BENCH {prefix}_rss_peak_growth: {(peak - baseline) / 1024:.1f} MB"
    f" ({'peak reset before' if peak_reset else 'process peak, not reset'})"
)
print(
    f"BENCH {prefix}_check: {'yes' if lines == len(ticket_ids) + 1 else 'NO'} "
    f"({lines} request lines, {charts} charts)"
)
