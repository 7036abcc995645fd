from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common import PNG, AftersalesSafetyCommon


@tagged("post_install", "-at_install")
class TestSafetyChecks(AftersalesSafetyCommon):
    def test_start_blocked_by_failed_blocking_item_raises_stop_work(self):
        visit = self._on_site_visit()
        with self.assertRefused(UserError, "Electrical pre-job check is not done"):
            visit.with_user(self.technician).action_start_work()
        check = self._open_checks(visit)
        self.assertEqual(check.template_id, self.pre_template)
        self.assertEqual(len(check.line_ids), 3)
        self._answer(check, Isolator={"answer": "fail"})
        self.assertEqual(check.result, "blocked")
        check.with_user(self.technician).action_sign()
        stop = visit.aftersales_stop_work_ids
        self.assertEqual(len(stop), 1)
        self.assertEqual(stop.check_id, check)
        self.assertIn("Isolator locked and tagged", stop.reason)
        self.assertTrue(
            stop.activity_ids.filtered(lambda a: a.user_id == self.officer),
            "the safety officer gets the stop-work record",
        )
        with self.assertRefused(UserError, "failed on a blocking item"):
            visit.with_user(self.technician).action_start_work()
        self.assertFalse(visit.work_started_at)
        # fixed: a new check that points to the failed one
        action = check.with_user(self.technician).action_correct()
        recheck = self.env["aftersales.safety.check"].browse(action["res_id"])
        self.assertEqual(recheck.correction_of_id, check)
        self._answer(recheck)
        recheck.with_user(self.technician).action_sign()
        self.assertEqual(recheck.result, "passed")
        # still stopped until the officer resolves, and lockout/tagout missing
        with self.assertRefused(UserError, "open stop-work record"):
            visit.with_user(self.technician).action_start_work()
        with self.assertRefused(AccessError, "Only a safety officer"):
            stop.with_user(self.technician).action_resolve()
        stop.with_user(self.officer).resolution = "Isolator replaced and locked."
        stop.with_user(self.officer).action_resolve()
        self.assertEqual(stop.state, "resolved")
        with self.assertRefused(UserError, "needs lockout/tagout"):
            visit.with_user(self.technician).action_start_work()
        self._isolated(visit)
        visit.with_user(self.technician).action_start_work()
        self.assertTrue(visit.work_started_at)

    def test_number_out_of_range_fails_and_photo_on_fail(self):
        visit = self._on_site_visit()
        check = self._open_checks(visit)
        self._answer(check, Voltage={"value_number": 230}, Cabinet={"answer": "no"})
        failed = check.line_ids.filtered("is_failed")
        self.assertEqual(
            failed.mapped("question"), ["Voltage at work point", "Cabinet tidy"]
        )
        with self.assertRefused(UserError, "take the photo"):
            check.with_user(self.technician).action_sign()
        self.assertFalse(check.signed_at)
        failed[1].with_user(self.technician).photo = PNG
        check.with_user(self.technician).action_sign()
        self.assertEqual(check.result, "blocked")

    def test_mandatory_items_and_signer(self):
        visit = self._on_site_visit()
        check = self._open_checks(visit)
        with self.assertRefused(UserError, "answer every mandatory item"):
            check.with_user(self.technician).action_sign()
        self._answer(check)
        with self.assertRefused(UserError, "signed by a technician of visit"):
            check.with_user(self.officer).action_sign()
        check.with_user(self.technician).action_sign()
        self.assertEqual(check.signed_uid, self.technician)
        self.assertEqual(check.sign_meaning, "performed")
        self.assertIn("Test electrician", check.signer_certificates)
        self.assertIn("valid on", check.signer_certificates)

    def test_stop_work_always_allowed_with_reason(self):
        visit = self._on_site_visit()
        StopWork = self.env["aftersales.safety.stop.work"].with_user(self.technician)
        with self.assertRefused(UserError, "needs a reason"):
            StopWork.create({"visit_id": visit.id, "reason": "  "})
        stop = StopWork.create(
            {"visit_id": visit.id, "reason": "Smell of gas near the cabinet."}
        )
        self.assertEqual(stop.user_id, self.technician)
        self.assertIn("work was stopped", visit.aftersales_safety_blockers)
        with self.assertRefused(UserError, "evidence"):
            stop.sudo().unlink()

    def test_published_template_is_versioned(self):
        with self.assertRefused(UserError, "is published and cannot be changed"):
            self.pre_template.item_ids[0].question = "Changed"
        visit = self._on_site_visit()
        old_check = self._open_checks(visit)
        action = self.pre_template.with_user(self.officer).action_new_version()
        v2 = self.env["aftersales.safety.checklist.template"].browse(action["res_id"])
        self.assertEqual(v2.version, 2)
        self.assertEqual(v2.origin_id, self.pre_template)
        v2.item_ids[0].question = "Isolator locked, tagged and key kept"
        v2.action_publish()
        self.assertEqual(self.pre_template.state, "obsolete")
        # the old check keeps its copied question; new checks use version 2
        self.assertEqual(old_check.line_ids[0].question, "Isolator locked and tagged")
        self.assertEqual(self.pre_template._aftersales_latest(), v2)
        other = self._on_site_visit(self._ticket())
        new_check = self._open_checks(other)
        self.assertEqual(new_check.template_id, v2)
        self.assertEqual(
            new_check.line_ids[0].question, "Isolator locked, tagged and key kept"
        )
        # a check of version 1 still satisfies the checklist (same family)
        self._answer(old_check)
        old_check.with_user(self.technician).action_sign()
        self._isolated(visit)
        visit.with_user(self.technician).action_start_work()

    def test_post_job_check_required_before_signing(self):
        visit = self._on_site_visit()
        self._passed_check(visit)
        isolation = self._isolated(visit)
        visit.with_user(self.technician).action_start_work()
        isolation.point_ids.with_user(self.technician).action_release()
        visit.write(
            {"work_done": "<p>Contactor replaced.</p>", "test_result": "passed"}
        )
        visit.with_user(self.technician).action_done()
        with self.assertRefused(UserError, "post-job check Electrical post-job"):
            visit.with_user(self.technician).action_open_sign()
        post = self._open_checks(visit, "post")
        self._answer(post, Guards={"answer": "fail"})
        post.with_user(self.technician).action_sign()
        with self.assertRefused(UserError, "make the site safe"):
            visit.with_user(self.technician).action_open_sign()
        action = post.with_user(self.technician).action_correct()
        recheck = self.env["aftersales.safety.check"].browse(action["res_id"])
        self._answer(recheck)
        recheck.with_user(self.technician).action_sign()
        visit.with_user(self.technician).action_open_sign()
        visit.with_user(self.technician)._aftersales_sign_customer("Mr Zhou", PNG)
        self.assertTrue(visit.signed_at)

    def test_service_report_prints_checks_and_isolation(self):
        visit = self._on_site_visit()
        check = self._passed_check(visit)
        self._isolated(visit)
        html = str(
            self.env["ir.actions.report"]._render_qweb_html(
                "aftersales_service.report_service_visit", visit.ids
            )[0]
        )
        self.assertIn("Isolator locked and tagged", html)
        self.assertIn("Main isolator Q1", html)
        self.assertIn(check.chain_hash, html)
