"""Query counts of the safety batch paths: each runs on N and 10N records and
must not take more queries for more records (a query per record fails it)."""

from datetime import timedelta
from unittest.mock import patch

from odoo import Command, fields
from odoo.tests import tagged

from odoo.addons.base.models.ir_cron import IrCron

from .common import AftersalesSafetyCommon


@tagged("post_install", "-at_install")
class TestSafetyQueryCounts(AftersalesSafetyCommon):
    def test_certificate_reminder_cron(self):
        """Expiring certificates: the to-dos of a batch in one create."""
        Skill = self.env["hr.employee.skill"]
        today = fields.Date.today()

        def expiring(count):
            employees = self.env["hr.employee"].create(
                [{"name": f"Technician {index}"} for index in range(count)]
            )
            return Skill.create(
                [
                    {
                        "employee_id": employee.id,
                        "skill_type_id": self.height.skill_type_id.id,
                        "skill_id": self.height.id,
                        "skill_level_id": self.cert_type.skill_level_ids[:1].id,
                        "valid_from": today - timedelta(days=300),
                        "valid_to": today + timedelta(days=10),
                    }
                    for employee in employees
                ]
            )

        def run(certificates):
            with patch.object(IrCron, "_commit_progress", return_value=100.0):
                Skill._cron_aftersales_expiry_reminders()
            self.assertEqual(set(certificates.mapped("aftersales_reminded")), {True})

        self.assertQueriesFlat(expiring, run)

    def test_open_checks_of_many_checklists(self):
        """A visit needing many checklists: their latest versions found in
        one search, the checks made in one create."""
        Template = self.env["aftersales.safety.checklist.template"]

        def job_with_checklists(count):
            templates = Template.create(
                [
                    {
                        "name": f"Pre-job {index}",
                        "kind": "pre",
                        "item_ids": [
                            Command.create(
                                {"question": "Area fenced", "answer_type": "pass_fail"}
                            )
                        ],
                    }
                    for index in range(count)
                ]
            )
            templates.action_publish()
            self.job_type.pre_template_ids = templates
            return self._on_site_visit()

        def run(visit):
            checks = self._open_checks(visit)
            self.assertEqual(len(checks), len(self.job_type.pre_template_ids))

        self.assertQueriesFlat(job_with_checklists, run)

    def test_fixed_counts(self):
        """Nothing to remind: a fixed, small number of queries."""
        Skill = self.env["hr.employee.skill"]
        with patch.object(IrCron, "_commit_progress", return_value=100.0):
            Skill._cron_aftersales_expiry_reminders()
            self.env.invalidate_all()
            with self.assertQueryCount(8):
                Skill._cron_aftersales_expiry_reminders()
