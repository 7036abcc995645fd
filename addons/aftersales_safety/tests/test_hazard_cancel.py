from datetime import timedelta
from importlib import util
from pathlib import Path

from dateutil.relativedelta import relativedelta

from odoo import fields
from odoo.exceptions import UserError
from odoo.tests import new_test_user, tagged

from odoo.addons.aftersales_service.rules import kpi as kpi_rules
from odoo.addons.aftersales_service.tests.test_protected import ANY_CONTEXT

from ..models import aftersales_kpi_fact as safety_kpi
from .common import AftersalesSafetyCommon

MIGRATION = Path(__file__).parents[1] / "migrations" / "19.0.1.3.0" / "post-migrate.py"


@tagged("post_install", "-at_install")
class TestHazardCancelledAt(AftersalesSafetyCommon):
    """A cancelled hazard keeps when it was cancelled (set by the cancel
    action only), so the month-end figures count it open until then."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.employee_user = new_test_user(
            cls.env, login="as_cancel_employee", groups="base.group_user"
        )
        cls.owner = new_test_user(
            cls.env,
            login="as_cancel_owner",
            name="Owner Qian",
            groups="base.group_user",
        )

    def _hazard(self, **vals):
        return (
            self.env["aftersales.safety.hazard"]
            .with_user(self.employee_user)
            .create({"description": "Loose handrail", "place": "Stair B", **vals})
        )

    def _cancel(self, hazard):
        hazard.with_user(self.officer).write({"cancel_reason": "Reported twice"})
        hazard.with_user(self.officer).action_cancel()

    def test_cancel_records_when_and_nobody_sets_it(self):
        hazard = self._hazard()
        before = fields.Datetime.now()
        self._cancel(hazard)
        self.assertEqual(hazard.state, "cancelled")
        self.assertEqual(hazard.cancelled_by_id, self.officer)
        self.assertGreaterEqual(hazard.cancelled_at, before)
        self.assertLessEqual(hazard.cancelled_at, fields.Datetime.now())
        stamp = hazard.cancelled_at
        other = self._hazard()
        for record, vals in (
            (hazard, {"cancelled_at": stamp + timedelta(days=40)}),
            (hazard, {"cancelled_at": False}),
            (other, {"cancelled_at": stamp}),
        ):
            for user in (self.employee_user, self.officer):
                with self.assertRefused(UserError, "cannot be set directly"):
                    record.with_user(user).with_context(**ANY_CONTEXT).write(vals)
        with self.assertRefused(UserError, "cannot be set directly"):
            self.env["aftersales.safety.hazard"].with_user(
                self.employee_user
            ).with_context(**ANY_CONTEXT).create(
                {"description": "Wet floor", "cancelled_at": stamp}
            )
        (hazard | other).invalidate_recordset()
        self.assertEqual(hazard.cancelled_at, stamp)
        self.assertFalse(other.cancelled_at)
        self.assertEqual(other.state, "reported")

    def test_month_end_counts_a_hazard_cancelled_after_it(self):
        """Two major hazards past their deadline, reported in a past month:
        one cancelled after that month's end (open at the month end, overdue
        and major), one cancelled before it (not open then)."""
        Fact = self.env["aftersales.kpi.fact"]
        tz = Fact._aftersales_tz(self.company)
        now = fields.Datetime.now()
        period = kpi_rules.period_of(now, tz) - relativedelta(months=2)
        start, end = kpi_rules.period_bounds(period, 1, tz)
        after_end = self._hazard(level="major")
        before_end = self._hazard(level="major")
        for hazard in after_end | before_end:
            hazard.with_user(self.officer).write(
                {"owner_id": self.owner.id, "date_deadline": period + timedelta(days=5)}
            )
            self._cancel(hazard)
        reported = start + timedelta(days=2)
        after_end.sudo()._aftersales_write(
            {"reported_on": reported, "cancelled_at": end + timedelta(days=3)}
        )
        before_end.sudo()._aftersales_write(
            {"reported_on": reported, "cancelled_at": end - timedelta(days=3)}
        )

        def figures(month):
            Fact._aftersales_build(month, self.company, now)
            facts = Fact._aftersales_sums(
                [("company_id", "=", self.company.id), ("period", "=", month)],
                [
                    safety_kpi.KPI_HAZARDS_REPORTED,
                    safety_kpi.KPI_HAZARDS_OVERDUE,
                    safety_kpi.KPI_MAJOR_HAZARDS_OPEN,
                ],
                groupby=["user_id"],
            )
            return {
                kpi: count
                for (user, kpi), (count, _amount) in facts.items()
                if user == self.owner
                or (user == self.employee_user and kpi == "safety_hazards_reported")
            }

        self.assertEqual(
            figures(period),
            {
                safety_kpi.KPI_HAZARDS_REPORTED: 2,
                safety_kpi.KPI_HAZARDS_OVERDUE: 1,
                safety_kpi.KPI_MAJOR_HAZARDS_OPEN: 1,
            },
        )
        # The month after: both cancelled by its end, neither open.
        self.assertEqual(figures(period + relativedelta(months=1)), {})

    def test_migration_fills_the_cancel_date(self):
        hazard = self._hazard()
        self._cancel(hazard)
        self.env.flush_all()
        self.env.cr.execute(
            "UPDATE aftersales_safety_hazard SET cancelled_at = NULL WHERE id = %s",
            [hazard.id],
        )
        hazard.invalidate_recordset()
        self.assertFalse(hazard.cancelled_at)
        spec = util.spec_from_file_location("aftersales_safety_1_3_0", MIGRATION)
        module = util.module_from_spec(spec)
        spec.loader.exec_module(module)
        module.migrate(self.env.cr, "19.0.1.2.0")
        hazard.invalidate_recordset()
        # The last state change in the chatter (the cancellation), else the
        # last write.
        tracked = hazard.message_ids.filtered(
            lambda m: "state" in m.sudo().tracking_value_ids.field_id.mapped("name")
        )
        expected = max(tracked.mapped("date")) if tracked else hazard.write_date
        self.assertEqual(hazard.cancelled_at, expected)
