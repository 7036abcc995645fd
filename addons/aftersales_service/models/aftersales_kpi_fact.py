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
    def _aftersales_fetch(self, model, domain, field_names):
        """Records of ``domain`` fetched by batches of ``BATCH`` (constant
        queries per batch), each batch's cache dropped once read."""
        records = self.env[model].with_context(active_test=False).search(domain)
        for index in range(0, len(records), BATCH):
            batch = records[index : index + BATCH]
            batch.fetch(field_names)
            yield batch
            batch.invalidate_recordset()

    @api.model
    def _aftersales_ticket_key(self, ticket):
        return (
            ticket.team_id.id,
            ticket.user_id.id,
            ticket.aftersales_product_id.categ_id.id,
        )

    @api.model
    def _aftersales_company_facts(self, period, company, now):
        tz = self._aftersales_tz(company)
        start, end = kpi_rules.period_bounds(period, 1, tz)
        ticket_fields = [
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
        # Visits done per ticket: one grouped query per batch.
        keys = {}
        requests = []
        complained = {}
        for tickets in self._aftersales_fetch(
            "helpdesk.ticket", ticket_domain, ticket_fields
        ):
            visits = dict(
                self.env["aftersales.visit"]._read_group(
                    [("ticket_id", "in", tickets.ids), ("state", "=", "done")],
                    groupby=["ticket_id"],
                    aggregates=["__count"],
                )
            )
            tickets.aftersales_product_id.fetch(["categ_id"])
            for ticket in tickets:
                key = self._aftersales_ticket_key(ticket)
                keys[ticket.id] = key
                if ticket.aftersales_complaint_ticket_id:
                    complained[ticket.id] = ticket.aftersales_complaint_ticket_id.id
                stage = ticket.stage_id
                requests.append(
                    kpi_rules.RequestRow(
                        reported_at=ticket.aftersales_reported_at,
                        request_type=ticket.aftersales_request_type,
                        resolved_at=ticket.aftersales_resolved_at or None,
                        closed_at=(ticket.closed_date or None)
                        if stage.closed
                        else None,
                        cancelled=bool(stage.closed and stage.aftersales_unsolved),
                        visit_count=visits.get(ticket, 0),
                        repeat=ticket.aftersales_repeat,
                        service_responsible=ticket.aftersales_service_responsible,
                        key=ticket.id,
                    )
                )
        # A complaint counts against the request it is about.
        missing = set(complained.values()) - set(keys)
        for tickets in self._aftersales_fetch(
            "helpdesk.ticket",
            [("id", "in", list(missing))],
            ["team_id", "user_id", "aftersales_product_id"],
        ):
            for ticket in tickets:
                keys[ticket.id] = self._aftersales_ticket_key(ticket)
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
        deadline_tickets = {}
        for lines in self._aftersales_fetch(
            "aftersales.ticket.deadline",
            [
                ("company_id", "=", company.id),
                ("deadline", ">=", start),
                ("deadline", "<", end),
            ],
            ["deadline", "reached_at", "state", "ticket_id"],
        ):
            for line in lines:
                deadline_tickets[line.id] = line.ticket_id.id
                deadlines.append(
                    (
                        line.ticket_id.id,
                        kpi_rules.DeadlineRow(
                            deadline=line.deadline,
                            reached_at=line.reached_at or None,
                            cancelled=line.state == "cancelled",
                        ),
                    )
                )
        missing = {ticket_id for ticket_id, _row in deadlines} - set(keys)
        for tickets in self._aftersales_fetch(
            "helpdesk.ticket",
            [("id", "in", list(missing))],
            ["team_id", "user_id", "aftersales_product_id"],
        ):
            for ticket in tickets:
                keys[ticket.id] = self._aftersales_ticket_key(ticket)
        deadline_rows = [
            kpi_rules.DeadlineRow(**{**row.__dict__, "key": keys[ticket_id]})
            for ticket_id, row in deadlines
        ]
        ratings = []
        for callbacks in self._aftersales_fetch(
            "aftersales.callback",
            [
                ("company_id", "=", company.id),
                ("done_at", ">=", start),
                ("done_at", "<", end),
                ("satisfaction", ">", 0),
            ],
            ["done_at", "satisfaction", "team_id", "technician_id", "product_categ_id"],
        ):
            for callback in callbacks:
                ratings.append(
                    kpi_rules.RatingRow(
                        rated_at=callback.done_at,
                        score=callback.satisfaction,
                        key=(
                            callback.team_id.id,
                            callback.technician_id.id,
                            callback.product_categ_id.id,
                        ),
                    )
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
