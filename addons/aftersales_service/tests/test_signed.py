import base64
import sys
import threading
import time
import traceback
from datetime import timedelta
from unittest.mock import patch

from psycopg2.errors import SerializationFailure

import odoo
from odoo import api, fields
from odoo.exceptions import AccessError, ConcurrencyError, UserError
from odoo.tests import TransactionCase, tagged

from .common import AftersalesDispatchCommon
from .test_visit import SIGNATURE

OTHER_SIGNATURE = base64.b64encode(b"not the customer's signature")


@tagged("post_install", "-at_install")
class TestSignedVisit(AftersalesDispatchCommon):
    """The customer's signature on the service report is evidence: frozen,
    stored, chained and verified."""

    def _signed_visit(self, **ticket_vals):
        ticket_vals.setdefault(
            "aftersales_failure_date", fields.Date.today() - timedelta(days=2)
        )
        ticket = self._ticket(**ticket_vals)
        visit = self._visit(ticket, start=fields.Datetime.now() - timedelta(hours=2))
        mine = visit.with_user(self.technician)
        mine.action_check_in()
        mine.write({"work_done": "<p>Replaced the fan capacitor.</p>"})
        mine.write({"test_result": "passed"})
        mine.action_done()
        mine._aftersales_sign_customer("Mr Zhou", SIGNATURE)
        return visit

    def _verify(self, user=None):
        Wizard = self.env["aftersales.signed.verify"]
        if user:
            Wizard = Wizard.with_user(user)
        wizard = Wizard.create({})
        wizard.action_verify()
        return wizard

    def test_signature_attachment_is_evidence(self):
        visit = self._signed_visit()
        Attachment = self.env["ir.attachment"]
        image = Attachment.search(
            [
                ("res_model", "=", visit._name),
                ("res_id", "=", visit.id),
                ("res_field", "=", "signature"),
            ]
        )
        self.assertEqual(len(image), 1)
        checksum = image.checksum
        for env in (self.env(su=True), self.env(user=self.manager)):
            attachment = image.with_env(env)
            with self.assertRefused(UserError, "is locked"):
                attachment.write({"datas": OTHER_SIGNATURE})
            with self.assertRefused(UserError, "is locked"):
                attachment.write({"res_id": self._ticket().id})
            with self.assertRefused(UserError, "is locked"):
                attachment.unlink()
        with self.assertRefused(UserError, "is locked"):
            Attachment.create(
                {
                    "name": "signature",
                    "datas": OTHER_SIGNATURE,
                    "res_model": visit._name,
                    "res_id": visit.id,
                    "res_field": "signature",
                }
            )
        image.invalidate_recordset()
        self.assertEqual(image.checksum, checksum)
        self.assertEqual(visit.signature, SIGNATURE)

    def test_signed_report_stored_once_locked_and_served_as_stored(self):
        visit = self._signed_visit()
        report = visit.signed_report_id
        self.assertTrue(report.aftersales_evidence)
        self.assertEqual(report.mimetype, "application/pdf")
        # Tests render reports as HTML instead of PDF (Odoo's test mode).
        raw = report.raw
        self.assertIn(visit.name.encode(), raw)
        for env in (self.env(su=True), self.env(user=self.manager)):
            with self.assertRefused(UserError, "is locked"):
                report.with_env(env).unlink()
            with self.assertRefused(UserError, "is locked"):
                report.with_env(env).write({"raw": b"%PDF forged"})
            with self.assertRefused(UserError, "is locked"):
                report.with_env(env).write({"res_model": "helpdesk.ticket"})
        # Reprinting serves the stored document, not today's data.
        action = self.env.ref("aftersales_service.action_report_service_visit")
        content, _type = action.with_context(
            force_report_rendering=True
        )._render_qweb_pdf(action.report_name, visit.ids)
        self.assertEqual(content, raw)
        # Nobody uploads or marks evidence by hand.
        with self.assertRefused(UserError, "cannot be uploaded"):
            self.env["ir.attachment"].create(
                {"name": "fake.pdf", "raw": b"%PDF", "aftersales_evidence": True}
            )
        other = self.env["ir.attachment"].create({"name": "n.txt", "raw": b"x"})
        with self.assertRefused(UserError, "marked or unmarked"):
            other.write({"aftersales_evidence": True})
        # The customer received it on the ticket.
        message = visit.ticket_id.message_ids.filtered(
            lambda m: report in m.attachment_ids
        )
        self.assertIn(self.customer, message.partner_ids)

    def test_ticket_changes_do_not_change_what_was_signed(self):
        visit = self._signed_visit()
        ticket = visit.ticket_id
        open_visit = self._visit(
            ticket, start=fields.Datetime.now() + timedelta(days=1)
        )
        other_lot = self._lot("AC-0999", customer=self.other_customer)
        ticket.with_user(self.manager).write(
            {"partner_id": self.other_customer.id, "aftersales_lot_id": other_lot.id}
        )
        self.env.flush_all()
        visit.invalidate_recordset()
        self.assertEqual(visit.partner_id, self.customer)
        self.assertEqual(visit.lot_id, self.lot)
        self.assertEqual(open_visit.partner_id, self.other_customer)
        self.assertEqual(open_visit.lot_id, other_lot)
        self.assertTrue(self._verify().intact)

    def test_visits_are_chained_and_a_changed_one_is_found_exactly(self):
        first = self._signed_visit()
        second = self._signed_visit(name="Second job")
        third = self._signed_visit(name="Third job")
        self.assertEqual(second.chain_sequence, first.chain_sequence + 1)
        self.assertEqual(second.chain_previous_hash, first.chain_hash)
        self.assertEqual(third.chain_previous_hash, second.chain_hash)
        self.assertEqual(len(first.chain_hash), 64)
        wizard = self._verify(self.manager)
        self.assertTrue(wizard.intact, wizard.result)
        # Someone with database access rewrites the work done of the second.
        self.env.cr.execute(
            "UPDATE aftersales_visit SET work_done = '<p>Nothing</p>' WHERE id = %s",
            [second.id],
        )
        self.env.invalidate_all()
        wizard = self._verify(self.manager)
        self.assertFalse(wizard.intact)
        self.assertIn(f"(id {second.id}, chain position", wizard.result)
        self.assertNotIn(f"(id {first.id}, chain position", wizard.result)
        self.assertNotIn(f"(id {third.id}, chain position", wizard.result)
        self.assertIn("content changed after it was signed", wizard.result)
        # The daily job gives the managers a to-do on the altered record.
        logger = "odoo.addons.aftersales_service.wizards.aftersales_signed_verify"
        with self.assertLogs(logger, level="WARNING"):
            self.env["aftersales.signed.verify"]._cron_aftersales_verify()
        self.assertIn(self.manager, second.activity_ids.user_id)

    def test_verification_is_limited_to_the_users_companies(self):
        visit = self._signed_visit()
        other_company = self.env["res.company"].create({"name": "Other Co"})
        Wizard = self.env["aftersales.signed.verify"].with_user(self.manager)
        with self.assertRaises(AccessError):
            Wizard.create({"company_ids": [(6, 0, other_company.ids)]})
        wizard = Wizard.create({})
        self.assertEqual(wizard.company_ids, self.company)
        wizard.action_verify()
        self.assertNotIn("Other Co", wizard.result)
        self.assertIn(visit.company_id.name, wizard.result)

    def test_technician_cannot_forge_a_signature_or_a_state(self):
        ticket = self._ticket()
        visit = self._visit(ticket, start=fields.Datetime.now() - timedelta(hours=1))
        mine = visit.with_user(self.technician).with_context(
            aftersales_reschedule=True, aftersales_safety_override=True
        )
        forged = [
            {"signed_at": fields.Datetime.now(), "signature": SIGNATURE},
            {"signed_by": "Mr Zhou"},
            {"state": "done"},
            {"work_started_at": fields.Datetime.now()},
            {"check_in_at": fields.Datetime.now()},
            {"chain_hash": "0" * 64, "chain_sequence": 1},
            {"correction_of_id": visit.id},
            {"partner_id": self.other_customer.id},
            {"company_id": self.env["res.company"].create({"name": "Elsewhere"}).id},
            {"coverage": "free"},
        ]
        for vals in forged:
            with self.assertRefused(UserError, "cannot be set directly"):
                mine.write(vals)
        with self.assertRefused(UserError, "cannot be set directly"):
            self.env["aftersales.visit"].with_user(self.dispatcher).create(
                {
                    "ticket_id": ticket.id,
                    "user_id": self.technician.id,
                    "planned_start": fields.Datetime.now(),
                    "planned_end": fields.Datetime.now() + timedelta(hours=1),
                    "state": "done",
                }
            )
        visit.invalidate_recordset()
        self.assertEqual(visit.state, "planned")
        self.assertFalse(visit.signed_at or visit.signature or visit.work_started_at)
        self.assertFalse(visit.chain_hash)
        self.assertEqual(visit.partner_id, self.customer)
        self.assertEqual(visit.company_id, ticket.company_id)

    def test_dispatcher_cannot_bypass_dispatch_by_creating_the_visit(self):
        ticket = self._ticket()
        start = fields.Datetime.now() + timedelta(days=2)
        self._visit(ticket, start=start)
        count = self.env["aftersales.visit"].search_count([])
        with self.assertRefused(UserError, "Already on visit"):
            self.env["aftersales.visit"].with_user(self.dispatcher).with_context(
                aftersales_safety_override=True
            ).create(
                {
                    "ticket_id": self._ticket(name="Second").id,
                    "user_id": self.technician.id,
                    "planned_start": start,
                    "planned_end": start + timedelta(hours=1),
                }
            )
        self.assertEqual(self.env["aftersales.visit"].search_count([]), count)

    def test_chatter_of_a_signed_visit_keeps_working(self):
        visit = self._signed_visit()
        raw_email = (
            "From: Mr Zhou <zhou@example.com>\r\n"
            "To: service@example.com\r\n"
            "Subject: Thanks for the repair\r\n"
            "Message-ID: <signed-visit-reply@example.com>\r\n"
            "MIME-Version: 1.0\r\n"
            'Content-Type: multipart/mixed; boundary="XX"\r\n\r\n'
            "--XX\r\nContent-Type: text/plain\r\n\r\nAll good, photo attached.\r\n"
            "--XX\r\nContent-Type: image/png\r\n"
            'Content-Disposition: attachment; filename="after.png"\r\n'
            "Content-Transfer-Encoding: base64\r\n\r\n"
            f"{SIGNATURE.decode()}\r\n--XX--\r\n"
        )
        self.env["mail.thread"].message_process(
            visit._name, raw_email, thread_id=visit.id
        )
        message = visit.message_ids.filtered(lambda m: "All good" in (m.body or ""))
        self.assertTrue(message)
        self.assertEqual(message.attachment_ids.mapped("name"), ["after.png"])
        visit.message_post(body="Customer called to thank the technician.")
        visit.activity_schedule("mail.mail_activity_data_todo", user_id=self.manager.id)
        visit.message_subscribe(partner_ids=self.manager.partner_id.ids)
        # Not evidence: a chatter attachment may be removed.
        message.attachment_ids.unlink()
        self.assertTrue(self._verify().intact)

    def test_signing_survives_a_missing_pdf_engine(self):
        Report = self.env.registry["ir.actions.report"]

        def broken(*args, **kwargs):
            raise OSError("Wkhtmltopdf is not installed")

        logger = "odoo.addons.aftersales_service.models.aftersales_signed_mixin"
        with (
            patch.object(Report, "_render_qweb_pdf", broken),
            self.assertLogs(logger, level="WARNING") as logs,
        ):
            visit = self._signed_visit()
        self.assertIn("retried by the hourly job", logs.output[0])
        self.assertTrue(visit.signed_at and visit.chain_hash)
        self.assertFalse(visit.signed_report_id)
        self.env["aftersales.signed.mixin"]._cron_aftersales_store_signed_reports()
        self.assertTrue(visit.signed_report_id.aftersales_evidence)
        self.assertTrue(self._verify().intact)

    def test_correction_is_a_new_visit_pointing_to_the_signed_one(self):
        visit = self._signed_visit()
        action = visit.with_user(self.dispatcher).action_correct()
        correction = self.env["aftersales.visit"].browse(action["res_id"])
        self.assertEqual(correction.correction_of_id, visit)
        self.assertFalse(correction.signed_at)
        with self.assertRefused(UserError, "cannot be set directly"):
            correction.write({"correction_of_id": False})


@tagged("post_install", "-at_install")
class TestConcurrentSigning(TransactionCase):
    """Two technicians sign at the same moment, in two real transactions: the
    chain's head row is locked, not the table; the second waits, is retried
    as Odoo retries a request, and both are chained in order. The data is
    committed through a third connection and removed afterwards."""

    def _connection(self):
        cr = odoo.sql_db.db_connect(self.env.cr.dbname).cursor()
        cr.execute("SET lock_timeout = '20s'")
        return cr, api.Environment(cr, odoo.SUPERUSER_ID, {"tracking_disable": True})

    def _done_visit(self, env, partner, user, start):
        ticket = env["helpdesk.ticket"].create(
            {
                "name": "Signed at once",
                "description": "<p>x</p>",
                "partner_id": partner.id,
            }
        )
        visit = env["aftersales.visit"]._aftersales_create(
            [
                {
                    "ticket_id": ticket.id,
                    "user_id": user.id,
                    "planned_start": start,
                    "planned_end": start + timedelta(hours=1),
                    "work_done": "<p>Done</p>",
                    "test_result": "passed",
                    "state": "done",
                }
            ]
        )
        return visit

    def test_two_signers_at_once_are_chained_in_order(self):
        cr0, env0 = self._connection()
        partner = env0["res.partner"].create({"name": "Concurrent Signer"})
        user = env0["res.users"].create(
            {
                "name": "Concurrent Tech",
                "login": "concurrent_tech",
                "group_ids": [
                    (4, env0.ref("aftersales_service.group_aftersales_technician").id)
                ],
            }
        )
        start = fields.Datetime.now() - timedelta(days=30)
        visits = [
            self._done_visit(env0, partner, user, start + timedelta(hours=2 * i))
            for i in range(3)
        ]
        cr0.commit()
        first_id, second_id, open_id = (v.id for v in visits)
        cr1, env1 = self._connection()
        cr2, env2 = self._connection()
        cr3, env3 = self._connection()
        outcome = {}

        def sign_second():
            # What Odoo's request loop does on a serialisation failure: roll
            # back and run the request again (odoo.service.model.retrying,
            # which cannot run in a thread of the test server).
            for attempt in range(1, 6):
                try:
                    env2["aftersales.visit"].browse(
                        second_id
                    )._aftersales_sign_customer("Customer B", SIGNATURE)
                    cr2.commit()
                    outcome.update(second="signed", attempts=attempt)
                    return
                except (SerializationFailure, ConcurrencyError):
                    cr2.rollback()
                except Exception as error:  # reported by the assertion below
                    outcome["second"] = repr(error)
                    return

        try:
            env1["aftersales.visit"].browse(first_id)._aftersales_sign_customer(
                "Customer A", SIGNATURE
            )
            thread = threading.Thread(target=sign_second)
            thread.start()
            time.sleep(1.0)
            self.assertTrue(thread.is_alive(), "the second signer should wait")
            # The table is not locked: another visit is still edited meanwhile.
            env3["aftersales.visit"].browse(open_id).write({"diagnosis": "Noted"})
            cr3.commit()
            cr1.commit()
            thread.join(90)
            if thread.is_alive():
                frame = sys._current_frames().get(thread.ident)
                self.fail(
                    "second signer stuck:\n" + "".join(traceback.format_stack(frame))
                )
            self.assertEqual(outcome.get("second"), "signed")
            self.assertGreaterEqual(outcome["attempts"], 2, "it waited, then ran again")
            cr0.rollback()
            env0.invalidate_all()
            first, second = env0["aftersales.visit"].browse([first_id, second_id])
            self.assertEqual(second.chain_sequence, first.chain_sequence + 1)
            self.assertEqual(second.chain_previous_hash, first.chain_hash)
            count, broken = env0["aftersales.visit"]._aftersales_verify_chain(
                first.company_id
            )
            self.assertFalse(broken)
            self.assertGreaterEqual(count, 2)
        finally:
            for cr in (cr1, cr2, cr3):
                cr.rollback()
                cr.close()
            cr0.rollback()
            self._remove(cr0, [first_id, second_id, open_id], partner.id, user.id)
            cr0.commit()
            cr0.close()

    def _remove(self, cr, visit_ids, partner_id, user_id):
        """Signed visits never go through the ORM: remove them, their files,
        messages and chain positions with SQL (test data only)."""
        visits = tuple(visit_ids)
        cr.execute(
            "SELECT ticket_id, company_id FROM aftersales_visit WHERE id IN %s",
            [visits],
        )
        rows = cr.fetchall()
        tickets = tuple({row[0] for row in rows})
        cr.execute(
            "DELETE FROM ir_attachment WHERE res_model = 'aftersales.visit' "
            "AND res_id IN %s",
            [visits],
        )
        cr.execute(
            "DELETE FROM mail_message WHERE (model = 'aftersales.visit' AND "
            "res_id IN %s) OR (model = 'helpdesk.ticket' AND res_id IN %s)",
            [visits, tickets],
        )
        cr.execute("DELETE FROM aftersales_visit WHERE id IN %s", [visits])
        cr.execute(
            "DELETE FROM aftersales_ticket_deadline WHERE ticket_id IN %s", [tickets]
        )
        cr.execute("DELETE FROM helpdesk_ticket WHERE id IN %s", [tickets])
        # The chain head goes back to the last visit still signed.
        for company_id in {row[1] for row in rows}:
            cr.execute(
                "SELECT chain_sequence, chain_hash FROM aftersales_visit "
                "WHERE company_id = %s AND chain_sequence IS NOT NULL "
                "ORDER BY chain_sequence DESC LIMIT 1",
                [company_id],
            )
            last = cr.fetchone() or (0, "")
            cr.execute(
                "UPDATE aftersales_signed_chain SET sequence = %s, last_hash = %s "
                "WHERE res_model = 'aftersales.visit' AND company_id = %s",
                [last[0], last[1], company_id],
            )
        cr.execute("UPDATE res_partner SET active = false WHERE id = %s", [partner_id])
        cr.execute("UPDATE res_users SET active = false WHERE id = %s", [user_id])
