from datetime import datetime, timedelta
from unittest.mock import patch

import pytz

from odoo import fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user, tagged

from .common import AftersalesCommon


def no_commit():
    """The cron commits per batch; a test must not."""
    return patch(
        "odoo.addons.base.models.ir_cron.IrCron._commit_progress",
        return_value=3600.0,
    )


@tagged("post_install", "-at_install")
class TestComplaint(AftersalesCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.china = cls.env.ref("base.cn")
        cls.company.write(
            {
                "country_id": cls.china.id,
                "aftersales_complaint_reminder_hours": 24.0,
                "aftersales_complaint_repeat_days": 90,
            }
        )
        cls.customer.country_id = cls.china
        cls.overseas_customer = cls.env["res.partner"].create(
            {
                "name": "Hamburg Kälte GmbH",
                "is_company": True,
                "country_id": cls.env.ref("base.de").id,
            }
        )
        # The engineering department: its manager and one member, both
        # technicians only (the least-privileged After-Sales group).
        cls.eng_manager = new_test_user(
            cls.env,
            login="as_eng_manager",
            groups="aftersales_service.group_aftersales_technician",
            name="Engineer Gao",
        )
        cls.eng_member = new_test_user(
            cls.env,
            login="as_eng_member",
            groups="aftersales_service.group_aftersales_technician",
            name="Engineer Hu",
        )
        Employee = cls.env["hr.employee"]
        manager_employee = Employee.create(
            {"name": "Engineer Gao", "user_id": cls.eng_manager.id}
        )
        cls.engineering = cls.env["hr.department"].create(
            {"name": "Engineering (test)", "manager_id": manager_employee.id}
        )
        cls.member_employee = Employee.create(
            {
                "name": "Engineer Hu",
                "user_id": cls.eng_member.id,
                "department_id": cls.engineering.id,
            }
        )
        cls.logistics = cls.env["hr.department"].create({"name": "Logistics (test)"})
        cls.quality = cls.env.ref("aftersales_service.complaint_category_quality")
        cls.transport = cls.env.ref("aftersales_service.complaint_category_transport")
        Route = cls.env["aftersales.complaint.route"]
        # Before the demo's rules (sequence 10).
        cls.route_quality = Route.create(
            {
                "sequence": 1,
                "category_id": cls.quality.id,
                "department_id": cls.engineering.id,
                "user_id": cls.eng_member.id,
            }
        )
        Route.create(
            {
                "sequence": 1,
                "category_id": cls.transport.id,
                "department_id": cls.logistics.id,
                "user_id": cls.manager.id,
            }
        )

    def _complaint(self, user=None, **vals):
        return self._ticket(
            user=user or self.desk,
            **{
                "name": "Unit noisy since installation",
                "aftersales_request_type": "complaint",
                "aftersales_complaint_channel": "phone",
                "aftersales_complaint_category_id": self.quality.id,
                **vals,
            },
        )

    def _deadline(self, ticket, kind):
        return ticket.aftersales_deadline_ids.filtered(lambda d: d.kind == kind)

    # ------------------------------------------------------------------
    # Routing
    # ------------------------------------------------------------------

    def test_routing_sends_each_category_to_its_department(self):
        complaint = self._complaint()
        self.assertEqual(complaint.aftersales_complaint_department_id, self.engineering)
        self.assertEqual(complaint.aftersales_complaint_owner_id, self.eng_member)
        self.assertEqual(complaint.aftersales_complaint_route_id, self.route_quality)
        self.assertIn(self.eng_member.partner_id, complaint.message_partner_ids)
        complaint.with_user(self.desk).aftersales_complaint_category_id = self.transport
        self.assertEqual(complaint.aftersales_complaint_department_id, self.logistics)
        self.assertEqual(complaint.aftersales_complaint_owner_id, self.manager)

    def test_department_cannot_be_set_directly(self):
        complaint = self._complaint()
        for user in (self.desk, self.manager):
            with self.assertRefused(UserError, "cannot be set directly"):
                complaint.with_user(user).write(
                    {"aftersales_complaint_department_id": self.logistics.id}
                )
            self.assertEqual(
                complaint.aftersales_complaint_department_id, self.engineering
            )
        with self.assertRefused(UserError, "cannot be set directly"):
            self._complaint(aftersales_complaint_owner_id=self.desk.id)

    def test_department_members_act_technicians_read_their_jobs(self):
        complaint = self._complaint()
        # A member of the responsible department sees and acts on the case.
        as_member = complaint.with_user(self.eng_member)
        as_member.aftersales_root_cause = "Loose fan blade"
        self.assertEqual(complaint.aftersales_root_cause, "Loose fan blade")
        # Another technician sees nothing of it.
        Ticket = self.env["helpdesk.ticket"].with_user(self.technician)
        self.assertFalse(Ticket.search([("id", "=", complaint.id)]))
        # A technician sent on the request complained about reads, not writes.
        job = self._ticket()
        job.sudo().aftersales_technician_ids = self.technician
        about_job = self._complaint(aftersales_complaint_ticket_id=job.id)
        self.assertEqual(Ticket.search([("id", "=", about_job.id)]), about_job)
        with self.assertRaises(AccessError):
            about_job.with_user(self.technician).write({"aftersales_root_cause": "x"})
        self.assertFalse(about_job.aftersales_root_cause)

    # ------------------------------------------------------------------
    # Deadlines: 24 h, 13 days at home, 17 abroad
    # ------------------------------------------------------------------

    def test_deadlines_domestic_13_days_overseas_17(self):
        reported = datetime(2026, 3, 2, 4, 0)  # Monday, midday in Shanghai
        home = self._complaint(aftersales_reported_at=reported)
        abroad = self._complaint(
            partner_id=self.overseas_customer.id,
            aftersales_lot_id=False,
            aftersales_reported_at=reported,
        )
        self.assertEqual(
            home.aftersales_sla_policy_id,
            self.env.ref("aftersales_service.sla_policy_complaint_domestic"),
        )
        self.assertEqual(
            abroad.aftersales_sla_policy_id,
            self.env.ref("aftersales_service.sla_policy_complaint_overseas"),
        )
        self.assertEqual(abroad.aftersales_complaint_customer_origin, "overseas")
        for ticket in (home, abroad):
            self.assertEqual(
                self._deadline(ticket, "response").deadline,
                reported + timedelta(hours=24),
            )
        calendar = home._aftersales_calendar()
        tz = pytz.timezone(calendar.tz or "UTC")

        def local_day(moment):
            return pytz.utc.localize(moment).astimezone(tz).date()

        start = local_day(reported)
        self.assertEqual(
            local_day(self._deadline(home, "resolution").deadline),
            start + timedelta(days=13),
        )
        self.assertEqual(
            local_day(self._deadline(abroad, "resolution").deadline),
            start + timedelta(days=17),
        )
        # A repair of the same customer keeps the repair deadlines.
        repair = self._ticket(user=self.desk)
        self.assertNotIn(
            repair.aftersales_sla_policy_id,
            self.env.ref("aftersales_service.sla_policy_complaint_domestic")
            | self.env.ref("aftersales_service.sla_policy_complaint_overseas"),
        )

    # ------------------------------------------------------------------
    # Reminders (催办)
    # ------------------------------------------------------------------

    def test_reminder_once_per_interval_to_the_department_manager(self):
        now = fields.Datetime.now()
        late = self._complaint(aftersales_reported_at=now - timedelta(days=20))
        on_time = self._complaint(aftersales_reported_at=now - timedelta(hours=1))
        Ticket = self.env["helpdesk.ticket"]
        with no_commit():
            Ticket._cron_aftersales_complaint_reminders()
            Ticket._cron_aftersales_complaint_reminders()
        reminder = self.env.ref("aftersales_service.mail_activity_complaint_reminder")
        activities = late.activity_ids.filtered(
            lambda a: a.activity_type_id == reminder
        )
        self.assertEqual(len(activities), 1, "reminded once, not at every run")
        self.assertEqual(activities.user_id, self.eng_manager)
        self.assertEqual(late.aftersales_complaint_reminder_count, 1)
        self.assertFalse(
            on_time.activity_ids.filtered(lambda a: a.activity_type_id == reminder)
        )
        # Within the interval: nothing; after it: the second reminder.
        with (
            no_commit(),
            patch("odoo.fields.Datetime.now", return_value=now + timedelta(hours=23)),
        ):
            Ticket._cron_aftersales_complaint_reminders()
        self.assertEqual(late.aftersales_complaint_reminder_count, 1)
        with (
            no_commit(),
            patch("odoo.fields.Datetime.now", return_value=now + timedelta(hours=25)),
        ):
            Ticket._cron_aftersales_complaint_reminders()
        self.assertEqual(late.aftersales_complaint_reminder_count, 2)
        self.assertEqual(
            len(late.activity_ids.filtered(lambda a: a.activity_type_id == reminder)),
            2,
        )
        # Nobody can mark a case as reminded, or not, by hand.
        reminded_at = late.aftersales_complaint_reminded_at
        for user in (self.desk, self.manager):
            with self.assertRefused(UserError, "cannot be set directly"):
                late.with_user(user).write(
                    {
                        "aftersales_complaint_reminded_at": False,
                        "aftersales_complaint_reminder_count": 0,
                    }
                )
            self.assertEqual(late.aftersales_complaint_reminded_at, reminded_at)
            self.assertEqual(late.aftersales_complaint_reminder_count, 2)

    # ------------------------------------------------------------------
    # Closing: reason for the delay, actions verified by another person
    # ------------------------------------------------------------------

    def _done_stage(self):
        return self.env.ref("helpdesk_mgmt.helpdesk_ticket_stage_done")

    def test_overdue_complaint_needs_the_reason_to_close(self):
        late = self._complaint(
            aftersales_reported_at=fields.Datetime.now() - timedelta(days=20)
        )
        self.assertTrue(late.aftersales_complaint_overdue)
        with self.assertRefused(UserError, "Reason for the Delay"):
            late.with_user(self.desk).stage_id = self._done_stage()
        self.assertFalse(late.stage_id.closed)
        late.with_user(self.desk).write(
            {
                "aftersales_complaint_delay_reason": "Waited for the lab report.",
                "stage_id": self._done_stage().id,
            }
        )
        self.assertTrue(late.stage_id.closed)
        self.assertTrue(late.aftersales_complaint_closed_late)
        closed_late = self.env["helpdesk.ticket"].search(
            [("aftersales_complaint_closed_late", "=", True)]
        )
        self.assertIn(late, closed_late)
        # The customer is told the outcome.
        bodies = "".join(late.message_ids.mapped("body"))
        self.assertIn("closed your complaint", bodies)

    def test_close_refused_until_actions_verified_by_another_person(self):
        complaint = self._complaint()
        action = (
            self.env["aftersales.action"]
            .with_user(self.desk)
            .create(
                {
                    "ticket_id": complaint.id,
                    "name": "Replace the fan blade",
                    "user_id": self.eng_member.id,
                    "date_deadline": fields.Date.today(),
                }
            )
        )
        with self.assertRefused(UserError, "open corrective or preventive"):
            complaint.with_user(self.desk).stage_id = self._done_stage()
        self.assertFalse(complaint.stage_id.closed)
        with self.assertRefused(UserError, "cannot be set directly"):
            action.with_user(self.eng_member).write({"state": "verified"})
        self.assertEqual(action.state, "open")
        action.with_user(self.eng_member).action_done()
        self.assertEqual(action.state, "done")
        with self.assertRefused(UserError, "not yet verified"):
            complaint.with_user(self.desk).stage_id = self._done_stage()
        with self.assertRefused(UserError, "you own it"):
            action.with_user(self.eng_member).action_verify()
        self.assertEqual(action.state, "done")
        self.assertFalse(action.verified_by_id)
        # The owner cannot be swapped for the verifier once done.
        with self.assertRefused(UserError, "its owner cannot change"):
            action.with_user(self.desk).user_id = self.desk
        self.assertEqual(action.user_id, self.eng_member)
        action.with_user(self.desk).action_verify()
        self.assertEqual(action.verified_by_id, self.desk)
        complaint.with_user(self.desk).stage_id = self._done_stage()
        self.assertTrue(complaint.stage_id.closed)

    # ------------------------------------------------------------------
    # Priority cases
    # ------------------------------------------------------------------

    def test_repeat_complaint_is_a_priority_case_for_the_manager(self):
        self.team.aftersales_manager_id = self.manager
        now = fields.Datetime.now()
        first = self._complaint(aftersales_reported_at=now - timedelta(days=30))
        self.assertFalse(first.aftersales_complaint_priority)
        other_unit = self._lot("AC-0077", customer=self.other_customer)
        second = self._complaint(
            partner_id=self.other_customer.id,
            aftersales_lot_id=other_unit.id,
            aftersales_reported_at=now,
        )
        self.assertFalse(second.aftersales_complaint_priority, "another customer")
        third = self._complaint(aftersales_reported_at=now)
        self.assertTrue(third.aftersales_complaint_repeat)
        self.assertTrue(third.aftersales_complaint_priority)
        self.assertEqual(third.priority, "3", "priority cases sort first")
        self.assertEqual(third.activity_ids.user_id, self.manager)
        # Beyond the window: not a repeat.
        old = self._complaint(
            partner_id=self.other_customer.id,
            aftersales_lot_id=other_unit.id,
            aftersales_reported_at=now - timedelta(days=200),
        )
        self.assertFalse(old.aftersales_complaint_repeat)
        # Flagged by hand: needs the note.
        with self.assertRefused(Exception, "Priority Note"):
            second.with_user(self.desk).aftersales_complaint_priority_reason = "media"
        self.assertFalse(second.aftersales_complaint_priority)
        second.with_user(self.desk).write(
            {
                "aftersales_complaint_priority_reason": "lawsuit",
                "aftersales_complaint_priority_note": "Lawyer's letter received",
            }
        )
        self.assertTrue(second.aftersales_complaint_priority)
        self.assertIn(self.manager, second.activity_ids.user_id)

    # ------------------------------------------------------------------
    # Responsibility and penalty
    # ------------------------------------------------------------------

    def test_penalty_from_the_table(self):
        Penalty = self.env["aftersales.complaint.penalty"]
        generic = Penalty.create(
            {"name": "Major", "severity": "major", "points": 3, "sequence": 1}
        )
        specific = Penalty.create(
            {
                "name": "Quality, major",
                "severity": "major",
                "category_id": self.quality.id,
                "points": 4,
                "amount": 300,
            }
        )
        complaint = self._complaint()
        complaint.with_user(self.desk).write(
            {
                "aftersales_complaint_severity": "major",
                "aftersales_service_responsible": True,
                "aftersales_responsible_employee_id": self.member_employee.id,
            }
        )
        self.assertEqual(complaint.aftersales_complaint_penalty_id, specific)
        self.assertEqual(complaint.aftersales_penalty_points, 4)
        self.assertEqual(complaint.aftersales_penalty_amount, 300)
        self.assertEqual(
            complaint.aftersales_responsible_department_id, self.engineering
        )
        self.assertEqual(complaint.aftersales_service_responsible_count, 1)
        complaint.aftersales_complaint_category_id = self.transport
        self.assertEqual(complaint.aftersales_complaint_penalty_id, generic)

    # ------------------------------------------------------------------
    # Printed form
    # ------------------------------------------------------------------

    def test_complaint_handling_form_in_five_copies(self):
        complaint = self._complaint(aftersales_batch="B-2026-0301")
        html, _kind = (
            self.env["ir.actions.report"]
            .with_user(self.desk)
            ._render_qweb_html(
                "aftersales_service.action_report_complaint_form", complaint.ids
            )
        )
        html = html.decode()
        for copy in range(1, 6):
            self.assertIn(f"Copy {copy}:", html)
        self.assertIn("B-2026-0301", html)
        self.assertIn(self.engineering.name, html)
