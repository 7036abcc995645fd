from odoo import models

from ..models.aftersales_kpi_fact import (
    MONTH_END_FIGURES,
    REGISTER_FIGURES,
    SAFETY_FIGURES,
)


class AftersalesKpiWorkbook(models.AbstractModel):
    """The workbook's safety lines, read from the facts this addon adds:
    figures, never "not available", once the addon is installed (trainings
    and certificates for ``safety``; incidents, hazards and inspections for
    ``safety_registers``)."""

    _inherit = "report.aftersales_service.kpi_workbook"

    def _aftersales_extra_figures(self, months, companies):
        figures = super()._aftersales_extra_figures(months, companies)
        Fact = self.env["aftersales.kpi.fact"]
        sums = Fact._aftersales_sums(
            self._aftersales_extra_domain(months, companies),
            [code for code, _label in SAFETY_FIGURES + REGISTER_FIGURES],
        )
        # Month-end stocks (hazards overdue, major hazards open) are those of
        # the last month, not a sum over the months.
        last = Fact._aftersales_sums(
            self._aftersales_extra_domain(months[-1:], companies), MONTH_END_FIGURES
        )
        for code in MONTH_END_FIGURES:
            sums[(code,)] = last.get((code,), (0, 0.0))
        labels = dict(Fact._fields["kpi"]._description_selection(self.env))
        for key, codes in (
            ("safety", SAFETY_FIGURES),
            ("safety_registers", REGISTER_FIGURES),
        ):
            lines = [
                (code, labels[code], sums.get((code,), (0, 0.0))[0])
                for code, _label in codes
            ]
            figures = self._aftersales_replace_figures(figures, key, lines)
        return figures
