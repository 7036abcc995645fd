import base64
from datetime import datetime, timedelta

from psycopg2 import IntegrityError

from odoo import fields
from odoo.exceptions import UserError, ValidationError
from odoo.tests import Form, tagged
from odoo.tools import mute_logger

from .common import AftersalesDispatchCommon

# A 1x1 PNG: what the signature widget sends, in miniature.
SIGNATURE = base64.b64encode(
    bytes.fromhex(
        "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
        "1f15c4890000000d49444154789c6360000002000001e221bc330000000049454e44ae426082"
    )
)
TUESDAY_9AM = datetime(2030, 1, 8, 9, 0)


@tagged("post_install", "-at_install")
class TestDispatch(AftersalesDispatchCommon):
    def _wizard(self, ticket, start=TUESDAY_9AM, user=None, hours=2):
        user = user or self.dispatcher
        action = ticket.with_user(user).action_aftersales_dispatch()
        wizard = Form(
            self.env[action["res_model"]]
            .with_user(user)
            .with_context(**action["context"])
        )
        wizard.planned_start = start
        wizard.duration = hours
        wizard.technician_id = self.profile
        return wizard

    def test_ranking_by_skill_zone_load_and_hours(self):
        ticket = self._ticket(aftersales_zone_id=self.zone_city.id)
        # The skilled city technician already has a visit that day; still first
        # because skill and zone weigh more than load.
        self._visit(ticket, start=TUESDAY_9AM + timedelta(hours=5))
        wizard = self._wizard(ticket).save()
        ranked = wizard.candidate_ids.sorted("rank")
        self.assertEqual(ranked[0].technician_id, self.profile)
        first, second = ranked[0], ranked[1]
        self.assertTrue(first.skilled and first.in_zone and first.available)
        self.assertEqual(first.load, 1)
        self.assertFalse(second.skilled or second.in_zone)
        self.assertGreater(first.score, second.score)

    def test_outside_working_hours_is_ranked_down(self):
        ticket = self._ticket(aftersales_zone_id=self.zone_city.id)
        saturday = datetime(2030, 1, 12, 9, 0)
        wizard = self._wizard(ticket, start=saturday).save()
        self.assertFalse(any(wizard.candidate_ids.mapped("available")))

    def test_dispatch_creates_visit_and_assigns(self):
        ticket = self._ticket(aftersales_zone_id=self.zone_city.id, user_id=False)
        wizard = self._wizard(ticket)
        wizard.technician_id = self.profile
        wizard.helper_ids.add(self.profile_2)
        action = wizard.save().action_dispatch()
        visit = self.env["aftersales.visit"].browse(action["res_id"])
        self.assertEqual(visit.user_id, self.technician)
        self.assertEqual(visit.helper_ids, self.technician_2)
        self.assertEqual(visit.planned_end, TUESDAY_9AM + timedelta(hours=2))
        self.assertEqual(visit.name, f"{ticket.number}-V1")
        self.assertEqual(ticket.user_id, self.technician)
        self.assertEqual(
            ticket.aftersales_technician_ids, self.technician | self.technician_2
        )

    def test_deleted_visit_number_not_given_again(self):
        ticket = self._ticket(aftersales_zone_id=self.zone_city.id)
        first = self._visit(ticket)
        second = self._visit(ticket, start=TUESDAY_9AM + timedelta(days=1))
        self.assertEqual(second.name, f"{ticket.number}-V2")
        second.with_user(self.dispatcher).unlink()
        first.with_user(self.dispatcher).unlink()
        batch = self.env["aftersales.visit"].create(
            [
                {
                    "ticket_id": ticket.id,
                    "user_id": self.technician.id,
                    "planned_start": TUESDAY_9AM + timedelta(days=day),
                    "planned_end": TUESDAY_9AM + timedelta(days=day, hours=2),
                }
                for day in (2, 3)
            ]
        )
        self.assertEqual(
            batch.mapped("name"), [f"{ticket.number}-V3", f"{ticket.number}-V4"]
        )
        with self.assertRaises(IntegrityError), mute_logger("odoo.sql_db"):
            self._visit(ticket, name=batch[0].name)

    def test_double_booked_technician_is_blocked(self):
        ticket = self._ticket(aftersales_zone_id=self.zone_city.id)
        other = self._ticket(name="Another job")
        busy = self._visit(other, start=TUESDAY_9AM + timedelta(hours=1))
        wizard = self._wizard(ticket)
        wizard.technician_id = self.profile
        record = wizard.save()
        candidate = record.candidate_ids.filtered(
            lambda c: c.technician_id == self.profile
        )
        self.assertIn(busy.name, candidate.blockers)
        self.assertEqual(candidate.score, 0)
        self.assertEqual(record.candidate_ids.sorted("rank")[-1], candidate)
        with self.assertRefused(UserError, "cannot be sent"):
            record.action_dispatch()
        self.assertEqual(ticket.aftersales_visit_count, 0)

    def test_double_booking_seen_across_teams(self):
        """The technician is busy on a visit of a team the dispatcher does not
        plan: the dispatch is refused, without showing that visit's number."""
        north = self.env["helpdesk.ticket.team"].create(
            {
                "name": "North Service",
                "aftersales_department_code": "NS",
                "user_ids": [(6, 0, self.technician.ids)],
            }
        )
        other = self._ticket(name="North job", team_id=north.id)
        busy = self._visit(other, start=TUESDAY_9AM + timedelta(hours=1))
        Visit = self.env["aftersales.visit"].with_user(self.dispatcher)
        self.assertFalse(Visit.search([("id", "=", busy.id)]))
        ticket = self._ticket(aftersales_zone_id=self.zone_city.id)
        record = self._wizard(ticket).save()
        candidate = record.candidate_ids.filtered(
            lambda c: c.technician_id == self.profile
        )
        self.assertIn("Already on a visit of another team", candidate.blockers)
        self.assertNotIn(busy.name, candidate.blockers)
        self.assertEqual(candidate.score, 0)
        with self.assertRefused(UserError, "cannot be sent"):
            record.action_dispatch()
        self.assertEqual(ticket.aftersales_visit_count, 0)

    def test_extension_point_blocks(self):
        """aftersales_safety plugs certificates in through this method."""
        ticket = self._ticket()
        blockers = self.profile._aftersales_dispatch_blockers(
            ticket, TUESDAY_9AM, TUESDAY_9AM + timedelta(hours=2)
        )
        self.assertEqual(blockers, {self.profile.id: []})

    def test_closed_ticket_cannot_be_dispatched(self):
        ticket = self._ticket()
        ticket.stage_id = self.env.ref("helpdesk_mgmt.helpdesk_ticket_stage_done")
        with self.assertRefused(UserError, "is closed"):
            ticket.with_user(self.dispatcher).action_aftersales_dispatch()

    def test_dispatch_order_has_three_copies(self):
        visit = self._visit(self._ticket())
        html, _type = self.env["ir.actions.report"]._render_qweb_html(
            "aftersales_service.report_dispatch_order", visit.ids
        )
        html = html.decode()
        for copy in ("Stub", "Service Department Copy", "Customer Copy"):
            self.assertIn(copy, html)
        self.assertEqual(html.count("Dispatch Order"), 3)
        self.assertIn(self.lot.name, html)
        self.assertIn("Sunrise Hotel", html)


@tagged("post_install", "-at_install")
class TestVisit(AftersalesDispatchCommon):
    def setUp(self):
        super().setUp()
        self.ticket = self._ticket(aftersales_zone_id=self.zone_city.id)
        self.visit = self._visit(self.ticket)
        self.mine = self.visit.with_user(self.technician)

    def _finish(self):
        self.mine.action_depart()
        self.mine.action_check_in(latitude=31.2304, longitude=121.4737)
        self.mine.action_start_work()
        self.mine.write(
            {
                "work_done": "<p>Replaced the fan capacitor.</p>",
                "test_result": "passed",
                "advice": "Clean the filter monthly.",
            }
        )
        self.mine.action_done()

    def _sign(self, visit=None):
        visit = visit or self.mine
        action = visit.action_open_sign()
        wizard = (
            self.env[action["res_model"]]
            .with_user(visit.env.user)
            .with_context(**action["context"])
            .create({"signature": SIGNATURE})
        )
        wizard.action_sign()

    def test_visit_steps(self):
        self._finish()
        self.assertEqual(self.visit.state, "done")
        self.assertAlmostEqual(self.visit.check_in_latitude, 31.2304)
        self.assertTrue(self.visit.departed_at <= self.visit.check_in_at)
        self.assertTrue(self.visit.check_out_at)
        self.assertGreaterEqual(self.visit.time_spent, 0)

    def test_done_needs_work_and_test_result(self):
        self.mine.action_check_in()
        with self.assertRefused(UserError, "Work Done, Test Run"):
            self.mine.action_done()
        self.assertEqual(self.visit.state, "on_site")

    def test_wrong_step_refused(self):
        with self.assertRefused(UserError, "is Planned"):
            self.mine.action_done()

    def test_sign_before_done_refused(self):
        self.mine.action_check_in()
        with self.assertRefused(UserError, "never before"):
            self.mine._aftersales_sign_customer("Mr Zhou", SIGNATURE)
        self.assertFalse(self.visit.signed_at)

    def test_sign_needs_name_and_image(self):
        self._finish()
        with self.assertRefused(UserError, "signer's name"):
            self.mine._aftersales_sign_customer("  ", SIGNATURE)

    def test_signature_captured_and_report_sent(self):
        self._finish()
        self._sign()
        self.assertEqual(self.visit.signed_by, "Sunrise Hotel")
        self.assertEqual(self.visit.signed_uid, self.technician)
        self.assertTrue(self.visit.signed_at)
        self.assertTrue(self.visit.signature)
        report = self.visit.signed_report_id
        self.assertEqual(len(report), 1)
        self.assertTrue(report.aftersales_evidence)
        self.assertEqual(
            (report.res_model, report.res_id), (self.visit._name, self.visit.id)
        )
        self.assertIn(self.visit.name, report.name)
        message = self.ticket.message_ids.filtered(lambda m: report in m.attachment_ids)
        self.assertIn(self.customer, message.partner_ids)

    def test_signed_visit_is_immutable_even_for_admin(self):
        self._finish()
        self._sign()
        for env in (self.env, self.env(su=True), self.mine.env):
            visit = self.visit.with_env(env)
            with self.assertRefused(UserError, "is locked"):
                visit.write({"work_done": "<p>Something else</p>"})
        # Technicians may not delete visits at all; admin and superuser are
        # refused because it is signed.
        for env in (self.env, self.env(su=True)):
            with self.assertRefused(UserError, "is locked"):
                self.visit.with_env(env).unlink()
        self.assertIn("fan capacitor", self.visit.work_done)
        with self.assertRefused(UserError, "is locked"):
            self.mine._aftersales_sign_customer("Someone else", SIGNATURE)

    def test_correction_is_a_new_visit(self):
        self._finish()
        self._sign()
        action = self.visit.with_user(self.dispatcher).action_correct()
        correction = self.env["aftersales.visit"].browse(action["res_id"])
        self.assertEqual(correction.correction_of_id, self.visit)
        self.assertEqual(correction.state, "planned")
        self.assertEqual(self.visit.state, "done")

    def test_reschedule_before_time_without_reason(self):
        new_start = TUESDAY_9AM + timedelta(days=1)
        self.mine._aftersales_reschedule(new_start, new_start + timedelta(hours=2), "")
        self.assertEqual(self.visit.planned_start, new_start)
        self.assertEqual(self.visit.reschedule_count, 1)

    def test_reschedule_after_agreed_time_needs_reason_and_tells_customer(self):
        past = fields.Datetime.now() - timedelta(hours=3)
        late = self._visit(self._ticket(name="Late job"), start=past, hours=1)
        mine = late.with_user(self.technician)
        later = fields.Datetime.now() + timedelta(hours=20)
        with self.assertRefused(UserError, "give the reason"):
            mine._aftersales_reschedule(later, later + timedelta(hours=1), " ")
        with self.assertRefused(UserError, "Use Reschedule"):
            mine.write(
                {"planned_start": later, "planned_end": later + timedelta(hours=1)}
            )
        mine._aftersales_reschedule(later, later + timedelta(hours=1), "Van broke down")
        self.assertEqual(late.reschedule_reason, "Van broke down")
        told = late.ticket_id.message_ids.filtered(lambda m: "Van broke down" in m.body)
        self.assertIn(late.ticket_id.partner_id, told.partner_ids)

    def test_cancel_needs_reason(self):
        with self.assertRefused(UserError, "reason for cancelling"):
            self.mine._aftersales_cancel("")
        self.mine._aftersales_cancel("Customer not at home")
        self.assertEqual(self.visit.state, "cancelled")
        self.assertFalse(self.ticket.aftersales_technician_ids)

    def test_planned_times_checked(self):
        with self.assertRefused(ValidationError, "planned end must be after"):
            self._visit(self.ticket, hours=-1)
        with self.assertRefused(ValidationError, "remove them from the helpers"):
            self._visit(self.ticket, helper_ids=[(6, 0, self.technician.ids)])

    def test_started_visit_cannot_be_deleted(self):
        self.mine.action_check_in()
        with self.assertRefused(UserError, "cancel it instead"):
            self.visit.unlink()
