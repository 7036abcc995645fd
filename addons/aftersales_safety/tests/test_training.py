from datetime import date, timedelta
from unittest.mock import patch

from odoo import fields
from odoo.exceptions import AccessError, ValidationError
from odoo.tests import tagged

from odoo.addons.base.models.ir_cron import IrCron

from .common import AftersalesSafetyCommon


@tagged("post_install", "-at_install")
class TestTrainingAndReminders(AftersalesSafetyCommon):
    def _run_cron(self, batch_size=200):
        with patch.object(
            IrCron, "_commit_progress", autospec=True, return_value=100.0
        ) as progress:
            self.env["hr.employee.skill"]._cron_aftersales_expiry_reminders(
                batch_size=batch_size
            )
        return progress

    def _reminders(self, employee):
        return self.env["mail.activity"].search(
            [
                ("res_model", "=", "hr.employee"),
                ("res_id", "=", employee.id),
                ("summary", "ilike", "expires on"),
            ]
        )

    def test_training_due_and_required_result(self):
        self.assertEqual(self.employee.aftersales_last_training_date, date(2029, 6, 1))
        self.assertEqual(self.employee.aftersales_training_due_date, date(2030, 6, 1))
        training = self.env["aftersales.safety.training"].create(
            {"name": "Height", "trainer": "X", "hours": 2}
        )
        with self.assertRefused(ValidationError, "the hours must be more than 0"):
            training.hours = 0
        with self.assertRefused(Exception, "record every attendee's result"):
            training.action_sign()

    def test_reminder_cron_once_per_expiry_to_technician_and_officer(self):
        today = fields.Date.today()
        expiring = self._certificate(
            self.employee,
            self.height,
            today - timedelta(days=300),
            today + timedelta(days=10),
        )
        far = self._certificate(
            self.employee_2, self.height, today, today + timedelta(days=200)
        )
        progress = self._run_cron(batch_size=1)
        activities = self._reminders(self.employee)
        self.assertEqual(activities.user_id, self.technician | self.officer)
        self.assertIn("Test height", activities[0].summary)
        self.assertTrue(expiring.aftersales_reminded)
        self.assertFalse(far.aftersales_reminded)
        self.assertFalse(self._reminders(self.employee_2))
        self.assertTrue(progress.called)
        # a second run does not remind again
        self._run_cron()
        self.assertEqual(len(self._reminders(self.employee)), 2)
        # a new expiry date is reminded again
        expiring.valid_to = today + timedelta(days=5)
        self.assertFalse(expiring.aftersales_reminded)
        self._run_cron()
        self.assertEqual(len(self._reminders(self.employee)), 4)

    def test_reminders_off_with_zero_lead_time(self):
        today = fields.Date.today()
        self._certificate(
            self.employee,
            self.height,
            today - timedelta(days=30),
            today + timedelta(days=3),
        )
        self.company.aftersales_safety_reminder_days = 0
        self._run_cron()
        self.assertFalse(self._reminders(self.employee))
        with self.assertRefused(ValidationError, "cannot be negative"):
            self.company.aftersales_safety_reminder_days = -1

    def test_certificate_evidence_fields_survive_renewal_of_level(self):
        self.cert.write(
            {"aftersales_issuer": "Bureau", "aftersales_review_date": date(2030, 6, 1)}
        )
        self.cert.with_user(self.officer).action_aftersales_verify()
        self.assertEqual(self.cert.aftersales_verified_uid, self.officer)
        self.assertIn("aftersales_number", self.cert._get_passive_fields())

    def test_reminder_cron_skips_a_failing_certificate_and_retries_it(self):
        """A reminder that fails is logged, not marked as sent, and tried again
        on the next run; the other certificates are reminded."""
        today = fields.Date.today()
        good = self._certificate(
            self.employee,
            self.height,
            today - timedelta(days=300),
            today + timedelta(days=10),
        )
        bad = self._certificate(
            self.employee_2,
            self.height,
            today - timedelta(days=300),
            today + timedelta(days=12),
        )
        Skill = type(good)
        original = Skill._aftersales_remind_one

        def remind_one(skill, company):
            if skill == bad:
                raise ValueError("no mail for this one")
            return original(skill, company)

        with (
            patch.object(Skill, "_aftersales_remind_one", remind_one),
            self.assertLogs(
                "odoo.addons.aftersales_service.models.ir_cron", level="ERROR"
            ) as logs,
        ):
            self._run_cron()
        self.assertIn("skipped", logs.output[0])
        self.assertTrue(good.aftersales_reminded)
        self.assertEqual(len(self._reminders(self.employee)), 2)
        self.assertFalse(bad.aftersales_reminded)
        self.assertFalse(self._reminders(self.employee_2))
        self._run_cron()
        self.assertTrue(bad.aftersales_reminded)
        self.assertEqual(len(self._reminders(self.employee_2)), 2)

    def test_only_the_safety_officer_changes_certificates(self):
        """A technician does not record, extend or remove their own
        certificate, whatever the context; the safety officer does."""
        valid_to = self.cert.valid_to
        mine = self.cert.with_user(self.technician).with_context(
            aftersales_skip_checks=True
        )
        with self.assertRefused(AccessError, "Only the safety officer"):
            mine.write({"valid_to": valid_to + timedelta(days=3650)})
        with self.assertRefused(AccessError, "Only the safety officer"):
            mine.unlink()
        with self.assertRefused(AccessError, "Only the safety officer"):
            self.env["hr.employee.skill"].with_user(self.technician).create(
                {
                    "employee_id": self.employee.id,
                    "skill_id": self.height.id,
                    "skill_type_id": self.cert_type.id,
                    "skill_level_id": self.cert_type.skill_level_ids.id,
                    "valid_from": date(2029, 1, 1),
                    "valid_to": date(2031, 1, 1),
                }
            )
        self.cert.invalidate_recordset()
        self.assertTrue(self.cert.exists())
        self.assertEqual(self.cert.valid_to, valid_to)
        self.assertEqual(
            self.env["hr.employee.skill"].search_count(
                [
                    ("employee_id", "=", self.employee.id),
                    ("skill_id", "=", self.height.id),
                ]
            ),
            0,
        )
        self.cert.with_user(self.officer).write({"aftersales_number": "EL-2030-1"})
        self.assertEqual(self.cert.aftersales_number, "EL-2030-1")
