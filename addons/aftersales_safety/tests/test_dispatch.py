from datetime import date, timedelta

from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common import VISIT_START, AftersalesSafetyCommon


@tagged("post_install", "-at_install")
class TestSafetyDispatch(AftersalesSafetyCommon):
    def test_job_types_from_category_and_request_type(self):
        ticket = self._ticket()
        visit = self._visit(ticket)
        self.assertEqual(visit.aftersales_job_type_ids, self.job_type)
        self.assertTrue(visit.aftersales_lockout_required)
        self.job_type.request_type = "installation"
        other = self._visit(self._ticket(), start=visit.planned_end)
        self.assertFalse(other.aftersales_job_type_ids)

    def test_expired_certificate_refused_then_allowed_after_renewal(self):
        self.cert.valid_to = date(2029, 12, 31)  # the visit is on 8 January 2030
        ticket = self._ticket()
        wizard = self._dispatch(ticket)
        candidate = wizard.candidate_ids.filtered(
            lambda c: c.technician_id == self.profile
        )
        self.assertIn("Test electrician certificate expired", candidate.blockers)
        self.assertEqual(candidate.score, 0)
        with self.assertRefused(UserError, "Test electrician certificate expired"):
            wizard.action_dispatch()
        self.assertFalse(ticket.aftersales_visit_ids)
        # renewal: a new certificate record (hr_skills keeps the old one)
        self._certificate(
            self.employee, self.electrician, date(2030, 1, 1), date(2032, 12, 31)
        )
        self._dispatch(ticket).action_dispatch()
        self.assertEqual(len(ticket.aftersales_visit_ids), 1)
        self.assertFalse(ticket.aftersales_visit_ids.aftersales_safety_override_reason)

    def test_missing_certificate_and_no_employee_file(self):
        self.cert.unlink()
        blockers = self.profile._aftersales_dispatch_blockers(
            self._ticket(), VISIT_START, VISIT_START + timedelta(hours=2)
        )
        self.assertIn("No Test electrician certificate", blockers[self.profile.id][0])
        self.employee.user_id = False
        blockers = self.profile._aftersales_dispatch_blockers(
            self._ticket(), VISIT_START, VISIT_START + timedelta(hours=2)
        )
        self.assertIn("No employee file", blockers[self.profile.id][0])

    def test_overdue_training_blocks(self):
        self.company.aftersales_safety_training_months = 6  # due 1 December 2029
        with self.assertRefused(UserError, "Safety training overdue since 2029-12-01"):
            self._dispatch(self._ticket()).action_dispatch()
        self.company.aftersales_safety_training_months = 0
        self._dispatch(self._ticket()).action_dispatch()

    def test_override_once_with_reason_recorded_on_visit(self):
        self.cert.valid_to = date(2029, 12, 31)
        ticket = self._ticket()
        # a dispatcher may not override
        wizard = self._dispatch(
            ticket,
            aftersales_safety_override=True,
            aftersales_safety_override_reason="Emergency",
        )
        with self.assertRefused(AccessError, "Only a safety officer"):
            wizard.action_dispatch()
        # an officer must give a reason
        wizard = self._dispatch(
            ticket, user=self.officer, aftersales_safety_override=True
        )
        with self.assertRefused(UserError, "Give the reason"):
            wizard.action_dispatch()
        self.assertFalse(ticket.aftersales_visit_ids)
        wizard = self._dispatch(
            ticket,
            user=self.officer,
            aftersales_safety_override=True,
            aftersales_safety_override_reason="Hospital chiller down; renewal "
            "certificate seen on paper, scan follows.",
        )
        wizard.action_dispatch()
        visit = ticket.aftersales_visit_ids
        self.assertEqual(visit.aftersales_safety_override_uid, self.officer)
        self.assertIn("Hospital chiller", visit.aftersales_safety_override_reason)
        self.assertIn("Test electrician", visit.aftersales_safety_override_blockers)
        self.assertTrue(visit.aftersales_safety_override_at)
        # once: the next dispatch is refused again
        with self.assertRefused(UserError, "certificate expired"):
            self._dispatch(self._ticket(), start=visit.planned_end).action_dispatch()

    def test_override_does_not_bypass_double_booking(self):
        ticket = self._ticket()
        self._dispatch(ticket).action_dispatch()
        wizard = self._dispatch(
            self._ticket(),
            user=self.officer,
            aftersales_safety_override=True,
            aftersales_safety_override_reason="Urgent",
        )
        with self.assertRefused(UserError, "Already on visit"):
            wizard.action_dispatch()

    def test_helpers_are_checked_too(self):
        self.cert_2.valid_to = date(2029, 12, 31)
        wizard = self._dispatch(
            self._ticket(), helper_ids=[Command.set(self.profile_2.ids)]
        )
        with self.assertRefused(UserError, "Tech Wu"):
            wizard.action_dispatch()
