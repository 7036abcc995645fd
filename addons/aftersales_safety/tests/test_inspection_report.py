from odoo import Command, fields
from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import PNG, AftersalesSafetyCommon


@tagged("post_install", "-at_install")
class TestInspectionSignedReport(AftersalesSafetyCommon):
    """A signed inspection keeps its record (安全检查记录) as a PDF rendered at
    signing: one, locked as evidence, served as stored when printed."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        template = cls.env["aftersales.safety.checklist.template"].create(
            {
                "name": "PPE stock",
                "kind": "ppe",
                "item_ids": [
                    Command.create(
                        {
                            "sequence": 1,
                            "question": "Helmets in stock",
                            "answer_type": "pass_fail",
                        }
                    ),
                    Command.create(
                        {
                            "sequence": 2,
                            "question": "Insulating gloves in stock",
                            "answer_type": "pass_fail",
                            "photo_policy": "on_fail",
                        }
                    ),
                ],
            }
        )
        template.action_publish()
        cls.plan = (
            cls.env["aftersales.safety.inspection.plan"]
            .with_user(cls.officer)
            .create(
                {
                    "name": "Store 2 PPE",
                    "template_id": template.id,
                    "user_id": cls.technician.id,
                    "place": "Store 2",
                    "next_due": fields.Date.context_today(cls.env["res.users"]),
                }
            )
        )

    def _pdfs(self, inspection):
        return self.env["ir.attachment"].search(
            [
                ("res_model", "=", inspection._name),
                ("res_id", "=", inspection.id),
                ("mimetype", "=", "application/pdf"),
            ]
        )

    def test_signing_stores_one_locked_record(self):
        self.plan.with_user(self.officer).action_inspect_now()
        inspection = self.env["aftersales.safety.inspection"].search(
            [("plan_id", "=", self.plan.id)]
        )
        helmets, gloves = inspection.line_ids
        helmets.with_user(self.technician).write({"answer": "pass"})
        gloves.with_user(self.technician).write(
            {"answer": "fail", "comment": "Two pairs left", "photo": PNG}
        )
        self.assertFalse(self._pdfs(inspection))
        inspection.with_user(self.technician).action_sign()
        report = self._pdfs(inspection)
        self.assertEqual(len(report), 1)
        self.assertEqual(report, inspection.signed_report_id)
        self.assertTrue(report.aftersales_evidence)
        # Tests render reports as HTML instead of PDF (Odoo's test mode).
        raw = report.raw
        for text in (
            inspection.name,
            "Store 2",
            "Helmets in stock",
            "Two pairs left",
            self.technician.name,
            inspection.chain_hash,
        ):
            self.assertIn(text.encode(), raw, text)
        # Nobody changes or removes it: the inspector, the safety officer,
        # not even the superuser.
        for env in (
            self.env(user=self.technician),
            self.env(user=self.officer),
            self.env(su=True),
        ):
            with self.assertRefused(UserError, "is locked"):
                report.with_env(env).unlink()
            with self.assertRefused(UserError, "is locked"):
                report.with_env(env).write({"raw": b"%PDF forged"})
            with self.assertRefused(UserError, "is locked"):
                report.with_env(env).write({"res_id": self.plan.id})
        report.invalidate_recordset()
        self.assertEqual(report.raw, raw)
        self.assertEqual(report.res_id, inspection.id)
        # Printing from the form serves the stored record, adds no copy;
        # the hourly retry has nothing to do.
        action = self.env.ref("aftersales_safety.action_report_safety_inspection")
        content, _type = action.with_context(
            force_report_rendering=True
        )._render_qweb_pdf(action.report_name, inspection.ids)
        self.assertEqual(content, raw)
        self.env["aftersales.signed.mixin"]._cron_aftersales_store_signed_reports()
        self.assertEqual(self._pdfs(inspection), report)
