from collections import defaultdict

from odoo import api, fields, models

from odoo.addons.aftersales_service.rules import kpi as kpi_rules

from .aftersales_safety_hazard import OPEN_STATES as HAZARD_OPEN_STATES
from .aftersales_safety_incident import INCIDENT_CATEGORIES

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
# The registers of incidents (事故), hazards (隐患) and inspections: they
# replace the workbook's ``safety_registers`` line.
KPI_INCIDENT_PREFIX = "safety_incidents_"
KPI_AUTHORITY_ON_TIME = "safety_authority_on_time"
KPI_AUTHORITY_LATE = "safety_authority_late"
KPI_HAZARDS_REPORTED = "safety_hazards_reported"
KPI_HAZARDS_CLOSED = "safety_hazards_closed"
KPI_HAZARDS_OVERDUE = "safety_hazards_overdue"
KPI_MAJOR_HAZARDS_OPEN = "safety_major_hazards_open"
KPI_INSPECTIONS = "safety_inspections"
KPI_INSPECTION_FAILED_ITEMS = "safety_inspection_failed_items"
# Stocks at month end: a workbook over several months shows the last one's.
MONTH_END_FIGURES = (KPI_HAZARDS_OVERDUE, KPI_MAJOR_HAZARDS_OPEN)
INCIDENT_FIGURES = [
    (KPI_INCIDENT_PREFIX + category, f"Incidents: {label}")
    for category, label in INCIDENT_CATEGORIES
]
REGISTER_FIGURES = [
    *INCIDENT_FIGURES,
    (KPI_AUTHORITY_ON_TIME, "Incidents Reported to the Authorities on Time"),
    (KPI_AUTHORITY_LATE, "Incidents Reported to the Authorities Late"),
    (KPI_HAZARDS_REPORTED, "Hazards Reported"),
    (KPI_HAZARDS_CLOSED, "Hazards Closed"),
    (KPI_HAZARDS_OVERDUE, "Hazards Overdue at Month End"),
    (KPI_MAJOR_HAZARDS_OPEN, "Major Hazards Open at Month End"),
    (KPI_INSPECTIONS, "Safety Inspections Done"),
    (KPI_INSPECTION_FAILED_ITEMS, "Inspection Items Failed"),
]


class AftersalesKpiFact(models.Model):
    """The safety figures of the month, per technician where there is one:
    signed trainings held and people who passed them, certificates whose
    validity ends in the month, stop-work orders raised."""

    _inherit = "aftersales.kpi.fact"

    kpi = fields.Selection(
        selection_add=SAFETY_FIGURES + REGISTER_FIGURES,
        ondelete=dict.fromkeys(
            (code for code, _label in SAFETY_FIGURES + REGISTER_FIGURES), "cascade"
        ),
    )

    @api.model
    def _aftersales_extra_facts(self, period, company, now):
        return super()._aftersales_extra_facts(
            period, company, now
        ) + self._aftersales_safety_facts(period, company, now)

    @api.model
    def _aftersales_safety_facts(self, period, company, now=None):
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
        self._aftersales_register_counts(counts, company, start, end, now)
        return self._aftersales_count_facts(period, company, counts)

    @api.model
    def _aftersales_register_counts(self, counts, company, start, end, now=None):
        """Add the month's incidents, hazards and inspections to ``counts``
        (``{(user_id, kpi): count}``), one grouped query per figure.

        Incidents by category, when they happened (company level: the
        people involved are many). Those the authorities must hear of are
        on time when reported by the deadline, late when reported after it
        or not yet reported once it has passed. Hazards reported by whom
        reported them; closed, overdue and major open by their owner, as
        they stood at month end (or now, for the month under way): open
        then when reported before it and neither closed nor cancelled by
        then.
        Inspections signed in the month and their failed items, by
        inspector."""
        as_of = min(end, now) if now else end
        today = kpi_rules.to_local(as_of, self._aftersales_tz(company)).date()
        Incident = self.env["aftersales.safety.incident"].sudo()
        in_month = [
            ("company_id", "=", company.id),
            ("happened_at", ">=", start),
            ("happened_at", "<", end),
        ]
        for category, count in Incident._read_group(
            in_month, groupby=["category"], aggregates=["__count"]
        ):
            if category:
                counts[(False, KPI_INCIDENT_PREFIX + category)] += count
        for row in Incident.search_read(
            [*in_month, ("authority_report_required", "=", True)],
            ["authority_deadline", "authority_reported_at"],
            load=False,
        ):
            deadline, reported = row["authority_deadline"], row["authority_reported_at"]
            if reported and reported <= deadline:
                counts[(False, KPI_AUTHORITY_ON_TIME)] += 1
            elif reported or deadline < as_of:
                counts[(False, KPI_AUTHORITY_LATE)] += 1
        Hazard = self.env["aftersales.safety.hazard"].sudo()
        for user, count in Hazard._read_group(
            [
                ("company_id", "=", company.id),
                ("reported_on", ">=", start),
                ("reported_on", "<", end),
            ],
            groupby=["reported_by"],
            aggregates=["__count"],
        ):
            counts[(user.id, KPI_HAZARDS_REPORTED)] += count
        for user, count in Hazard._read_group(
            [
                ("company_id", "=", company.id),
                ("state", "=", "closed"),
                ("verified_at", ">=", start),
                ("verified_at", "<", end),
            ],
            groupby=["owner_id"],
            aggregates=["__count"],
        ):
            counts[(user.id, KPI_HAZARDS_CLOSED)] += count
        open_then = [
            ("company_id", "=", company.id),
            ("reported_on", "<", as_of),
            "|",
            "|",
            ("state", "in", list(HAZARD_OPEN_STATES)),
            "&",
            ("state", "=", "closed"),
            ("verified_at", ">=", as_of),
            "&",
            ("state", "=", "cancelled"),
            ("cancelled_at", ">=", as_of),
        ]
        for user, count in Hazard._read_group(
            [*open_then, ("date_deadline", "<", today)],
            groupby=["owner_id"],
            aggregates=["__count"],
        ):
            counts[(user.id, KPI_HAZARDS_OVERDUE)] += count
        for user, count in Hazard._read_group(
            [*open_then, ("level", "=", "major")],
            groupby=["owner_id"],
            aggregates=["__count"],
        ):
            counts[(user.id, KPI_MAJOR_HAZARDS_OPEN)] += count
        Inspection = self.env["aftersales.safety.inspection"].sudo()
        for user, count, failed in Inspection._read_group(
            [
                ("company_id", "=", company.id),
                ("signed_at", ">=", start),
                ("signed_at", "<", end),
            ],
            groupby=["user_id"],
            aggregates=["__count", "failed_count:sum"],
        ):
            counts[(user.id, KPI_INSPECTIONS)] += count
            if failed:
                counts[(user.id, KPI_INSPECTION_FAILED_ITEMS)] += failed
