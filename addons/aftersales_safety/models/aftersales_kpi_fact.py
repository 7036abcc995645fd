from collections import defaultdict

from odoo import api, fields, models

KPI_TRAININGS = "safety_trainings"
KPI_TRAINED = "safety_trained"
KPI_CERTIFICATES_EXPIRING = "safety_certificates_expiring"
KPI_STOP_WORK = "safety_stop_work"
SAFETY_FIGURES = [
    (KPI_TRAININGS, "Safety Trainings Held"),
    (KPI_TRAINED, "People Trained (Passed)"),
    (KPI_CERTIFICATES_EXPIRING, "Certificates Expiring"),
    (KPI_STOP_WORK, "Stop-Work Orders"),
]
# Incidents and hazards (事故, 隐患) are not here: their registers do not
# exist yet. The addon that brings them adds its codes the same way
# (``selection_add`` + ``_aftersales_extra_facts``) and replaces the
# workbook's ``safety_registers`` line (``_aftersales_extra_figures``).


class AftersalesKpiFact(models.Model):
    """The safety figures of the month, per technician where there is one:
    signed trainings held and people who passed them, certificates whose
    validity ends in the month, stop-work orders raised."""

    _inherit = "aftersales.kpi.fact"

    kpi = fields.Selection(
        selection_add=SAFETY_FIGURES,
        ondelete=dict.fromkeys((code for code, _label in SAFETY_FIGURES), "cascade"),
    )

    @api.model
    def _aftersales_extra_facts(self, period, company, now):
        return super()._aftersales_extra_facts(
            period, company, now
        ) + self._aftersales_safety_facts(period, company)

    @api.model
    def _aftersales_safety_facts(self, period, company):
        """One grouped query per register."""
        start, end, next_month = self._aftersales_month_bounds(period, company)
        counts = defaultdict(int)
        Training = self.env["aftersales.safety.training"].sudo()
        trainings = Training.search_count(
            [
                ("company_id", "=", company.id),
                ("signed_at", "!=", False),
                ("date", ">=", period),
                ("date", "<", next_month),
            ]
        )
        if trainings:
            counts[(False, KPI_TRAININGS)] += trainings
        Attendee = self.env["aftersales.safety.training.attendee"].sudo()
        for employee, count in Attendee._read_group(
            [
                ("company_id", "=", company.id),
                ("result", "=", "passed"),
                ("training_id.signed_at", "!=", False),
                ("date", ">=", period),
                ("date", "<", next_month),
            ],
            groupby=["employee_id"],
            aggregates=["__count"],
        ):
            counts[(employee.user_id.id, KPI_TRAINED)] += count
        Certificate = self.env["hr.employee.skill"].sudo()
        for employee, count in Certificate._read_group(
            [
                ("employee_id.company_id", "=", company.id),
                ("is_certification", "=", True),
                ("valid_to", ">=", period),
                ("valid_to", "<", next_month),
            ],
            groupby=["employee_id"],
            aggregates=["__count"],
        ):
            counts[(employee.user_id.id, KPI_CERTIFICATES_EXPIRING)] += count
        StopWork = self.env["aftersales.safety.stop.work"].sudo()
        for user, count in StopWork._read_group(
            [
                ("company_id", "=", company.id),
                ("raised_at", ">=", start),
                ("raised_at", "<", end),
            ],
            groupby=["user_id"],
            aggregates=["__count"],
        ):
            counts[(user.id, KPI_STOP_WORK)] += count
        return self._aftersales_count_facts(period, company, counts)
