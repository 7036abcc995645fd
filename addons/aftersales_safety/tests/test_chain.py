from odoo import Command
from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import PNG, AftersalesSafetyCommon


@tagged("post_install", "-at_install")
class TestTamperEvidence(AftersalesSafetyCommon):
    def _verify(self):
        wizard = self.env["aftersales.signed.verify"].create({})
        wizard.action_verify()
        return wizard

    def test_signed_records_refuse_write_and_unlink_even_for_admin(self):
        visit = self._on_site_visit()
        check = self._passed_check(visit)
        line = check.line_ids[0]
        env = self.env  # the superuser
        self.assertTrue(env.su)
        with self.assertRefused(UserError, "is locked"):
            check.write({"note": "edited later"})
        with self.assertRefused(UserError, "is locked"):
            check.with_user(self.env.ref("base.user_admin")).write({"note": "x"})
        with self.assertRefused(UserError, "is locked"):
            line.write({"answer": "fail"})
        with self.assertRefused(UserError, "is locked"):
            check.unlink()
        with self.assertRefused(UserError, "is locked"):
            line.unlink()
        with self.assertRefused(UserError, "is locked"):
            env["aftersales.safety.check.line"].create(
                {
                    "check_id": check.id,
                    "question": "Added later",
                    "answer_type": "text",
                }
            )
        with self.assertRefused(UserError, "is locked"):
            self.training.write({"hours": 8})
        with self.assertRefused(UserError, "is locked"):
            self.training.attendee_ids[0].write({"result": "failed"})
        self.assertEqual(check.line_ids[0].answer, "pass")
        self.assertEqual(self.training.hours, 4)

    def test_attachments_of_signed_records_cannot_be_removed(self):
        visit = self._on_site_visit()
        check = self._open_checks(visit)
        self._answer(check)
        cabinet = check.line_ids.filtered(lambda line: line.answer_type == "yes_no")
        cabinet.photo = PNG
        attachment = self.env["ir.attachment"].create(
            {
                "name": "site.png",
                "datas": PNG,
                "res_model": check._name,
                "res_id": check.id,
            }
        )
        check.with_user(self.technician).action_sign()
        with self.assertRefused(UserError, "is locked"):
            attachment.unlink()
        with self.assertRefused(UserError, "is locked"):
            attachment.write({"res_id": visit.id})
        photo = self.env["ir.attachment"].search(
            [
                ("res_model", "=", cabinet._name),
                ("res_id", "=", cabinet.id),
                ("res_field", "=", "photo"),
            ]
        )
        self.assertTrue(photo)
        with self.assertRefused(UserError, "is locked"):
            photo.unlink()
        self.assertTrue(attachment.exists() and photo.exists())

    def test_hash_chain_verified_then_broken_by_sql_and_detected(self):
        visit = self._on_site_visit()
        first = self._passed_check(visit)
        isolation = self._isolated(visit)
        visit.with_user(self.technician).action_start_work()
        isolation.point_ids.with_user(self.technician).action_release()
        isolation.with_user(self.technician).action_sign()
        second = self._passed_check(self._on_site_visit(self._ticket()))
        self.assertEqual(second.chain_sequence, first.chain_sequence + 1)
        self.assertEqual(second.chain_previous_hash, first.chain_hash)
        self.assertEqual(len(first.chain_hash), 64)
        wizard = self._verify()
        self.assertTrue(wizard.intact, wizard.result)
        self.assertIn("chain intact", wizard.result)
        # Someone with database access rewrites an answer of the first check.
        self.env.cr.execute(
            "UPDATE aftersales_safety_check_line SET answer = 'fail' WHERE id = %s",
            [first.line_ids[0].id],
        )
        wizard = self._verify()
        self.assertFalse(wizard.intact)
        self.assertIn(f"- {first.display_name} (id {first.id}", wizard.result)
        self.assertIn("content changed after it was signed", wizard.result)
        # the isolation and training chains are still intact
        self.assertIn("Lockout/Tagout Record", wizard.result)
        self.assertEqual(wizard.result.count("BROKEN"), 1)

    def test_deleted_record_breaks_the_link(self):
        first = self._passed_check(self._on_site_visit())
        second = self._passed_check(self._on_site_visit(self._ticket()))
        third = self._passed_check(self._on_site_visit(self._ticket()))
        self.env.cr.execute(
            "DELETE FROM aftersales_safety_check_line WHERE check_id = %s", [second.id]
        )
        self.env.cr.execute(
            "DELETE FROM aftersales_safety_check WHERE id = %s", [second.id]
        )
        self.env.invalidate_all()
        wizard = self._verify()
        self.assertIn(f"(id {third.id}", wizard.result)
        self.assertIn("link to the previous record does not match", wizard.result)
        self.assertTrue(first.exists())

    def test_correction_is_a_new_record(self):
        correction_action = self.training.action_correct()
        correction = self.env["aftersales.safety.training"].browse(
            correction_action["res_id"]
        )
        self.assertEqual(correction.correction_of_id, self.training)
        self.assertFalse(correction.signed_at)
        correction.write(
            {
                "hours": 3.5,
                "attendee_ids": [
                    Command.update(correction.attendee_ids[0].id, {"result": "failed"})
                ],
            }
        )
        correction.action_sign()
        self.assertEqual(self.training.hours, 4)
