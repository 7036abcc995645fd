from datetime import date

from odoo import Command
from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import AftersalesSafetyCommon


@tagged("post_install", "-at_install")
class TestPmSpecialistDispatch(AftersalesSafetyCommon):
    """A maintenance request whose task needs a certified specialist is
    refused, at dispatch, to a technician without that certificate, with
    the task named; once certified, the same dispatch goes through."""

    def test_specialist_task_needs_its_certificate_at_dispatch(self):
        contract = self.env["aftersales.contract"].create(
            {
                "partner_id": self.customer.id,
                "date_start": date(2029, 1, 1),
                "date_end": date(2031, 12, 31),
                "lot_ids": [Command.set(self.lot.ids)],
            }
        )
        contract.action_activate()
        plan = (
            self.env["aftersales.pm.plan"]
            .with_user(self.dispatcher)
            .create(
                {
                    "name": "Cabinet 保养",
                    "contract_id": contract.id,
                    "team_id": self.team.id,
                    "lot_id": self.lot.id,
                    "level_ids": [
                        Command.create(
                            {
                                "level": "level1",
                                "interval": 3,
                                "interval_unit": "months",
                                "first_due_date": date(2030, 1, 8),
                                "task_ids": [
                                    Command.create(
                                        {"name": "Clean filters", "task_type": "clean"}
                                    ),
                                    Command.create(
                                        {
                                            "name": "Test roof fan",
                                            "task_type": "test",
                                            "performer": "specialist",
                                            "certificate_id": self.height.id,
                                        }
                                    ),
                                ],
                            }
                        )
                    ],
                }
            )
        )
        ticket = plan._aftersales_generate(date(2030, 1, 1), horizon_days=30).ticket_id
        self.assertEqual(len(ticket), 1)
        wizard = self._dispatch(ticket)
        candidate = wizard.candidate_ids.filtered(
            lambda c: c.technician_id == self.profile
        )
        self.assertIn("No Test height certificate", candidate.blockers)
        self.assertIn("Test roof fan", candidate.blockers)
        with self.assertRefused(UserError, "Needed by the certified specialist"):
            wizard.action_dispatch()
        self.assertFalse(ticket.aftersales_visit_ids)
        # Certified for work at height: the same dispatch goes through.
        self._certificate(self.employee, self.height)
        self._dispatch(ticket).action_dispatch()
        self.assertEqual(ticket.aftersales_visit_ids.user_id, self.technician)
