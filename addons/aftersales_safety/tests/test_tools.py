from datetime import date, timedelta

from odoo import Command, fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from odoo.addons.aftersales_service.tests.test_protected import ANY_CONTEXT

from .common import VISIT_START, AftersalesSafetyCommon


@tagged("post_install", "-at_install")
class TestTools(AftersalesSafetyCommon):
    """Tools and instruments (工具登记) on Odoo's equipment: a job needing a
    tool kind cannot be dispatched nor started while the technician's tool of
    that kind is missing, out of calibration, out of use or under an open
    hazard; losses charged to the technician; handovers signed by both."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.tester_kind = cls.env["maintenance.equipment.category"].create(
            {"name": "Insulation tester", "aftersales_calibration_required": True}
        )
        cls.job_type.tool_category_ids = [Command.set(cls.tester_kind.ids)]
        cls.tester = cls.env["maintenance.equipment"].create(
            {
                "name": "Insulation tester",
                "category_id": cls.tester_kind.id,
                "serial_no": "MEG-001",
                "equipment_assign_to": "employee",
                "employee_id": cls.employee.id,
                "aftersales_calibration_due": date(2031, 6, 30),
            }
        )
        cls.tester_2 = cls.env["maintenance.equipment"].create(
            {
                "name": "Insulation tester",
                "category_id": cls.tester_kind.id,
                "serial_no": "MEG-002",
                "equipment_assign_to": "employee",
                "employee_id": cls.employee_2.id,
                "aftersales_calibration_due": date(2031, 6, 30),
            }
        )

    def _blockers(self):
        return self.profile._aftersales_dispatch_blockers(
            self._ticket(), VISIT_START, VISIT_START + timedelta(hours=2)
        )[self.profile.id]

    def _ready_visit(self):
        """On site today, pre-job check passed, isolated: only the tools may
        stop Start Work."""
        ticket = self._ticket()
        visit = self._visit(ticket, start=fields.Datetime.now())
        visit.with_user(self.technician).action_check_in()
        self._passed_check(visit)
        self._isolated(visit)
        return visit

    def test_dispatch_says_which_tool_is_missing_or_uncalibrated(self):
        self.assertFalse(self._blockers())
        self.tester.aftersales_calibration_due = date(2030, 1, 1)
        self.assertIn(
            "MEG-001 is out of calibration since 2030-01-01", self._blockers()[0]
        )
        with self.assertRefused(UserError, "out of calibration"):
            self._dispatch(self._ticket()).action_dispatch()
        self.tester.aftersales_calibration_due = False
        self.assertIn("no calibration recorded", self._blockers()[0])
        self.tester.active = False
        self.assertIn("No Insulation tester assigned to Tech Li", self._blockers()[0])

    def test_uncalibrated_tool_blocks_start_until_calibrated(self):
        self.tester.aftersales_calibration_due = fields.Date.today() - timedelta(days=1)
        visit = self._ready_visit()
        with self.assertRefused(UserError, "out of calibration"):
            visit.with_user(self.technician).action_start_work()
        self.assertFalse(visit.work_started_at)
        self.assertIn("out of calibration", visit.aftersales_safety_blockers)
        self.tester.with_user(self.officer).write(
            {"aftersales_calibration_due": fields.Date.today() + timedelta(days=365)}
        )
        visit.with_user(self.technician).action_start_work()
        self.assertTrue(visit.work_started_at)

    def test_open_hazard_on_the_tool_blocks_start_until_closed(self):
        visit = self._ready_visit()
        hazard = (
            self.env["aftersales.safety.hazard"]
            .with_user(self.technician)
            .create(
                {
                    "description": "Test leads cracked",
                    "equipment_id": self.tester.id,
                }
            )
        )
        self.assertEqual(
            self.tester._aftersales_unusable_reason(),
            f"Insulation tester/MEG-001 is out of use until hazard "
            f"{hazard.name} is closed",
        )
        with self.assertRefused(UserError, "until hazard"):
            visit.with_user(self.technician).action_start_work()
        self.assertFalse(visit.work_started_at)
        hazard.with_user(self.officer).write(
            {
                "owner_id": self.technician.id,
                "date_deadline": fields.Date.today(),
            }
        )
        hazard.with_user(self.officer).action_start_rectification()
        hazard.with_user(self.technician).write({"rectification_note": "New leads"})
        hazard.with_user(self.technician).action_rectified()
        self.assertTrue(self.tester._aftersales_unusable_reason())
        hazard.with_user(self.officer).write({"verification_note": "Leads tested"})
        hazard.with_user(self.officer).action_verify()
        self.assertFalse(self.tester._aftersales_unusable_reason())
        visit.with_user(self.technician).action_start_work()
        self.assertTrue(visit.work_started_at)

    def test_out_of_use_only_by_its_actions(self):
        as_tech = self.tester.with_user(self.technician).with_context(**ANY_CONTEXT)
        with self.assertRaises(AccessError):
            as_tech.write({"aftersales_out_of_use_reason": "Mine now"})
        as_officer = self.tester.with_user(self.officer).with_context(**ANY_CONTEXT)
        with self.assertRefused(UserError, "cannot be set directly"):
            as_officer.write({"aftersales_out_of_use": True})
        self.tester.invalidate_recordset()
        self.assertFalse(self.tester.aftersales_out_of_use)
        with self.assertRefused(AccessError, "safety officer"):
            self.tester.with_user(self.technician).action_aftersales_take_out_of_use()
        with self.assertRefused(UserError, "Out-of-Use Reason"):
            self.tester.with_user(self.officer).action_aftersales_take_out_of_use()
        as_officer.write({"aftersales_out_of_use_reason": "Dropped, display broken"})
        self.tester.with_user(self.officer).action_aftersales_take_out_of_use()
        self.assertIn("is out of use: Dropped", self._blockers()[0])
        self.tester.with_user(self.officer).action_aftersales_back_in_use()
        self.assertFalse(self._blockers())

    def test_loss_charged_to_the_technician(self):
        loss = (
            self.env["aftersales.safety.tool.loss"]
            .with_user(self.technician)
            .create(
                {
                    "equipment_id": self.tester.id,
                    "employee_id": self.employee.id,
                    "kind": "lost",
                    "description": "Left on site, not found",
                    "amount": 1200,
                }
            )
        )
        with self.assertRefused(AccessError, "safety officer"):
            loss.with_user(self.technician).action_charge()
        with self.assertRefused(UserError, "cannot be set directly"):
            loss.with_user(self.technician).with_context(**ANY_CONTEXT).write(
                {"state": "charged", "charge_amount": 1}
            )
        loss.invalidate_recordset()
        self.assertEqual(loss.state, "draft")
        self.assertFalse(loss.charge_amount)
        loss.with_user(self.officer).action_charge()
        self.assertEqual(loss.state, "charged")
        self.assertEqual(loss.charge_amount, 1200)
        self.assertEqual(loss.charged_by_id, self.officer)
        self.assertTrue(self.tester.aftersales_out_of_use)
        with self.assertRefused(UserError, "is decided"):
            loss.with_user(self.officer).write({"amount": 1})

    def test_handover_signed_by_both_moves_the_tools(self):
        with self.assertRefused(UserError, "tool handover signed by both"):
            self.tester.with_user(self.officer).write(
                {"employee_id": self.employee_2.id}
            )
        handover = (
            self.env["aftersales.safety.tool.handover"]
            .with_user(self.technician)
            .create(
                {
                    "reason": "leaving",
                    "from_employee_id": self.employee.id,
                    "to_employee_id": self.employee_2.id,
                    "equipment_ids": [Command.set(self.tester.ids)],
                    "condition": "Good, leads worn",
                }
            )
        )
        with self.assertRefused(UserError, "signs first"):
            handover.with_user(self.technician_2).action_sign_received()
        with self.assertRefused(AccessError, "themselves"):
            handover.with_user(self.technician_2).action_sign_handed_over()
        handover.with_user(self.technician).action_sign_handed_over()
        with self.assertRefused(AccessError, "themselves"):
            handover.with_user(self.technician).action_sign_received()
        handover.with_user(self.technician_2).action_sign_received()
        self.assertTrue(handover.signed_at and handover.chain_hash)
        self.assertEqual(self.tester.employee_id, self.employee_2)
        with self.assertRefused(UserError, "locked"):
            handover.with_user(self.officer).write({"reason": "other"})

    def test_failed_check_item_raises_a_hazard(self):
        visit = self._on_site_visit()
        check = self._open_checks(visit)
        self._answer(check, Cabinet={"answer": "no"})
        failed = check.line_ids.filtered("is_failed")
        passed = check.line_ids - failed
        with self.assertRefused(UserError, "did not fail"):
            passed[:1].with_user(self.technician).action_aftersales_raise_hazard()
        action = failed.with_user(self.technician).action_aftersales_raise_hazard()
        hazard = self.env["aftersales.safety.hazard"].browse(action["res_id"])
        self.assertEqual(hazard.source, failed)
        self.assertEqual(hazard.reported_by, self.technician)
        self.assertIn("Cabinet tidy", hazard.description)
        self.assertEqual(hazard.state, "reported")
        again = failed.with_user(self.technician).action_aftersales_raise_hazard()
        self.assertEqual(again["res_id"], hazard.id, "raised once")
