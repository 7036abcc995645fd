"""Run inside ``odoo-bin shell`` (``env`` is given): one full run of the
deadline cron over BENCH_N open tickets, printing ``name: value unit`` lines.

BENCH_N (tickets) and BENCH_BATCH (cron batch size, default 500) come from
the environment. Setup (committed: the database is throwaway): a team with a
dispatcher and a service manager, N tickets assigned to a technician and
reported 23 hours ago, so the default policy gives each two running
deadlines (response and arrival, 24 clock hours). The deadlines of the first
half are then moved into the past (to escalate), those of the second half to
half the company's warning lead time ahead (to warn). Measured: one call of
``_cron_aftersales_deadlines(batch_size)``, its wall time and queries, and
per batch (``_aftersales_run_batch`` wrapped) the lines and queries. Checked
afterwards: no running deadline past due left, every near one warned. The
bench's deadlines are then cancelled so that a later run does not see them.
"""

import datetime
import os
import statistics
import time

total = int(os.environ.get("BENCH_N", "10000"))
batch_size = int(os.environ.get("BENCH_BATCH", "500"))
create_batch = 1000
env = env  # noqa: F821,PLW0127 (given by odoo-bin shell)
cron_env = env  # the cron runs with a plain context
env = env(context=dict(env.context, tracking_disable=True, mail_create_nolog=True))
prefix = f"cron_{total}"
tag = f"{total}-{int(time.time())}"

# ----------------------------------------------------------------------
# Setup
# ----------------------------------------------------------------------
setup_started = time.perf_counter()
groups = [
    env.ref("base.group_user").id,
    env.ref("helpdesk_mgmt.group_helpdesk_user").id,
]
users = env["res.users"].create(
    [
        {
            "name": f"Bench {role} {tag}",
            "login": f"bench-{role}-{tag}",
            "email": f"bench-{role}-{tag}@example.com",
            "group_ids": [(6, 0, groups)],
        }
        for role in ("technician", "dispatcher", "manager")
    ]
)
technician, dispatcher, manager = users
team = env["helpdesk.ticket.team"].create(
    {
        "name": f"Bench cron {tag}",
        "aftersales_dispatcher_id": dispatcher.id,
        "aftersales_manager_id": manager.id,
        "user_ids": [(6, 0, users.ids)],
    }
)
partner = env["res.partner"].create(
    {"name": f"Bench customer {tag}", "is_company": True}
)
company = env.company
lead_hours = company.aftersales_sla_warning_hours
reported_at = datetime.datetime.now().replace(microsecond=0) - datetime.timedelta(
    hours=23
)
ticket_ids = []
for start in range(0, total, create_batch):
    tickets = env["helpdesk.ticket"].create(
        [
            {
                "name": f"Bench deadline ticket {i}",
                "description": "<p>Does not start.</p>",
                "team_id": team.id,
                "partner_id": partner.id,
                "user_id": technician.id,
                "aftersales_reported_at": reported_at,
            }
            for i in range(start, min(start + create_batch, total))
        ]
    )
    ticket_ids += tickets.ids
    env.flush_all()
    env.invalidate_all()

Deadline = env["aftersales.ticket.deadline"].sudo()
half = total // 2
breach_ticket_ids, near_ticket_ids = ticket_ids[:half], ticket_ids[half:]
now = datetime.datetime.now().replace(microsecond=0)
to_breach = Deadline.search(
    [("ticket_id", "in", breach_ticket_ids), ("state", "=", "running")]
)
to_warn = Deadline.search(
    [("ticket_id", "in", near_ticket_ids), ("state", "=", "running")]
)
to_breach.write({"deadline": now - datetime.timedelta(hours=1), "state": "running"})
to_warn.write(
    {
        "deadline": now + datetime.timedelta(hours=max(lead_hours, 0.5) / 2),
        "state": "running",
        "warned_at": False,
    }
)
breach_ids, warn_ids = to_breach.ids, to_warn.ids
env.flush_all()
env.cr.commit()
env.invalidate_all()
setup_elapsed = time.perf_counter() - setup_started

# ----------------------------------------------------------------------
# Measure one cron run
# ----------------------------------------------------------------------
Model = cron_env["aftersales.ticket.deadline"]
model_class = type(Model)
patched_before = "_aftersales_run_batch" in model_class.__dict__
original_run_batch = model_class._aftersales_run_batch
batches = []  # (method, lines, queries, seconds, queries at entry)


def measured_run_batch(self, method, now):
    cr = self.env.cr
    before, started = cr.sql_log_count, time.perf_counter()
    failed = original_run_batch(self, method, now)
    batches.append(
        (
            method,
            len(self),
            cr.sql_log_count - before,
            time.perf_counter() - started,
            before,
        )
    )
    return failed


cron_class = type(cron_env["ir.cron"])
commit_patched_before = "_commit_progress" in cron_class.__dict__
original_commit = cron_class._commit_progress
commits = []  # seconds per commit, post-commit hooks (mail sending) included


def measured_commit(self, *args, **kwargs):
    started = time.perf_counter()
    try:
        return original_commit(self, *args, **kwargs)
    finally:
        commits.append(time.perf_counter() - started)


cron_now = datetime.datetime.now()
pending = Model.search_count(Model._aftersales_breach_domain(cron_now)) + sum(
    Model.search_count(Model._aftersales_warning_domain(cron_now, company))
    for company in cron_env["res.company"].search([])
)
model_class._aftersales_run_batch = measured_run_batch
cron_class._commit_progress = measured_commit
cr = cron_env.cr
queries_before = cr.sql_log_count
started = time.perf_counter()
try:
    failed = Model._cron_aftersales_deadlines(batch_size)
finally:
    if commit_patched_before:
        cron_class._commit_progress = original_commit
    else:
        del cron_class._commit_progress
    if patched_before:
        model_class._aftersales_run_batch = original_run_batch
    else:
        del model_class._aftersales_run_batch
elapsed = time.perf_counter() - started
queries = cr.sql_log_count - queries_before
cr.commit()
cron_env.invalidate_all()

# ----------------------------------------------------------------------
# Report
# ----------------------------------------------------------------------
lines_done = sum(b[1] for b in batches)
print(f"BENCH {prefix}_setup: {setup_elapsed:.1f} s")
print(
    f"BENCH {prefix}_lines: {len(breach_ids)} to escalate, {len(warn_ids)} to warn "
    f"({pending} due in the database)"
)
print(f"BENCH {prefix}_wall: {elapsed:.2f} s")
print(f"BENCH {prefix}_per_ticket: {elapsed / total * 1000:.3f} ms")
print(f"BENCH {prefix}_per_line: {elapsed / max(lines_done, 1) * 1000:.3f} ms")
print(f"BENCH {prefix}_queries: {queries} queries")
print(f"BENCH {prefix}_batches: {len(batches)} batches of up to {batch_size}")
print(f"BENCH {prefix}_lines_processed: {lines_done} lines")
print(f"BENCH {prefix}_lines_failed: {len(failed)} lines")
batch_time = sum(b[3] for b in batches)
print(
    f"BENCH {prefix}_time_split: {batch_time:.1f} s in batches, {sum(commits):.1f} s "
    f"in {len(commits)} commits (post-commit mail sending included), "
    f"{elapsed - batch_time - sum(commits):.1f} s other (searches, counts)"
)
if batches:
    print(f"BENCH {prefix}_queries_per_batch: {queries / len(batches):.1f} queries")
    # Whole iterations (search, run, commit) between two batch entries.
    steps = [b[4] - a[4] for a, b in zip(batches, batches[1:], strict=False)]
    if steps:
        print(
            f"BENCH {prefix}_queries_per_iteration: mean "
            f"{statistics.mean(steps):.1f}, min {min(steps)}, max {max(steps)} queries"
        )
    for method in dict.fromkeys(b[0] for b in batches):
        full = [b for b in batches if b[0] == method and b[1] == batch_size]
        rows = full or [b for b in batches if b[0] == method]
        name = method.removeprefix("_aftersales_")
        counts = [b[2] for b in rows]
        secs = [b[3] for b in rows]
        print(
            f"BENCH {prefix}_{name}_batch_queries: mean {statistics.mean(counts):.1f}, "
            f"min {min(counts)}, max {max(counts)} queries over {len(rows)} "
            f"{'full ' if full else ''}batches"
        )
        print(
            f"BENCH {prefix}_{name}_batch_time: mean {statistics.mean(secs):.3f}, "
            f"first {secs[0]:.3f}, last {secs[-1]:.3f}, max {max(secs):.3f} s"
        )

# ----------------------------------------------------------------------
# Verify, then take the bench's deadlines out of later runs
# ----------------------------------------------------------------------
Deadline = env["aftersales.ticket.deadline"].sudo()
left_running = Deadline.search_count(
    [("id", "in", breach_ids), ("state", "=", "running")]
)
unwarned = Deadline.search_count([("id", "in", warn_ids), ("warned_at", "=", False)])
not_escalated = Deadline.search_count(
    [("id", "in", breach_ids), ("escalated_at", "=", False)]
)
activities = (
    env["mail.activity"]
    .sudo()
    .search_count([("res_model", "=", "helpdesk.ticket"), ("res_id", "in", ticket_ids)])
)
ok = not (left_running or unwarned or not_escalated)
print(
    f"BENCH {prefix}_all_handled: {'yes' if ok else 'NO'} "
    f"({left_running} running past deadline, {not_escalated} not escalated, "
    f"{unwarned} near not warned; {activities} activities)"
)
Deadline.browse(breach_ids + warn_ids).filtered(
    lambda line: line.state == "running"
).write({"state": "cancelled"})
env.flush_all()
env.cr.commit()
