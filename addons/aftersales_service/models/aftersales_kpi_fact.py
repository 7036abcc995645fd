from datetime import date

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import SQL

from ..rules import kpi as kpi_rules
from ..rules import satisfaction as satisfaction_rules

KPIS = [
    (kpi_rules.KPI_ON_TIME, "On-Time Rate"),
    (kpi_rules.KPI_FIRST_TIME_FIX, "First-Time Fix Rate"),
    (kpi_rules.KPI_SATISFACTION, "Satisfaction Rate"),
    (kpi_rules.KPI_COMPLAINT, "Complaint Rate (Service Responsible)"),
    (kpi_rules.KPI_REPEAT, "Repeat Repair Rate"),
    (kpi_rules.KPI_BACKLOG, "Open Backlog"),
]
BUCKETS = [(label, label) for label, _first, _last in kpi_rules.BACKLOG_BUCKETS]
# Company setting holding each KPI's target (%).
TARGET_FIELDS = {
    kpi_rules.KPI_ON_TIME: "aftersales_on_time_target",
    kpi_rules.KPI_SATISFACTION: "aftersales_satisfaction_target",
    kpi_rules.KPI_COMPLAINT: "aftersales_complaint_target",
}
BATCH = 5000
MANAGER_GROUP = "aftersales_service.group_aftersales_manager"


class AftersalesKpiFact(models.Model):
    """One figure of one month: a KPI's numerator and denominator for a
    company, team, technician and product line. Built from the pure rules
    (``rules/kpi.py``) by ``_aftersales_build`` (daily cron, or the Recompute
    wizard), never typed: the dashboard, the scorecard and the workbooks
    all read these rows, so a figure never disagrees between two screens.
    A rate over several rows is the sum of the numerators over the sum of
    the denominators (``_read_group``), never a mean of rates."""

    _name = "aftersales.kpi.fact"
    _description = "After-Sales KPI Fact"
    _order = "period desc, kpi, id"
    _rec_name = "kpi"
    _check_company_auto = True

    period = fields.Date(
        string="Month", required=True, readonly=True, index=True, aggregator=False
    )
    company_id = fields.Many2one(
        comodel_name="res.company", required=True, readonly=True, index=True
    )
    team_id = fields.Many2one(
        comodel_name="helpdesk.ticket.team", readonly=True, index=True
    )
    user_id = fields.Many2one(
        comodel_name="res.users", string="Technician", readonly=True, index=True
    )
    product_categ_id = fields.Many2one(
        comodel_name="product.category", string="Product Line", readonly=True
    )
    kpi = fields.Selection(selection=KPIS, string="KPI", required=True, readonly=True)
    bucket = fields.Selection(
        selection=BUCKETS,
        string="Age (days)",
        readonly=True,
        help="Open backlog only: days since the request was reported.",
    )
    numerator = fields.Integer(readonly=True, aggregator="sum")
    denominator = fields.Integer(readonly=True, aggregator="sum")
    rate = fields.Float(
        string="Rate (%)",
        readonly=True,
        digits=(5, 2),
        aggregator="sum",
        help="Numerator / denominator in %. Grouped, it is the sum of the "
        "numerators over the sum of the denominators.",
    )
    target = fields.Float(
        string="Target (%)",
        readonly=True,
        digits=(5, 2),
        aggregator="max",
        help="The company's target for this KPI (settings).",
    )

    @api.model
    def _read_group_select(self, aggregate_spec, query):
        """``rate`` grouped is sum(numerator) / sum(denominator), in SQL, so
        the pivot, the graph and the workbook agree with the rules."""
        if aggregate_spec in ("rate:sum", "rate:avg"):
            return SQL(
                "ROUND(SUM(%s) * 100.0 / NULLIF(SUM(%s), 0), 2)::float8",
                self._field_to_sql(self._table, "numerator", query),
                self._field_to_sql(self._table, "denominator", query),
            )
        return super()._read_group_select(aggregate_spec, query)

    # ------------------------------------------------------------------
    # Building the facts
    # ------------------------------------------------------------------

    @api.model
    def _aftersales_check_manager(self):
        if not self.env.user.has_group(MANAGER_GROUP) and not self.env.su:
            raise AccessError(
                self.env._("Only an after-sales manager can recompute the KPIs.")
            )

    @api.model
    def _aftersales_recompute(self, period, companies=None, now=None):
        """Replace the facts of ``period``'s month for ``companies``
        (default: the user's companies). Managers only; idempotent."""
        self._aftersales_check_manager()
        if not period:
            raise UserError(self.env._("Choose the month to recompute (Month)."))
        companies = companies or self.env.companies
        return self.sudo()._aftersales_build(
            kpi_rules.month_start(fields.Date.to_date(period)), companies.sudo(), now
        )

    @api.model
    def _aftersales_build(self, period, companies, now=None):
        now = now or fields.Datetime.now()
        created = self.browse()
        for company in companies:
            self.search(
                [("period", "=", period), ("company_id", "=", company.id)]
            ).unlink()
            vals_list = self._aftersales_company_facts(period, company, now)
            vals_list += self._aftersales_extra_facts(period, company, now)
            created |= self.create(vals_list)
        return created

    @api.model
    def _aftersales_tz(self, company):
        return company.resource_calendar_id.tz or "UTC"

    @api.model
    def _aftersales_rows(self, model, domain, columns, order=None):
        """Lists of rows (dicts of ``columns`` plus ``id``) of ``domain``'s
        records, by batches of ``BATCH``, in ``order``.

        Plain stored columns read with one SQL query per batch rather than
        through records: at 100,000 requests the ORM's per-record overhead
        (a record, a cache entry and a descriptor call per field) was most
        of the 88 s the facts and the workbook took (target 20 s). The ids
        come from ``_search``, so the domain, the record rules and the
        companies apply exactly as for a ``search``; values are the columns
        as stored (many2one: the id), which is all the facts need. Memory
        holds the ids and one batch of rows."""
        Model = self.env[model].with_context(active_test=False)
        Model.flush_model(columns)
        ids = [
            row[0]
            for row in self.env.execute_query(
                Model._search(domain, order=order).select()
            )
        ]
        select = SQL(", ").join(
            SQL.identifier(Model._table, name) for name in ["id", *columns]
        )
        for index in range(0, len(ids), BATCH):
            batch = ids[index : index + BATCH]
            rows = self.env.execute_query_dict(
                SQL(
                    "SELECT %s FROM %s WHERE %s = ANY(%s)",
                    select,
                    SQL.identifier(Model._table),
                    SQL.identifier(Model._table, "id"),
                    batch,
                )
            )
            if order:
                position = {id_: pos for pos, id_ in enumerate(batch)}
                rows.sort(key=lambda row: position[row["id"]])
            yield rows

    @api.model
    def _aftersales_visits_done(self, ticket_ids):
        """``{ticket id: visits done}``: one grouped query."""
        return {
            ticket.id: count
            for ticket, count in self.env["aftersales.visit"]._read_group(
                [("ticket_id", "in", ticket_ids), ("state", "=", "done")],
                groupby=["ticket_id"],
                aggregates=["__count"],
            )
        }

    @api.model
    def _aftersales_product_lines(self, product_ids, cache):
        """``cache`` (product id → product line id) completed for
        ``product_ids``: one read of the products not seen yet."""
        missing = {pid for pid in product_ids if pid and pid not in cache}
        if missing:
            for product in (
                self.env["product.product"]
                .with_context(active_test=False)
                .sudo()
                .browse(missing)
            ):
                cache[product.id] = product.categ_id.id
        return cache

    @api.model
    def _aftersales_ticket_keys(self, domain, keys, lines):
        """``keys`` (ticket id → (team, technician, product line)) completed
        for the tickets of ``domain``."""
        for rows in self._aftersales_rows(
            "helpdesk.ticket", domain, ["team_id", "user_id", "aftersales_product_id"]
        ):
            self._aftersales_product_lines(
                [row["aftersales_product_id"] for row in rows], lines
            )
            for row in rows:
                keys[row["id"]] = self._aftersales_row_key(row, lines)

    @api.model
    def _aftersales_row_key(self, row, lines):
        return (
            row["team_id"] or False,
            row["user_id"] or False,
            lines.get(row["aftersales_product_id"], False),
        )

    @api.model
    def _aftersales_company_facts(self, period, company, now):
        tz = self._aftersales_tz(company)
        start, end = kpi_rules.period_bounds(period, 1, tz)
        ticket_columns = [
            "team_id",
            "user_id",
            "aftersales_product_id",
            "aftersales_request_type",
            "aftersales_reported_at",
            "aftersales_resolved_at",
            "closed_date",
            "stage_id",
            "aftersales_repeat",
            "aftersales_service_responsible",
            "aftersales_complaint_ticket_id",
        ]
        ticket_domain = [
            ("company_id", "=", company.id),
            ("aftersales_reported_at", "<", end),
            "|",
            "|",
            "|",
            ("aftersales_reported_at", ">=", start),
            ("aftersales_resolved_at", ">=", start),
            ("closed_date", ">=", start),
            ("stage_id.closed", "=", False),
        ]
        stages = {
            stage.id: (stage.closed, stage.closed and stage.aftersales_unsolved)
            for stage in self.env["helpdesk.ticket.stage"]
            .with_context(active_test=False)
            .search([])
        }
        lines = {}
        keys = {}
        requests = []
        complained = {}
        for rows in self._aftersales_rows(
            "helpdesk.ticket", ticket_domain, ticket_columns
        ):
            # Visits done per ticket: one grouped query per batch.
            visits = self._aftersales_visits_done([row["id"] for row in rows])
            self._aftersales_product_lines(
                [row["aftersales_product_id"] for row in rows], lines
            )
            for row in rows:
                ticket_id = row["id"]
                keys[ticket_id] = self._aftersales_row_key(row, lines)
                if row["aftersales_complaint_ticket_id"]:
                    complained[ticket_id] = row["aftersales_complaint_ticket_id"]
                closed, unsolved = stages.get(row["stage_id"], (False, False))
                requests.append(
                    kpi_rules.RequestRow(
                        reported_at=row["aftersales_reported_at"],
                        request_type=row["aftersales_request_type"],
                        resolved_at=row["aftersales_resolved_at"] or None,
                        closed_at=(row["closed_date"] or None) if closed else None,
                        cancelled=bool(unsolved),
                        visit_count=visits.get(ticket_id, 0),
                        repeat=bool(row["aftersales_repeat"]),
                        service_responsible=bool(row["aftersales_service_responsible"]),
                        key=ticket_id,
                    )
                )
        # A complaint counts against the request it is about.
        missing = set(complained.values()) - set(keys)
        if missing:
            self._aftersales_ticket_keys([("id", "in", list(missing))], keys, lines)
        requests = [
            kpi_rules.RequestRow(
                **{
                    **row.__dict__,
                    "key": keys[complained.get(row.key, row.key)],
                }
            )
            for row in requests
        ]
        deadlines = []
        for rows in self._aftersales_rows(
            "aftersales.ticket.deadline",
            [
                ("company_id", "=", company.id),
                ("deadline", ">=", start),
                ("deadline", "<", end),
            ],
            ["deadline", "reached_at", "state", "ticket_id"],
        ):
            for row in rows:
                deadlines.append(
                    (
                        row["ticket_id"],
                        kpi_rules.DeadlineRow(
                            deadline=row["deadline"],
                            reached_at=row["reached_at"] or None,
                            cancelled=row["state"] == "cancelled",
                        ),
                    )
                )
        missing = {ticket_id for ticket_id, _row in deadlines} - set(keys)
        if missing:
            self._aftersales_ticket_keys([("id", "in", list(missing))], keys, lines)
        deadline_rows = [
            kpi_rules.DeadlineRow(**{**row.__dict__, "key": keys[ticket_id]})
            for ticket_id, row in deadlines
        ]
        ratings = []
        for rows in self._aftersales_rows(
            "aftersales.callback",
            [
                ("company_id", "=", company.id),
                ("done_at", ">=", start),
                ("done_at", "<", end),
                ("satisfaction", ">", 0),
            ],
            ["done_at", "satisfaction", "team_id", "technician_id", "product_categ_id"],
        ):
            ratings.extend(
                kpi_rules.RatingRow(
                    rated_at=row["done_at"],
                    score=row["satisfaction"],
                    key=(
                        row["team_id"] or False,
                        row["technician_id"] or False,
                        row["product_categ_id"] or False,
                    ),
                )
                for row in rows
            )
        threshold = (
            company.aftersales_satisfied_score
            or satisfaction_rules.DEFAULT_SATISFIED_SCORE
        )
        facts = kpi_rules.facts(
            deadline_rows, requests, ratings, start, end, now, threshold
        )
        return [
            self._aftersales_fact_vals(period, company, key, kpi, bucket, ratio)
            for (key, kpi, bucket), ratio in facts.items()
        ]

    @api.model
    def _aftersales_fact_vals(self, period, company, key, kpi, bucket, ratio):
        team_id, user_id, categ_id = key or (False, False, False)
        target_field = TARGET_FIELDS.get(kpi)
        return {
            "period": period,
            "company_id": company.id,
            "team_id": team_id or False,
            "user_id": user_id or False,
            "product_categ_id": categ_id or False,
            "kpi": kpi,
            "bucket": bucket or False,
            "numerator": ratio.numerator,
            "denominator": ratio.denominator,
            "rate": float(ratio.rate) if ratio.rate is not None else 0.0,
            "target": company[target_field] if target_field else 0.0,
        }

    @api.model
    def _aftersales_extra_facts(self, period, company, now):
        """Extension hook: other addons add their own figures' facts (values
        for ``create``) for the month; the service has none here."""
        return []

    @api.model
    def _aftersales_month_bounds(self, period, company):
        """``(start, end, next_month)`` of the month ``period``: its bounds as
        datetimes in the company's time zone, and the first day of the next
        month (for date fields). For the addons' ``_aftersales_extra_facts``."""
        start, end = kpi_rules.period_bounds(period, 1, self._aftersales_tz(company))
        return start, end, kpi_rules.add_months(period, 1)

    @api.model
    def _aftersales_count_facts(self, period, company, counts, amounts=None):
        """Values for ``create`` of counted figures, per technician where
        there is one: ``counts`` maps ``(user_id or False, kpi)`` to a count;
        ``amounts``, when given, maps the same keys to an amount in the
        company's currency (rounded; 0 where missing)."""
        vals_list = []
        for (user_id, kpi), count in counts.items():
            vals = self._aftersales_fact_vals(
                period,
                company,
                (False, user_id or False, False),
                kpi,
                None,
                kpi_rules.Ratio(count, 0),
            )
            if amounts is not None:
                vals["amount"] = company.currency_id.round(
                    amounts.get((user_id, kpi), 0.0)
                )
            vals_list.append(vals)
        return vals_list

    # ------------------------------------------------------------------
    # Reading the facts
    # ------------------------------------------------------------------

    @api.model
    def _aftersales_totals(self, domain, groupby=()):
        """``{(group values..., kpi): Ratio}`` summed over ``domain``."""
        result = {}
        for *group, kpi, numerator, denominator in self._read_group(
            domain,
            groupby=[*groupby, "kpi"],
            aggregates=["numerator:sum", "denominator:sum"],
        ):
            result[(*group, kpi)] = kpi_rules.Ratio(numerator, denominator)
        return result

    @api.model
    def _cron_aftersales_kpi(self):
        """Every night: this month so far and last month (late ratings and
        complaint decisions still change it), for every company."""
        today = fields.Date.context_today(self)
        this_month = kpi_rules.month_start(today)
        companies = self.env["res.company"].search([("active", "=", True)])
        for period in (kpi_rules.add_months(this_month, -1), this_month):
            self._aftersales_build(period, companies)
            self.env["ir.cron"]._commit_progress(1)

    @api.model
    def _aftersales_default_period(self):
        today = fields.Date.context_today(self)
        return date(today.year, today.month, 1)
