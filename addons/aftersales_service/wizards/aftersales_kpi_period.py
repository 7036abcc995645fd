from odoo import api, fields, models
from odoo.exceptions import UserError

from ..rules import kpi as kpi_rules

SPANS = [
    ("1", "Monthly Statistics"),
    ("6", "Half-Yearly Analysis"),
    ("12", "Annual Summary"),
]


class AftersalesKpiPeriod(models.TransientModel):
    """A period of the KPIs: recompute its facts (managers) or print its
    statistics workbook (month, half year from January or July, year)."""

    _name = "aftersales.kpi.period"
    _description = "KPI Period"

    period = fields.Date(
        string="From Month",
        required=True,
        default=lambda self: self.env[
            "aftersales.kpi.fact"
        ]._aftersales_default_period(),
    )
    span = fields.Selection(selection=SPANS, required=True, default="1")
    company_ids = fields.Many2many(
        comodel_name="res.company",
        string="Companies",
        required=True,
        default=lambda self: self.env.company,
        domain=lambda self: [("id", "in", self.env.user.company_ids.ids)],
    )

    def _aftersales_months(self):
        """The first days of the months of the period."""
        self.ensure_one()
        if not self.period:
            raise UserError(self.env._("Choose the first month (From Month)."))
        first = kpi_rules.month_start(self.period)
        if self.span == "6":
            first = kpi_rules.half_year_start(first)
        elif self.span == "12":
            first = first.replace(month=1)
        return [kpi_rules.add_months(first, n) for n in range(int(self.span))]

    def action_recompute(self):
        """Rebuild the facts of every month of the period (replaces them)."""
        Fact = self.env["aftersales.kpi.fact"]
        Fact._aftersales_check_manager()
        for wizard in self:
            for month in wizard._aftersales_months():
                Fact._aftersales_recompute(month, wizard.company_ids)
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "success",
                "message": self.env._("The KPIs of the period were recomputed."),
                "next": {"type": "ir.actions.act_window_close"},
            },
        }

    def action_print_workbook(self):
        self.ensure_one()
        self._aftersales_months()
        return self.env.ref(
            "aftersales_service.aftersales_kpi_workbook_report"
        ).report_action(self)

    @api.model
    def _aftersales_workbook(self, period, span="1", companies=None):
        """The statistics workbook (bytes) of a period, as the report action
        renders it (used by the monthly e-mail and the tests)."""
        wizard = self.create(
            {
                "period": period,
                "span": span,
                "company_ids": [(6, 0, (companies or self.env.company).ids)],
            }
        )
        content, _kind = self.env["ir.actions.report"]._render_xlsx(
            "aftersales_service.aftersales_kpi_workbook_report", wizard.ids, None
        )
        return content
