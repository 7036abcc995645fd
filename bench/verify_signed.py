"""Run inside ``odoo-bin shell``: verification of BENCH_N signed service
reports (visits) of one company. Prints ``BENCH name: value unit``.

Data: 200 visits made through the ORM (done, signed by the customer with a
drawn signature, so each has its signature file), then copied in SQL
(fixture only, for speed) to BENCH_N visits, and chained with the same rule
code the signing uses (``rules/chain.py`` over ``_aftersales_chain_content``).
Measured: ``aftersales.visit._aftersales_verify_chain`` (what the wizard and
the daily job run per model and company): wall time, queries, records per
second; then one visit's work done is changed in SQL and the verification must
name exactly that visit. Everything is rolled back.
"""

import base64
import os
import time
from datetime import timedelta

from odoo import fields
from odoo.tools import SQL

from odoo.addons.aftersales_service.rules import chain

total = int(os.environ.get("BENCH_N", "100000"))
seeds_count = 200
env = env  # noqa: F821,PLW0127 (given by odoo-bin shell)
env = env(context=dict(env.context, tracking_disable=True, mail_create_nolog=True))
cr = env.cr
company = env.company
Visit = env["aftersales.visit"]
SIGNATURE = base64.b64encode(b"\x89PNG\r\n\x1a\n" + b"bench signature" * 20)

partner = env["res.partner"].create({"name": "Bench Verify Customer"})
technician = env["res.users"].create(
    {
        "name": "Bench Verify Technician",
        "login": "bench_verify_technician",
        "group_ids": [
            (4, env.ref("aftersales_service.group_aftersales_technician").id)
        ],
    }
)
ticket = env["helpdesk.ticket"].create(
    {"name": "Bench verify", "description": "<p>x</p>", "partner_id": partner.id}
)
start = fields.Datetime.now() - timedelta(days=400)
seeds = Visit._aftersales_create(
    [
        {
            "ticket_id": ticket.id,
            "user_id": technician.id,
            "planned_start": start + timedelta(hours=2 * i),
            "planned_end": start + timedelta(hours=2 * i + 1),
            "work_done": f"<p>Replaced part {i}</p>",
            "test_result": "passed",
            "state": "done",
        }
        for i in range(seeds_count)
    ]
)
seeds._aftersales_write({"signature": SIGNATURE, "signed_by": "Bench Customer"})
env.flush_all()

# Copy the seeds (fixture): every column but the id, a distinct name.
cr.execute(
    "SELECT column_name FROM information_schema.columns "
    "WHERE table_name = 'aftersales_visit' AND column_name NOT IN ('id', 'name')"
)
columns = [row[0] for row in cr.fetchall()]
column_list = SQL(", ").join(SQL.identifier(c) for c in columns)
copies = max(total - seeds_count, 0)
if copies:
    cr.execute(
        SQL(
            "INSERT INTO aftersales_visit (name, %(cols)s) "
            "SELECT v.name || '-' || n, %(vcols)s "
            "FROM generate_series(1, %(rounds)s) n "
            "CROSS JOIN (SELECT * FROM aftersales_visit WHERE id IN %(ids)s) v "
            "LIMIT %(copies)s",
            cols=column_list,
            vcols=SQL(", ").join(SQL("v.%s", SQL.identifier(c)) for c in columns),
            rounds=copies // seeds_count + 1,
            ids=tuple(seeds.ids),
            copies=copies,
        )
    )
cr.execute(
    "SELECT id FROM aftersales_visit WHERE ticket_id = %s ORDER BY id", [ticket.id]
)
ids = [row[0] for row in cr.fetchall()]
# Signed by the customer, as the signing action records it (fixture).
cr.execute(
    SQL(
        "UPDATE aftersales_visit SET signed_at = now() at time zone 'UTC', "
        "signed_uid = %s, sign_meaning = 'accepted', chain_format = 2 "
        "WHERE id IN %s",
        technician.id,
        tuple(ids),
    )
)
cr.execute(
    SQL(
        "SELECT COALESCE(MAX(chain_sequence), 0) FROM aftersales_visit "
        "WHERE company_id = %s",
        company.id,
    )
)
sequence = cr.fetchone()[0]
cr.execute(
    SQL(
        "SELECT chain_hash FROM aftersales_visit WHERE company_id = %s "
        "AND chain_sequence = %s",
        company.id,
        sequence,
    )
)
row = cr.fetchone()
previous = row[0] if row else ""
env.invalidate_all()

# Chain them with the rule code (fixture), in batches like the verification.
fixture_start = time.perf_counter()
for offset in range(0, len(ids), 2000):
    batch = Visit.browse(ids[offset : offset + 2000])
    rows = []
    for record in batch:
        sequence += 1
        digest = chain.link_hash(
            previous, chain.canonical(record._aftersales_chain_content())
        )
        rows.append((sequence, previous, digest, record.id))
        previous = digest
    cr.executemany(
        "UPDATE aftersales_visit SET chain_sequence = %s, chain_previous_hash = %s, "
        "chain_hash = %s WHERE id = %s",
        rows,
    )
    env.invalidate_all()
print(
    f"BENCH verify_{total}_fixture_chain: {time.perf_counter() - fixture_start:.1f} s"
)

queries_before = cr.sql_log_count
wall_start = time.perf_counter()
count, broken = Visit._aftersales_verify_chain(company)
wall = time.perf_counter() - wall_start
queries = cr.sql_log_count - queries_before
print(f"BENCH verify_{total}_records: {count} records")
print(f"BENCH verify_{total}_wall: {wall:.2f} s")
print(f"BENCH verify_{total}_rate: {count / wall:.0f} records/s")
print(f"BENCH verify_{total}_queries: {queries} queries")
print(f"BENCH verify_{total}_broken_untouched: {len(broken)} records")

tampered = ids[len(ids) // 2]
cr.execute(
    "UPDATE aftersales_visit SET work_done = '<p>Nothing</p>' WHERE id = %s",
    [tampered],
)
env.invalidate_all()
count, broken = Visit._aftersales_verify_chain(company)
found = [record.id for record, _reason in broken]
print(
    f"BENCH verify_{total}_tampered_found: "
    f"{'exactly the changed record' if found == [tampered] else found}"
)
cr.rollback()
