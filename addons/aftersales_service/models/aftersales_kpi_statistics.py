from collections import defaultdict

from odoo import api, fields, models

from ..rules import kpi as kpi_rules
from .helpdesk_ticket import REQUEST_TYPES

# The statistics the regulations ask for beside the rated KPIs: counts and
# amounts (no target, no rate), one fact per month and dimension.
KPI_REQUESTS = "requests"
KPI_WARRANTY_COST = "warranty_cost"
KPI_PAID_REVENUE = "paid_revenue"
KPI_CASH_COLLECTED = "cash_collected"
KPI_CASH_HANDED_OVER = "cash_handed_over"
STATISTICS = [
    (KPI_REQUESTS, "Requests"),
    (KPI_WARRANTY_COST, "Warranty Cost"),
    (KPI_PAID_REVENUE, "Paid-Service Revenue"),
    (KPI_CASH_COLLECTED, "Cash Collected"),
    (KPI_CASH_HANDED_OVER, "Cash Handed Over"),
]


class AftersalesKpiFact(models.Model):
    """Statistics of the period (月度统计): requests by type, channel and
    product line; warranty cost against paid-service revenue; cash
    collected on site and handed over. Facts like the KPIs' (the dashboard
    and the workbook read them), filled through ``_aftersales_extra_facts``
    as the safety and parts addons fill theirs."""

    _inherit = "aftersales.kpi.fact"

    kpi = fields.Selection(
        selection_add=STATISTICS,
        ondelete=dict.fromkeys((code for code, _label in STATISTICS), "cascade"),
    )
    amount = fields.Float(
        readonly=True,
        digits="Account",
        aggregator="sum",
        help="Money figures (warranty cost, revenue, cash) in the company's "
        "currency; the numerator then counts the records.",
    )
    request_type = fields.Selection(selection=REQUEST_TYPES, readonly=True)
    channel_id = fields.Many2one(comodel_name="helpdesk.ticket.channel", readonly=True)

    @api.model
    def _aftersales_extra_facts(self, period, company, now):
        return super()._aftersales_extra_facts(
            period, company, now
        ) + self._aftersales_statistics_facts(period, company)

    @api.model
    def _aftersales_statistic_vals(self, period, company, key, kpi, count, **extra):
        vals = self._aftersales_fact_vals(
            period, company, key, kpi, None, kpi_rules.Ratio(count, 0)
        )
        vals.update(extra)
        return vals

    @api.model
    def _aftersales_statistics_facts(self, period, company):
        """One grouped query per source: requests reported in the month,
        charge lines dated in it (warranty: their cost; customer: their
        price), cash collected in it (handed over: registered)."""
        start, end, next_month = self._aftersales_month_bounds(period, company)
        lines = {}
        vals_list = []
        Ticket = self.env["helpdesk.ticket"].sudo().with_context(active_test=False)
        groups = Ticket._read_group(
            [
                ("company_id", "=", company.id),
                ("aftersales_reported_at", ">=", start),
                ("aftersales_reported_at", "<", end),
            ],
            groupby=[
                "team_id",
                "user_id",
                "aftersales_product_id",
                "aftersales_request_type",
                "channel_id",
            ],
            aggregates=["__count"],
        )
        self._aftersales_product_lines([g[2].id for g in groups], lines)
        counts = defaultdict(int)
        for team, user, product, request_type, channel, count in groups:
            key = (team.id, user.id, lines.get(product.id, False))
            counts[(key, request_type, channel.id)] += count
        for (key, request_type, channel_id), count in counts.items():
            vals_list.append(
                self._aftersales_statistic_vals(
                    period,
                    company,
                    key,
                    KPI_REQUESTS,
                    count,
                    request_type=request_type or False,
                    channel_id=channel_id or False,
                )
            )
        money = defaultdict(lambda: [0, 0.0])
        Line = self.env["aftersales.charge.line"].sudo()
        groups = Line._read_group(
            [
                ("company_id", "=", company.id),
                ("date", ">=", period),
                ("date", "<", next_month),
                ("payer", "in", ("warranty", "customer")),
            ],
            groupby=[
                "ticket_id.team_id",
                "ticket_id.user_id",
                "ticket_id.aftersales_product_id",
                "payer",
            ],
            aggregates=["__count", "cost_total:sum", "price_subtotal:sum"],
        )
        self._aftersales_product_lines([g[2].id for g in groups], lines)
        for team, user, product, payer, count, cost, price in groups:
            key = (team.id, user.id, lines.get(product.id, False))
            if payer == "warranty":
                figure = money[(key, KPI_WARRANTY_COST)]
                figure[1] += cost
            else:
                figure = money[(key, KPI_PAID_REVENUE)]
                figure[1] += price
            figure[0] += count
        Cash = self.env["aftersales.cash.handover"].sudo()
        groups = Cash._read_group(
            [
                ("company_id", "=", company.id),
                ("collected_at", ">=", start),
                ("collected_at", "<", end),
            ],
            groupby=[
                "ticket_id.team_id",
                "user_id",
                "ticket_id.aftersales_product_id",
                "state",
            ],
            aggregates=["__count", "amount:sum"],
        )
        self._aftersales_product_lines([g[2].id for g in groups], lines)
        for team, user, product, state, count, amount in groups:
            key = (team.id, user.id, lines.get(product.id, False))
            kpis = [KPI_CASH_COLLECTED]
            if state == "registered":
                kpis.append(KPI_CASH_HANDED_OVER)
            for kpi in kpis:
                money[(key, kpi)][0] += count
                money[(key, kpi)][1] += amount
        for (key, kpi), (count, amount) in money.items():
            vals_list.append(
                self._aftersales_statistic_vals(
                    period,
                    company,
                    key,
                    kpi,
                    count,
                    amount=company.currency_id.round(amount),
                )
            )
        return vals_list

    @api.model
    def _aftersales_sums(self, domain, kpis, groupby=()):
        """``{(group values..., kpi): (count, amount)}`` over ``domain``."""
        return {
            tuple(group): (count, amount)
            for *group, count, amount in self._read_group(
                [*domain, ("kpi", "in", list(kpis))],
                groupby=[*groupby, "kpi"],
                aggregates=["numerator:sum", "amount:sum"],
            )
        }
