import io
from collections import Counter
from datetime import date, timedelta

import openpyxl

from odoo import fields
from odoo.tests import tagged

from odoo.addons.aftersales_service.rules import kpi as kpi_rules

from ..models import aftersales_kpi_fact as safety_kpi
from .common import AftersalesSafetyCommon


@tagged("post_install", "-at_install")
class TestKpiSafety(AftersalesSafetyCommon):
    """The safety figures of the month (trainings, people trained,
    certificates expiring, stop-work orders) are facts that agree with the
    registers and replace the workbook's "not available" safety line; so do
    the registers' figures (incidents by category and their reports to the
    authorities, hazards, inspections), checked against the records."""

    def test_safety_figures_in_facts_and_workbook(self):
        Fact = self.env["aftersales.kpi.fact"]
        codes = [code for code, _label in safety_kpi.SAFETY_FIGURES]
        june = date(2029, 6, 1)
        Fact._aftersales_build(june, self.company)
        scope = [("company_id", "=", self.company.id), ("period", "=", june)]
        totals = Fact._aftersales_sums(scope, codes)
        self.assertEqual(totals[(safety_kpi.KPI_TRAININGS,)][0], 1)
        by_user = Fact._aftersales_sums(
            scope, [safety_kpi.KPI_TRAINED], groupby=["user_id"]
        )
        self.assertEqual(by_user[(self.technician, safety_kpi.KPI_TRAINED)][0], 1)
        self.assertEqual(by_user[(self.technician_2, safety_kpi.KPI_TRAINED)][0], 1)
        # Both electrician certificates end on 31 December 2031.
        december = date(2031, 12, 1)
        Fact._aftersales_build(december, self.company)
        expiring = Fact._aftersales_sums(
            [("company_id", "=", self.company.id), ("period", "=", december)],
            [safety_kpi.KPI_CERTIFICATES_EXPIRING],
        )
        self.assertEqual(expiring[(safety_kpi.KPI_CERTIFICATES_EXPIRING,)][0], 2)
        content = (
            self.env["aftersales.kpi.period"]
            .with_user(self.manager)
            ._aftersales_workbook(june, "1", self.company)
        )
        other = {
            row[0]: row[1]
            for row in openpyxl.load_workbook(io.BytesIO(content))[
                "Other Areas"
            ].iter_rows(min_row=2, values_only=True)
        }
        self.assertEqual(other["Safety Trainings Held"], 1)
        self.assertEqual(other["People Trained (Passed)"], 2)
        self.assertEqual(other["Certificates Expiring"], 0)
        self.assertEqual(other["Stop-Work Orders"], 0)
        self.assertNotIn("Safety: incidents, hazards", other)
        self.assertEqual(other["Incidents: Injury"], 0)
        self.assertEqual(other["Hazards Reported"], 0)
        self.assertNotIn(
            "Safety: trainings, certificates expiring, stop-work orders", other
        )

    def _register_oracle(self, start, end, as_of, today):
        """The register figures counted record by record (the test's own
        reading of the rules), ``{(user_id, kpi): count}``."""
        expected = Counter()
        company = [("company_id", "=", self.company.id)]
        for incident in self.env["aftersales.safety.incident"].search(company):
            if not start <= incident.happened_at < end:
                continue
            expected[(False, safety_kpi.KPI_INCIDENT_PREFIX + incident.category)] += 1
            if incident.authority_report_required:
                reported = incident.authority_reported_at
                if reported and reported <= incident.authority_deadline:
                    expected[(False, safety_kpi.KPI_AUTHORITY_ON_TIME)] += 1
                elif reported or incident.authority_deadline < as_of:
                    expected[(False, safety_kpi.KPI_AUTHORITY_LATE)] += 1
        for hazard in self.env["aftersales.safety.hazard"].search(company):
            owner = hazard.owner_id.id or False
            if start <= hazard.reported_on < end:
                expected[(hazard.reported_by.id, safety_kpi.KPI_HAZARDS_REPORTED)] += 1
            if hazard.state == "closed" and start <= hazard.verified_at < end:
                expected[(owner, safety_kpi.KPI_HAZARDS_CLOSED)] += 1
            open_then = hazard.reported_on < as_of and (
                hazard.is_open
                or (hazard.state == "closed" and hazard.verified_at >= as_of)
                or (
                    hazard.state == "cancelled"
                    and hazard.cancelled_at
                    and hazard.cancelled_at >= as_of
                )
            )
            if open_then and hazard.date_deadline and hazard.date_deadline < today:
                expected[(owner, safety_kpi.KPI_HAZARDS_OVERDUE)] += 1
            if open_then and hazard.level == "major":
                expected[(owner, safety_kpi.KPI_MAJOR_HAZARDS_OPEN)] += 1
        for inspection in self.env["aftersales.safety.inspection"].search(company):
            if inspection.signed_at and start <= inspection.signed_at < end:
                user = inspection.user_id.id
                expected[(user, safety_kpi.KPI_INSPECTIONS)] += 1
                failed = len(inspection.line_ids.filtered("is_failed"))
                if failed:
                    expected[(user, safety_kpi.KPI_INSPECTION_FAILED_ITEMS)] += failed
        return expected

    def test_register_figures_agree_with_the_records(self):
        Fact = self.env["aftersales.kpi.fact"]
        Incident = self.env["aftersales.safety.incident"]
        injury = self.env.ref("aftersales_safety.incident_type_injury")
        now = fields.Datetime.now()
        # An injury told to the authorities at once, one never told (its
        # hour has passed: late), a near miss; two hazards, one major, one
        # past its deadline.
        told, untold, _near_miss = (
            Incident.with_user(self.technician).create(
                {
                    "type_id": incident_type.id,
                    "happened_at": now - timedelta(minutes=minutes),
                    "place": "Roof, building 3",
                    "description": "Ladder slipped on wet tiles",
                }
            )
            for incident_type, minutes in (
                (injury, 10),
                (injury, 120),
                (self.env.ref("aftersales_safety.incident_type_near_miss"), 30),
            )
        )
        told.with_user(self.officer).write({"authority_reference": "AJ-2026-17"})
        told.with_user(self.officer).action_report_authority()
        self.assertTrue(untold.authority_overdue)
        Hazard = self.env["aftersales.safety.hazard"].with_user(self.technician)
        Hazard.create({"description": "Gas smell", "place": "Pump", "level": "major"})
        late = Hazard.create({"description": "Loose rail", "place": "Stair"})
        late.with_user(self.officer).write(
            {
                "owner_id": self.technician_2.id,
                "date_deadline": fields.Date.context_today(late) - timedelta(days=2),
            }
        )
        tz = Fact._aftersales_tz(self.company)
        period = kpi_rules.period_of(now, tz)
        start, end = kpi_rules.period_bounds(period, 1, tz)
        # A minute on: the records above are before it (datetimes are stored
        # to the second, so "now" could be the very second they were made).
        as_of = fields.Datetime.now() + timedelta(minutes=1)
        Fact._aftersales_build(period, self.company, as_of)
        codes = [code for code, _label in safety_kpi.REGISTER_FIGURES]
        facts = Fact._aftersales_sums(
            [("company_id", "=", self.company.id), ("period", "=", period)],
            codes,
            groupby=["user_id"],
        )
        got = Counter(
            {
                (user.id or False, kpi): count
                for (user, kpi), (count, _a) in facts.items()
            }
        )
        today = kpi_rules.to_local(as_of, tz).date()
        expected = self._register_oracle(start, end, as_of, today)
        self.assertEqual(+got, +expected)
        # What this test added is among them.
        self.assertGreaterEqual(expected[(False, "safety_incidents_injury")], 2)
        self.assertGreaterEqual(expected[(False, safety_kpi.KPI_AUTHORITY_ON_TIME)], 1)
        self.assertGreaterEqual(expected[(False, safety_kpi.KPI_AUTHORITY_LATE)], 1)
        self.assertGreaterEqual(
            expected[(self.technician.id, safety_kpi.KPI_HAZARDS_REPORTED)], 2
        )
        self.assertGreaterEqual(
            expected[(self.technician_2.id, safety_kpi.KPI_HAZARDS_OVERDUE)], 1
        )
        self.assertGreaterEqual(expected[(False, safety_kpi.KPI_MAJOR_HAZARDS_OPEN)], 1)
        # The workbook says the same (totals over the people).
        content = (
            self.env["aftersales.kpi.period"]
            .with_user(self.manager)
            ._aftersales_workbook(period, "1", self.company)
        )
        other = {
            row[0]: row[1]
            for row in openpyxl.load_workbook(io.BytesIO(content))[
                "Other Areas"
            ].iter_rows(min_row=2, values_only=True)
        }
        self.assertNotIn("Safety: incidents, hazards", other)
        for code, label in safety_kpi.REGISTER_FIGURES:
            total = sum(n for (_user, kpi), n in expected.items() if kpi == code)
            self.assertEqual(other[label], total, label)
