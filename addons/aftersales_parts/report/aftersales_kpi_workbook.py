from odoo import models

from ..models.aftersales_kpi_fact import KPI_LOSS, PARTS_FIGURES


class AftersalesKpiWorkbook(models.AbstractModel):
    """The workbook's parts lines, read from the facts this addon adds."""

    _inherit = "report.aftersales_service.kpi_workbook"

    def _aftersales_extra_figures(self, months, companies):
        figures = super()._aftersales_extra_figures(months, companies)
        Fact = self.env["aftersales.kpi.fact"]
        codes = [code for code, _label in PARTS_FIGURES]
        sums = Fact._aftersales_sums(
            self._aftersales_extra_domain(months, companies), codes
        )
        labels = dict(Fact._fields["kpi"]._description_selection(self.env))
        lines = [(code, labels[code], sums.get((code,), (0, 0.0))[0]) for code in codes]
        lines.append(
            (
                "parts_loss_amount",
                self.env._("Amount Charged to Technicians for Loss"),
                float(sums.get((KPI_LOSS,), (0, 0.0))[1]),
            )
        )
        return self._aftersales_replace_figures(figures, "parts", lines)
