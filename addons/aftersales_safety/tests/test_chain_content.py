from unittest.mock import patch

from odoo import Command, fields
from odoo.tests import tagged

from odoo.addons.aftersales_service.rules import chain

from .common import AftersalesSafetyCommon

COMMIT = "odoo.addons.base.models.ir_cron.IrCron._commit_progress"


@tagged("post_install", "-at_install")
class TestChainContent(AftersalesSafetyCommon):
    """The content a check and an inspection are hashed on, written out key by
    key: records signed before must verify after any refactoring, so these
    keys and values never change for chain format 2."""

    def _header(self, record):
        return {
            "model": record._name,
            "id": record.id,
            "signed_at": fields.Datetime.to_string(record.signed_at),
            "signed_uid": record.signed_uid.id,
            "sign_meaning": record.sign_meaning,
            "signer_certificates": record.signer_certificates or "",
            "format": 2,
            "company": record.company_id.id,
            "correction_of": record.correction_of_id.id,
            "files": record.aftersales_file_checksums or "",
        }

    def _assert_hashed_on(self, record, expected):
        self.assertEqual(record.chain_format, 2)
        content = chain.canonical(expected)
        self.assertEqual(chain.canonical(record._aftersales_chain_content()), content)
        self.assertEqual(
            chain.link_hash(record.chain_previous_hash, content), record.chain_hash
        )

    def test_check_content(self):
        check = self._passed_check(self._on_site_visit())
        self._assert_hashed_on(
            check,
            {
                **self._header(check),
                "visit": check.visit_id.name,
                "template": check.template_id.id,
                "version": check.template_id.version,
                "kind": check.kind,
                "result": "passed",
                "correction_of": False,
                "note": "",
                "lines": [line._aftersales_chain_content() for line in check.line_ids],
            },
        )

    def test_inspection_content(self):
        template = self.env["aftersales.safety.checklist.template"].create(
            {
                "name": "Van first aid",
                "kind": "first_aid",
                "item_ids": [
                    Command.create(
                        {"question": "Kit complete", "answer_type": "yes_no"}
                    )
                ],
            }
        )
        template.action_publish()
        plan = (
            self.env["aftersales.safety.inspection.plan"]
            .with_user(self.officer)
            .create(
                {
                    "name": "Van 1 first aid",
                    "template_id": template.id,
                    "user_id": self.technician.id,
                    "place": "Van 1",
                    "interval": 1,
                    "interval_unit": "months",
                    "next_due": fields.Date.context_today(template),
                }
            )
        )
        with patch(COMMIT, return_value=1.0):
            plan._cron_aftersales_inspections()
        inspection = plan.inspection_ids.sorted("due_date")[:1]
        inspection.line_ids.with_user(self.technician).write({"answer": "yes"})
        inspection.with_user(self.technician).write({"note": "Kit restocked"})
        inspection.with_user(self.technician).action_sign()
        self._assert_hashed_on(
            inspection,
            {
                **self._header(inspection),
                "plan": plan.id,
                "template": template.id,
                "version": template.version,
                "kind": "first_aid",
                "inspector": self.technician.id,
                "place": "Van 1",
                "due": fields.Date.to_string(inspection.due_date),
                "result": "passed",
                "note": "Kit restocked",
                "correction_of": False,
                "lines": [
                    line._aftersales_chain_content() for line in inspection.line_ids
                ],
            },
        )
