from datetime import date, timedelta
from unittest.mock import patch

from odoo import fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import new_test_user, tagged

from odoo.addons.aftersales_service.tests.test_protected import ANY_CONTEXT
from odoo.addons.base.models.ir_cron import IrCron

from .common import AftersalesSafetyCommon


@tagged("post_install", "-at_install")
class TestHazard(AftersalesSafetyCommon):
    """The hazard register (隐患): anyone reports; a major hazard needs its
    plan; the fixer is not the verifier; closing is the signed verification;
    overdue hazards escalate; state and verifier are protected."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.employee_user = new_test_user(
            cls.env, login="as_plain_employee", groups="base.group_user"
        )
        cls.officer_2 = new_test_user(
            cls.env,
            login="as_officer_2",
            name="Officer Zhao",
            groups="aftersales_safety.group_aftersales_safety_officer",
        )

    def _report(self, user=None, **vals):
        return (
            self.env["aftersales.safety.hazard"]
            .with_user(user or self.employee_user)
            .create(
                {"description": "Cable insulation cracked", "place": "Store", **vals}
            )
        )

    def _plan(self, hazard, **vals):
        hazard.with_user(self.officer).write(
            {
                "owner_id": self.technician.id,
                "date_deadline": date.today() + timedelta(days=5),
                **vals,
            }
        )

    def test_anyone_reports_and_sees_only_their_own(self):
        hazard = self._report()
        self.assertEqual(hazard.state, "reported")
        self.assertEqual(hazard.reported_by, self.employee_user)
        self.assertTrue(hazard.name.startswith("YH-"), hazard.name)
        other = self._report(user=self.technician_2)
        Hazard = self.env["aftersales.safety.hazard"]
        self.assertEqual(
            Hazard.with_user(self.employee_user).search(
                [("id", "in", (hazard | other).ids)]
            ),
            hazard,
        )
        self.assertEqual(
            Hazard.with_user(self.officer).search([("id", "in", (hazard | other).ids)]),
            hazard | other,
        )
        # The officer got a to-do.
        self.assertIn(self.officer, hazard.activity_ids.user_id)

    def test_protected_fields_refused_and_nothing_changed(self):
        hazard = self._report()
        as_employee = hazard.with_user(self.employee_user).with_context(**ANY_CONTEXT)
        for vals in (
            {"state": "closed"},
            {"verified_by_id": self.employee_user.id},
            {"rectified_by_id": self.technician.id},
            {"reported_by": self.technician.id},
            {"escalation_level": "manager"},
            {"plan_approved_by_id": self.employee_user.id},
        ):
            with self.assertRefused(UserError, "cannot be set directly"):
                as_employee.write(vals)
        with self.assertRefused(UserError, "cannot be set directly"):
            self.env["aftersales.safety.hazard"].with_user(
                self.employee_user
            ).with_context(**ANY_CONTEXT).create(
                {"description": "x", "state": "closed"}
            )
        hazard.invalidate_recordset()
        self.assertEqual(hazard.state, "reported")
        self.assertFalse(hazard.verified_by_id or hazard.rectified_by_id)
        self.assertEqual(hazard.reported_by, self.employee_user)
        # Only a safety officer moves it on.
        with self.assertRefused(AccessError, "safety officer"):
            hazard.with_user(self.employee_user).action_start_rectification()
        with self.assertRaises(AccessError):
            hazard.with_user(self.officer).unlink()
        with self.assertRefused(UserError, "never delete it"):
            hazard.sudo().unlink()

    def test_major_hazard_needs_its_plan_approved_by_a_manager(self):
        hazard = self._report(level="major")
        self._plan(hazard)
        with self.assertRefused(AccessError, "manager"):
            hazard.with_user(self.officer).action_start_rectification()
        with self.assertRefused(UserError, "Objective"):
            hazard.with_user(self.manager).action_start_rectification()
        self.assertEqual(hazard.state, "reported")
        hazard.with_user(self.officer).write(
            {
                "plan_objective": "No live parts reachable",
                "plan_measures": "Replace the cable, add a cover",
                "plan_funds": 800,
                "plan_interim_measures": "Cordon off, sign posted",
            }
        )
        hazard.with_user(self.manager).action_start_rectification()
        self.assertEqual(hazard.state, "rectifying")
        self.assertEqual(hazard.plan_approved_by_id, self.manager)
        # The plan cannot be emptied nor the level lowered afterwards.
        with self.assertRefused(ValidationError, "Measures"):
            hazard.with_user(self.officer).write({"plan_measures": False})
        with self.assertRefused(UserError, "keeps its level"):
            hazard.with_user(self.officer).write({"level": "general"})
        hazard.invalidate_recordset()
        self.assertEqual(hazard.level, "major")
        self.assertTrue(hazard.plan_measures)

    def test_fixer_is_not_the_verifier_and_verification_closes(self):
        hazard = self._report()
        self._plan(hazard, owner_id=self.officer.id)
        hazard.with_user(self.officer).action_start_rectification()
        with self.assertRefused(UserError, "What Was Done"):
            hazard.with_user(self.officer).action_rectified()
        hazard.with_user(self.officer).write({"rectification_note": "Cable replaced"})
        hazard.with_user(self.officer).action_rectified()
        self.assertEqual(hazard.state, "to_verify")
        self.assertEqual(hazard.rectified_by_id, self.officer)
        hazard.with_user(self.officer).write({"verification_note": "Looks fine"})
        with self.assertRefused(UserError, "cannot verify"):
            hazard.with_user(self.officer).action_verify()
        self.assertEqual(hazard.state, "to_verify")
        self.assertFalse(hazard.verified_by_id)
        # A corrective action still open keeps it open.
        action = (
            self.env["aftersales.action"]
            .with_user(self.officer)
            .create(
                {
                    "name": "Inspect every cable of the store monthly",
                    "res_model": hazard._name,
                    "res_id": hazard.id,
                    "user_id": self.officer.id,
                    "date_deadline": date.today(),
                }
            )
        )
        self.assertEqual(hazard.with_user(self.officer).action_ids, action)
        with self.assertRefused(UserError, "not verified"):
            hazard.with_user(self.officer_2).action_verify()
        action.with_user(self.officer).action_done()
        action.with_user(self.officer_2).action_verify()
        hazard.with_user(self.officer_2).action_verify()
        self.assertEqual(hazard.state, "closed")
        self.assertEqual(hazard.verified_by_id, self.officer_2)
        self.assertTrue(hazard.signed_at and hazard.chain_hash)
        self.assertEqual(hazard.sign_meaning, "verified")
        with self.assertRefused(UserError, "locked"):
            hazard.with_user(self.officer).write({"place": "Elsewhere"})

    def test_report_in_one_step_records_the_source(self):
        source = self.env["res.partner"].create({"name": "Any source"})
        hazards = (
            self.env["aftersales.safety.hazard"]
            .with_user(self.technician)
            ._aftersales_report(
                [
                    {
                        "res_model": "res.partner",
                        "res_id": source.id,
                        "description": "Ladder foot broken",
                    }
                ]
            )
        )
        self.assertEqual(hazards.source, source)
        self.assertEqual(hazards.reported_by, self.technician)
        with self.assertRefused(UserError, "cannot be reported with"):
            self.env["aftersales.safety.hazard"]._aftersales_report(
                [{"description": "x", "state": "closed"}]
            )

    def test_overdue_hazards_escalate_to_officer_then_manager(self):
        hazard = self._report()
        self._plan(hazard, date_deadline=date.today() - timedelta(days=1))
        hazard.with_user(self.officer).action_start_rectification()
        self.assertTrue(hazard.overdue)
        hazard = hazard.sudo()
        Hazard = self.env["aftersales.safety.hazard"]
        with patch.object(IrCron, "_commit_progress", return_value=100.0):
            Hazard._cron_aftersales_escalate()
            self.assertEqual(hazard.escalation_level, "officer")
            self.assertIn(self.officer, hazard.activity_ids.user_id)
            Hazard._cron_aftersales_escalate()
            self.assertEqual(hazard.escalation_level, "officer", "waits its days")
            hazard._aftersales_write(
                {"escalated_at": fields.Datetime.now() - timedelta(days=4)}
            )
            Hazard._cron_aftersales_escalate()
        self.assertEqual(hazard.escalation_level, "manager")
        self.assertIn(self.manager, hazard.activity_ids.user_id)
