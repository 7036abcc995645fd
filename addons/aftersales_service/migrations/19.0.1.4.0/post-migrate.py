"""19.0.1.4.0: go-live inside a running ERP.

Requests that were already there when the addons were installed got the
installation time as Reported At (a default): they get back when they were
entered, their create_date. A Reported At later than the creation cannot be
when the customer called. Closed requests keep their deadlines as they are.
The cut-over of an existing installation stays empty (every request keeps its
deadlines as before) until a manager sets one.
"""


def migrate(cr, version):
    if not version:
        return
    cr.execute(
        "UPDATE helpdesk_ticket SET aftersales_reported_at = create_date"
        " WHERE aftersales_reported_at > create_date + interval '1 minute'"
    )
