from datetime import timedelta
from unittest.mock import patch

from odoo import fields
from odoo.tests import tagged

from odoo.addons.base.models.ir_cron import IrCron

from .common import AftersalesSafetyCommon


@tagged("post_install", "-at_install")
class TestHazardEscalationQueries(AftersalesSafetyCommon):
    """The daily escalation of overdue hazards takes as many queries for 30
    hazards as for 3: the to-dos in one create, the steps in one write per
    level, the managers looked up once per company."""

    def _run_cron(self):
        with patch.object(IrCron, "_commit_progress", return_value=100.0):
            self.env["aftersales.safety.hazard"]._cron_aftersales_escalate()

    def test_escalation_cron(self):
        Hazard = self.env["aftersales.safety.hazard"]
        today = fields.Date.context_today(Hazard)
        # What was overdue before (demo data) goes up first, out of the count.
        self._run_cron()

        def overdue(count):
            hazards = Hazard.create(
                [
                    {
                        "description": f"Frayed cable {index}",
                        "place": "Store",
                        "owner_id": self.technician.id,
                        "date_deadline": today - timedelta(days=3),
                    }
                    for index in range(count)
                ]
            )
            # Every other one: the officer was told days ago, the managers next.
            hazards[::2]._aftersales_write(
                {
                    "escalation_level": "officer",
                    "escalated_at": fields.Datetime.now() - timedelta(days=10),
                }
            )
            return hazards

        def run(hazards):
            self._run_cron()
            self.assertEqual(set(hazards[::2].mapped("escalation_level")), {"manager"})
            self.assertEqual(set(hazards[1::2].mapped("escalation_level")), {"officer"})

        self.assertQueriesFlat(overdue, run)
        # Each step told its people.
        hazard = Hazard.search([("description", "=", "Frayed cable 0")], limit=1)
        self.assertIn(self.manager, hazard.activity_ids.user_id)
        hazard = Hazard.search([("description", "=", "Frayed cable 1")], limit=1)
        self.assertIn(self.officer, hazard.activity_ids.user_id)
