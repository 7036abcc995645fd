from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, tagged

from .common import AftersalesSafetyCommon


@tagged("post_install", "-at_install")
class TestLockout(AftersalesSafetyCommon):
    def setUp(self):
        super().setUp()
        self.visit = self._on_site_visit()
        self._passed_check(self.visit)

    def test_start_blocked_until_every_point_verified(self):
        self.visit.helper_ids = self.technician_2
        isolation = (
            self.env["aftersales.safety.isolation"]
            .with_user(self.technician)
            .create(
                {
                    "visit_id": self.visit.id,
                    "point_ids": [
                        Command.create({"equipment": "Isolator Q1"}),
                        Command.create(
                            {"equipment": "Accumulator", "energy_type": "hydraulic"}
                        ),
                    ],
                }
            )
        )
        q1, accumulator = isolation.point_ids
        with self.assertRefused(UserError, "fill in Isolating Device"):
            q1.with_user(self.technician).action_apply()
        q1.write(
            {
                "isolating_device": "Rotary isolator",
                "lock_number": "L1",
                "tag_number": "T1",
            }
        )
        q1.with_user(self.technician).action_apply()
        self.assertEqual(q1.applied_uid, self.technician)
        with self.assertRefused(UserError, "cannot change"):
            q1.write({"lock_number": "L9"})
        self.assertEqual(q1.lock_number, "L1")
        with self.assertRefused(UserError, "Isolator Q1 is not verified dead"):
            self.visit.with_user(self.technician).action_start_work()
        with self.assertRefused(UserError, "Stored Energy Released"):
            q1.with_user(self.technician).action_verify()
        q1.write(
            {
                "stored_energy_released": True,
                "verification_method": "Voltage test",
                "tester": "Fluke #12",
            }
        )
        q1.with_user(self.technician).action_verify()
        with self.assertRefused(UserError, "Accumulator is not locked and tagged"):
            self.visit.with_user(self.technician).action_start_work()
        accumulator.write(
            {
                "isolating_device": "Ball valve V3",
                "lock_number": "L2",
                "tag_number": "T2",
                "stored_energy_released": True,
                "verification_method": "Gauge reads 0 bar",
                "tester": "Gauge G-4",
            }
        )
        accumulator.with_user(self.technician_2).action_apply()
        accumulator.with_user(self.technician).action_verify()
        self.assertEqual(isolation.state, "verified")
        self.visit.with_user(self.technician).action_start_work()
        self.assertTrue(self.visit.work_started_at)

    def test_close_needs_release_by_the_applier_or_forced_removal(self):
        self.visit.helper_ids = self.technician_2
        isolation = self._isolated(self.visit)
        point = isolation.point_ids
        lock = self.env["aftersales.safety.isolation.lock"].create(
            {
                "isolation_id": isolation.id,
                "user_id": self.technician_2.id,
                "lock_number": "P-22",
            }
        )
        with self.assertRefused(UserError, "Tech Wu has not applied"):
            self.visit.with_user(self.technician).action_start_work()
        with self.assertRefused(UserError, "belongs to Tech Wu"):
            lock.with_user(self.technician).action_apply()
        lock.with_user(self.technician_2).action_apply()
        self.visit.with_user(self.technician).action_start_work()
        self.visit.write({"work_done": "<p>Done.</p>", "test_result": "passed"})
        with self.assertRefused(UserError, "the lock on Main isolator Q1 is still on"):
            self.visit.with_user(self.technician).action_done()
        self.assertEqual(self.visit.state, "on_site")
        # someone else may not remove it
        with self.assertRefused(UserError, "Only Tech Li, who applied the lock"):
            point.with_user(self.technician_2).action_release()
        self.assertFalse(point.removed_at)
        point.with_user(self.technician).action_release()
        # Tech Wu left the site with his personal lock on: forced removal
        with self.assertRefused(UserError, "personal lock is still on"):
            self.visit.with_user(self.technician).action_done()
        with self.assertRefused(UserError, "belongs to Tech Wu"):
            lock.with_user(self.technician).action_release()
        action = lock.with_user(self.technician).action_forced_removal()
        wizard_model = self.env[action["res_model"]].with_context(**action["context"])
        with self.assertRefused(AccessError, "Only an after-sales manager"):
            wizard_model.with_user(self.dispatcher).create(
                {"attempts": "Called", "reason": "Left"}
            ).action_confirm()
        form = Form(wizard_model.with_user(self.manager))
        self.assertEqual(form.owner_id, self.technician_2)
        form.attempts = "09:40 called his mobile twice; 09:50 searched the plant room."
        form.reason = (
            "Crew has left; the unit must run tonight. Cabinet checked closed."
        )
        form.save().action_confirm()
        self.assertTrue(lock.forced)
        self.assertEqual(lock.forced_approved_uid, self.manager)
        self.assertIn("called his mobile", lock.forced_attempts)
        self.assertIn("removed by force", isolation.message_ids[0].body)
        self.visit.with_user(self.technician).action_done()
        self.assertEqual(self.visit.state, "done")
        self.assertEqual(isolation.state, "released")
        with self.assertRefused(UserError, "signed by its primary authorised"):
            isolation.with_user(self.technician_2).action_sign()
        isolation.with_user(self.technician).action_sign()
        self.assertTrue(isolation.chain_hash)
        with self.assertRefused(UserError, "is locked"):
            point.with_user(self.technician).write({"tag_number": "T-99"})
