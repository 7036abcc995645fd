"""Run inside ``odoo-bin shell`` (``env`` is given): one run of the complaint
reminder cron (催办) over BENCH_N open complaints, half of them overdue,
printing ``name: value unit`` lines.

BENCH_N (complaints, default 20000) and BENCH_BATCH (cron batch size,
default 500) come from the environment. Setup (committed: the database is
throwaway): a responsible department whose manager is a user, a routing rule
for a bench category, N complaints of one customer (repeat flag and all),
the first half reported 20 days ago (past their 13-day deadline), the second
half now. Measured: one call of ``_cron_aftersales_complaint_reminders``,
its wall time and queries, and per batch (``_aftersales_remind`` wrapped) the
complaints and queries. Checked afterwards: every overdue complaint reminded
exactly once (count 1, one reminder activity), none of the others; a second
run right after reminds nobody (the interval). The bench's complaints are then
closed unsolved so that later runs do not see them.
"""

import datetime
import os
import statistics
import time

total = int(os.environ.get("BENCH_N", "20000"))
batch_size = int(os.environ.get("BENCH_BATCH", "500"))
create_batch = 1000
env = env  # noqa: F821,PLW0127 (given by odoo-bin shell)
cron_env = env
env = env(context=dict(env.context, tracking_disable=True, mail_create_nolog=True))
prefix = f"complaints_{total}"
tag = f"{total}-{int(time.time())}"

# ----------------------------------------------------------------------
# Setup
# ----------------------------------------------------------------------
setup_started = time.perf_counter()
manager = env["res.users"].create(
    {
        "name": f"Bench department manager {tag}",
        "login": f"bench-dept-{tag}",
        "email": f"bench-dept-{tag}@example.com",
        "group_ids": [(6, 0, [env.ref("base.group_user").id])],
    }
)
employee = env["hr.employee"].create({"name": manager.name, "user_id": manager.id})
department = env["hr.department"].create(
    {"name": f"Bench quality {tag}", "manager_id": employee.id}
)
category = env["aftersales.complaint.category"].create({"name": f"Bench {tag}"})
env["aftersales.complaint.route"].create(
    {"category_id": category.id, "department_id": department.id, "sequence": 1}
)
team = env["helpdesk.ticket.team"].create({"name": f"Bench complaints {tag}"})
partner = env["res.partner"].create(
    {"name": f"Bench complainer {tag}", "is_company": True}
)
now = datetime.datetime.now().replace(microsecond=0)
half = total // 2
ticket_ids = []
for start in range(0, total, create_batch):
    tickets = env["helpdesk.ticket"].create(
        [
            {
                "name": f"Bench complaint {i}",
                "description": "<p>Unhappy.</p>",
                "team_id": team.id,
                "partner_id": partner.id,
                "aftersales_request_type": "complaint",
                "aftersales_complaint_channel": "phone",
                "aftersales_complaint_category_id": category.id,
                "aftersales_reported_at": now - datetime.timedelta(days=20)
                if i < half
                else now,
            }
            for i in range(start, min(start + create_batch, total))
        ]
    )
    ticket_ids += tickets.ids
    env.flush_all()
    env.invalidate_all()
overdue_ids, fresh_ids = ticket_ids[:half], ticket_ids[half:]
env.cr.commit()
setup_elapsed = time.perf_counter() - setup_started

# ----------------------------------------------------------------------
# Measure one cron run
# ----------------------------------------------------------------------
Ticket = cron_env["helpdesk.ticket"]
ticket_class = type(Ticket)
patched_before = "_aftersales_remind" in ticket_class.__dict__
original_remind = ticket_class._aftersales_remind
batches = []  # (complaints, queries, seconds)


def measured_remind(self, when):
    cr = self.env.cr
    before, started = cr.sql_log_count, time.perf_counter()
    result = original_remind(self, when)
    batches.append(
        (len(self), cr.sql_log_count - before, time.perf_counter() - started)
    )
    return result


ticket_class._aftersales_remind = measured_remind
cr = cron_env.cr
queries_before = cr.sql_log_count
started = time.perf_counter()
try:
    failed = Ticket._cron_aftersales_complaint_reminders(batch_size)
    elapsed = time.perf_counter() - started
    queries = cr.sql_log_count - queries_before
    first_run_batches = list(batches)
    batches.clear()
    again_started = time.perf_counter()
    Ticket._cron_aftersales_complaint_reminders(batch_size)
    again_elapsed = time.perf_counter() - again_started
    second_run_reminded = sum(b[0] for b in batches)
finally:
    if patched_before:
        ticket_class._aftersales_remind = original_remind
    else:
        del ticket_class._aftersales_remind
cr.commit()
cron_env.invalidate_all()

# ----------------------------------------------------------------------
# Report
# ----------------------------------------------------------------------
done = sum(b[0] for b in first_run_batches)
print(f"BENCH {prefix}_setup: {setup_elapsed:.1f} s")
print(f"BENCH {prefix}_open: {total} complaints, {len(overdue_ids)} overdue")
print(f"BENCH {prefix}_wall: {elapsed:.2f} s")
print(f"BENCH {prefix}_per_overdue: {elapsed / max(done, 1) * 1000:.3f} ms")
print(f"BENCH {prefix}_queries: {queries} queries")
print(f"BENCH {prefix}_batches: {len(first_run_batches)} batches of up to {batch_size}")
print(f"BENCH {prefix}_reminded: {done} complaints ({len(failed)} failed)")
full = [b for b in first_run_batches if b[0] == batch_size] or first_run_batches
if full:
    counts = [b[1] for b in full]
    secs = [b[2] for b in full]
    print(
        f"BENCH {prefix}_batch_queries: mean {statistics.mean(counts):.1f}, "
        f"min {min(counts)}, max {max(counts)} queries over {len(full)} batches"
    )
    print(
        f"BENCH {prefix}_batch_time: mean {statistics.mean(secs):.3f}, "
        f"first {secs[0]:.3f}, last {secs[-1]:.3f} s"
    )
print(
    f"BENCH {prefix}_second_run: {again_elapsed:.2f} s, {second_run_reminded} reminded"
)

# ----------------------------------------------------------------------
# Verify, then take the bench's complaints out of later runs
# ----------------------------------------------------------------------
Sudo = env["helpdesk.ticket"].sudo()
reminder_type = env.ref("aftersales_service.mail_activity_complaint_reminder")
not_once = Sudo.search_count(
    [("id", "in", overdue_ids), ("aftersales_complaint_reminder_count", "!=", 1)]
)
wrongly = Sudo.search_count(
    [("id", "in", fresh_ids), ("aftersales_complaint_reminder_count", "!=", 0)]
)
activities = (
    env["mail.activity"]
    .sudo()
    .search_count(
        [
            ("res_model", "=", "helpdesk.ticket"),
            ("res_id", "in", ticket_ids),
            ("activity_type_id", "=", reminder_type.id),
            ("user_id", "=", manager.id),
        ]
    )
)
ok = not not_once and not wrongly and activities == len(overdue_ids)
print(
    f"BENCH {prefix}_all_reminded_once: {'yes' if ok else 'NO'} "
    f"({not_once} overdue not reminded exactly once, {wrongly} on time "
    f"reminded, {activities} reminder activities for {len(overdue_ids)} overdue; "
    f"second run reminded {second_run_reminded})"
)
cancelled = env["helpdesk.ticket.stage"].search(
    [("closed", "=", True), ("aftersales_unsolved", "=", True)], limit=1
)
if cancelled:
    Sudo.browse(ticket_ids).write(
        {"aftersales_complaint_delay_reason": "bench", "stage_id": cancelled.id}
    )
env.flush_all()
env.cr.commit()
