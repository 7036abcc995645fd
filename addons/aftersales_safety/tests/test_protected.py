from odoo import Command, fields
from odoo.exceptions import UserError
from odoo.tests import tagged

from odoo.addons.aftersales_service.tests.test_protected import ANY_CONTEXT

from .common import AftersalesSafetyCommon


@tagged("post_install", "-at_install")
class TestSafetyRulesInTheModel(AftersalesSafetyCommon):
    """The safety rules tried by a technician (and by admin where the record
    is signed) through create/write/unlink with any context: refused, and
    nothing changed."""

    def _as(self, record, user=None):
        return record.with_user(user or self.technician).with_context(**ANY_CONTEXT)

    def test_a_check_is_signed_only_by_signing_it(self):
        visit = self._on_site_visit()
        check = self._open_checks(visit)
        now = fields.Datetime.now()
        for vals in (
            {"signed_at": now, "signed_uid": self.technician.id},
            {"chain_hash": "0" * 64, "chain_sequence": 99},
            {"sign_meaning": "verified"},
            {"visit_id": self._on_site_visit(self._ticket()).id},
            {"template_id": self.post_template.id},
        ):
            with self.assertRefused(UserError, "cannot be set directly"):
                self._as(check).write(vals)
        with self.assertRefused(UserError, "cannot be set directly"):
            self._as(self.env["aftersales.safety.check"]).create(
                {
                    "visit_id": visit.id,
                    "kind": "pre",
                    "template_id": self.pre_template.id,
                    "signed_at": now,
                }
            )
        check.invalidate_recordset()
        self.assertFalse(check.signed_at or check.chain_hash)
        with self.assertRefused(UserError, "pre-job check is not signed"):
            visit.with_user(self.technician).action_start_work()

    def test_copied_rules_of_an_open_check_cannot_be_rewritten(self):
        check = self._open_checks(self._on_site_visit())
        blocking = check.line_ids.filtered("blocking")[:1]
        self.assertTrue(blocking)
        for vals in (
            {"blocking": False},
            {"mandatory": False},
            {"min_value": -1000},
            {"question": "Anything"},
            {"expected_answer": "no"},
            {"photo_policy": "never"},
        ):
            with self.assertRefused(UserError, "cannot be set directly"):
                self._as(blocking).write(vals)
        with self.assertRefused(UserError, "cannot be set directly"):
            self._as(self.env["aftersales.safety.check.line"]).create(
                {
                    "check_id": check.id,
                    "question": "Easy question",
                    "answer_type": "text",
                }
            )
        self.assertTrue(blocking.blocking)

    def test_stop_work_resolved_by_the_safety_officer_only(self):
        visit = self._on_site_visit()
        stop = self._as(self.env["aftersales.safety.stop.work"]).create(
            {"visit_id": visit.id, "reason": "Gas smell in the plant room"}
        )
        for vals in (
            {"state": "resolved"},
            {"resolved_uid": self.technician.id},
            {"resolved_at": fields.Datetime.now()},
        ):
            with self.assertRefused(UserError, "cannot be set directly"):
                self._as(stop).write(vals)
        with self.assertRefused(UserError, "cannot be set directly"):
            self._as(self.env["aftersales.safety.stop.work"]).create(
                {"visit_id": visit.id, "reason": "x", "state": "resolved"}
            )
        stop.resolution = "Ventilated, gas detector reads zero"
        with self.assertRefused(UserError, "Only a safety officer"):
            self._as(stop).action_resolve()
        self.assertEqual(stop.state, "open")
        stop.with_user(self.officer).action_resolve()
        self.assertEqual(stop.state, "resolved")

    def test_locks_are_removed_by_their_owner_and_never_deleted(self):
        visit = self._on_site_visit()
        self._passed_check(visit)
        visit.helper_ids = self.technician_2
        isolation = self._isolated(visit)
        point = isolation.point_ids
        self.assertTrue(point.applied_at)
        colleague = self._as(point, self.technician_2)
        for vals in (
            {"removed_uid": self.technician_2.id},
            {"removed_at": fields.Datetime.now()},
            {"forced": True, "forced_reason": "gone home"},
            {"applied_uid": self.technician_2.id},
        ):
            with self.assertRefused(UserError, "cannot be set directly"):
                colleague.write(vals)
        with self.assertRefused(UserError, "Only Tech Li"):
            colleague.action_release()
        with self.assertRefused(UserError, "cannot be deleted"):
            self._as(point).unlink()
        lock = self._as(self.env["aftersales.safety.isolation.lock"], self.technician_2)
        lock = lock.create(
            {
                "isolation_id": isolation.id,
                "user_id": self.technician_2.id,
                "lock_number": "P-2",
            }
        )
        lock.action_apply()
        with self.assertRefused(UserError, "belongs to Tech Wu"):
            self._as(lock).action_release()
        with self.assertRefused(UserError, "cannot be set directly"):
            self._as(lock).write({"removed_at": fields.Datetime.now()})
        with self.assertRefused(UserError, "cannot change"):
            self._as(lock, self.technician_2).write({"user_id": self.technician.id})
        with self.assertRefused(UserError, "cannot be deleted"):
            self._as(lock, self.technician_2).unlink()
        self.assertFalse(point.removed_at or lock.removed_at)
        self.assertTrue(point.exists() and lock.exists())

    def test_a_published_checklist_is_never_reopened(self):
        template = self.pre_template
        self.assertEqual(template.state, "published")
        manager = self.env(user=self.manager)
        with self.assertRefused(UserError, "cannot be set directly"):
            template.with_env(manager).with_context(**ANY_CONTEXT).write(
                {"state": "draft"}
            )
        for vals in ({"version": 7}, {"origin_id": False}):
            with self.assertRefused(UserError, "published and cannot be changed"):
                template.with_env(manager).with_context(**ANY_CONTEXT).write(vals)
        with self.assertRefused(UserError, "cannot be set directly"):
            self.env["aftersales.safety.checklist.template"].create(
                {
                    "name": "Pre-published",
                    "kind": "pre",
                    "state": "published",
                    "item_ids": [Command.create({"question": "Q?"})],
                }
            )
        self.assertEqual(template.state, "published")

    def test_dispatch_override_is_recorded_only_by_the_wizard(self):
        visit = self._on_site_visit()
        for vals in (
            {"aftersales_safety_override_reason": "I am sure"},
            {"aftersales_safety_override_uid": self.officer.id},
        ):
            with self.assertRefused(UserError, "cannot be set directly"):
                self._as(visit, self.dispatcher).write(vals)
        self.assertFalse(visit.aftersales_safety_override_uid)
