from odoo import models

from ..models.aftersales_kpi_fact import SAFETY_FIGURES


class AftersalesKpiWorkbook(models.AbstractModel):
    """The workbook's safety lines, read from the facts this addon adds:
    figures, never "not available", once the addon is installed."""

    _inherit = "report.aftersales_service.kpi_workbook"

    def _aftersales_extra_figures(self, months, companies):
        figures = super()._aftersales_extra_figures(months, companies)
        Fact = self.env["aftersales.kpi.fact"]
        codes = [code for code, _label in SAFETY_FIGURES]
        sums = Fact._aftersales_sums(
            self._aftersales_extra_domain(months, companies), codes
        )
        labels = dict(Fact._fields["kpi"]._description_selection(self.env))
        lines = [(code, labels[code], sums.get((code,), (0, 0.0))[0]) for code in codes]
        return self._aftersales_replace_figures(figures, "safety", lines)
