"""Run inside ``odoo-bin shell``: invoice BENCH_N tickets of 5 customer
charge lines in one batch action, against the anchor: the same invoices made
directly with ``account.move.create``. Prints ``BENCH name: value unit``.

Both sides create draft invoices with the same partner, products, quantities,
prices and taxes; each side runs in a savepoint that is rolled back.
"""

import os
import time

total = int(os.environ.get("BENCH_N", "1000"))
lines_per = int(os.environ.get("BENCH_LINES", "5"))
env = env  # noqa: F821,PLW0127 (given by odoo-bin shell)
env = env(context=dict(env.context, tracking_disable=True, mail_create_nolog=True))
company = env.company
if not company.chart_template:
    env["account.chart.template"].try_loading(
        "generic_coa", company=company, install_demo=False
    )
partner = env["res.partner"].create({"name": "Bench invoiced customer"})
products = env["product.product"].create(
    [
        {"name": f"Bench repair item {i}", "type": "service", "list_price": 10.0 + i}
        for i in range(lines_per)
    ]
)
team = env["helpdesk.ticket.team"].create({"name": "Bench billing"})
tickets = env["helpdesk.ticket"].create(
    [
        {
            "name": f"Paid repair {i}",
            "description": "<p>x</p>",
            "team_id": team.id,
            "partner_id": partner.id,
        }
        for i in range(total)
    ]
)
env["aftersales.charge.line"].create(
    [
        {
            "ticket_id": ticket.id,
            "charge_type": "other",
            "product_id": product.id,
            "quantity": 2,
            "price_unit": product.list_price,
        }
        for ticket in tickets
        for product in products
    ]
)
env.flush_all()
assert set(tickets.aftersales_charge_line_ids.mapped("payer")) == {"customer"}
cr = env.cr


def measure(label, run):
    env.invalidate_all()
    cr.execute("SAVEPOINT bench_invoice")
    queries = cr.sql_log_count
    started = time.perf_counter()
    moves = run()
    env.flush_all()
    elapsed = time.perf_counter() - started
    queries = cr.sql_log_count - queries
    count = len(moves)
    cr.execute("ROLLBACK TO SAVEPOINT bench_invoice")
    env.invalidate_all()
    print(f"BENCH {label}_invoices_{total}_wall: {elapsed:.2f} s")
    print(
        f"BENCH {label}_invoices_{total}_per_invoice: {elapsed / count * 1000:.2f} ms"
    )
    print(
        f"BENCH {label}_invoices_{total}_queries_per_invoice: "
        f"{queries / count:.2f} queries"
    )
    return elapsed


def ours():
    action = tickets.action_aftersales_create_invoice()
    return env["account.move"].search(action["domain"])


# The anchor's values are built before timing: it only creates the moves.
anchor_vals = [
    {
        "move_type": "out_invoice",
        "partner_id": partner.id,
        "invoice_origin": ticket.number,
        "invoice_line_ids": [
            (
                0,
                0,
                {
                    "product_id": line.product_id.id,
                    "name": line.name,
                    "quantity": line.quantity,
                    "price_unit": line.price_unit,
                    "tax_ids": [(6, 0, line.tax_ids.ids)],
                },
            )
            for line in ticket.aftersales_charge_line_ids
        ],
    }
    for ticket in tickets
]


def anchor():
    return (
        env["account.move"]
        .with_context(default_move_type="out_invoice")
        .create(anchor_vals)
    )


anchor_time = measure("anchor", anchor)
ours_time = measure("aftersales", ours)
ratio = ours_time / anchor_time
print(f"BENCH invoices_{total}_time_ratio_vs_account_move_create: {ratio:.2f} x")
cr.rollback()
