from collections import defaultdict

from odoo import api, fields, models

KPI_ISSUED = "parts_issued"
KPI_CLASS_A = "parts_class_a"
KPI_CLASS_B = "parts_class_b"
KPI_CLASS_C = "parts_class_c"
KPI_LOSS = "parts_loss_charged"
PARTS_FIGURES = [
    (KPI_ISSUED, "Parts Issued to Jobs"),
    (KPI_CLASS_A, "Spare Parts in Class A"),
    (KPI_CLASS_B, "Spare Parts in Class B"),
    (KPI_CLASS_C, "Spare Parts in Class C"),
    (KPI_LOSS, "Parts Charged to Technicians for Loss"),
]
CLASS_KPIS = {"a": KPI_CLASS_A, "b": KPI_CLASS_B, "c": KPI_CLASS_C}


class AftersalesKpiFact(models.Model):
    """The parts figures of the month: issues to jobs (stock moves charged
    to a request, returns of unused parts apart), the spare parts of each
    A/B/C class (the classification as it stands when the month is built),
    parts not returned and charged to the technician (count and amount,
    per technician)."""

    _inherit = "aftersales.kpi.fact"

    kpi = fields.Selection(
        selection_add=PARTS_FIGURES,
        ondelete=dict.fromkeys((code for code, _label in PARTS_FIGURES), "cascade"),
    )

    @api.model
    def _aftersales_extra_facts(self, period, company, now):
        return super()._aftersales_extra_facts(
            period, company, now
        ) + self._aftersales_parts_facts(period, company)

    @api.model
    def _aftersales_parts_facts(self, period, company):
        start, end, next_month = self._aftersales_month_bounds(period, company)
        counts = defaultdict(int)
        amounts = defaultdict(float)
        issued = (
            self.env["stock.move"]
            .sudo()
            .search_count(
                [
                    ("company_id", "=", company.id),
                    ("state", "=", "done"),
                    ("aftersales_charge_line_id", "!=", False),
                    ("origin_returned_move_id", "=", False),
                    ("date", ">=", start),
                    ("date", "<", end),
                ]
            )
        )
        if issued:
            counts[(False, KPI_ISSUED)] = issued
        Template = self.env["product.template"].sudo().with_company(company)
        for klass, kpi in CLASS_KPIS.items():
            count = Template.search_count(
                [
                    ("aftersales_spare_part", "=", True),
                    ("company_id", "in", (company.id, False)),
                    ("aftersales_abc_class", "=", klass),
                ]
            )
            if count:
                counts[(False, kpi)] = count
        Return = self.env["aftersales.part.return"].sudo()
        for user, count, amount in Return._read_group(
            [
                ("company_id", "=", company.id),
                ("state", "=", "charged"),
                ("charged_date", ">=", period),
                ("charged_date", "<", next_month),
            ],
            groupby=["user_id"],
            aggregates=["__count", "charge_amount:sum"],
        ):
            counts[(user.id, KPI_LOSS)] += count
            amounts[(user.id, KPI_LOSS)] += amount
        return self._aftersales_count_facts(period, company, counts, amounts)
