from datetime import datetime, timedelta
from unittest.mock import patch

from odoo import fields
from odoo.tests import tagged

from odoo.addons.aftersales_service.models.aftersales_ticket_deadline import (
    AftersalesTicketDeadline,
)

from .common import AftersalesDispatchCommon

FRIDAY_3PM = datetime(2026, 11, 20, 15, 0)
CRON_LOGGER = "odoo.addons.aftersales_service.models.ir_cron"


def no_commit():
    """The cron commits per batch; a test must not. Count the calls instead."""
    return patch(
        "odoo.addons.base.models.ir_cron.IrCron._commit_progress",
        return_value=3600.0,
    )


@tagged("post_install", "-at_install")
class TestDeadlines(AftersalesDispatchCommon):
    def _quiet_other_deadlines(self):
        """Demo tickets have deadlines too; the cron tests look at their own."""
        self.env["aftersales.ticket.deadline"].search(
            [("state", "=", "running")]
        ).write({"state": "cancelled"})

    def _deadline(self, ticket, kind):
        return ticket.aftersales_deadline_ids.filtered(lambda d: d.kind == kind)

    def test_working_hours_skip_weekend_and_holiday(self):
        """City: 6 working hours from Friday 15:00 -> 2 h Friday, weekend and
        the Monday holiday skipped, 4 h Tuesday -> Tuesday 12:00. The 24 h first
        response counts clock hours: Saturday 15:00."""
        ticket = self._ticket(
            user=self.desk,
            aftersales_zone_id=self.zone_city.id,
            aftersales_reported_at=FRIDAY_3PM,
        )
        self.assertEqual(
            ticket.aftersales_sla_policy_id,
            self.env.ref("aftersales_service.sla_policy_city_general"),
        )
        arrival = self._deadline(ticket, "arrival")
        self.assertEqual(arrival.deadline, datetime(2026, 11, 24, 12, 0))
        self.assertTrue(arrival.working_hours)
        self.assertEqual(
            self._deadline(ticket, "response").deadline, datetime(2026, 11, 21, 15, 0)
        )
        self.assertFalse(
            self._deadline(ticket, "resolution"),
            "counted from arrival: created at check-in",
        )

    def test_recomputed_on_zone_level_and_calendar_never_after_met(self):
        ticket = self._ticket(
            aftersales_zone_id=self.zone_city.id, aftersales_reported_at=FRIDAY_3PM
        )
        ticket.aftersales_zone_id = self.zone_suburb
        # Suburbs: 7 working hours -> Tuesday 14:00 (lunch 12-13 skipped).
        self.assertEqual(
            self._deadline(ticket, "arrival").deadline, datetime(2026, 11, 24, 14, 0)
        )
        ticket.aftersales_fault_level = "major"
        self.assertEqual(
            ticket.aftersales_sla_policy_id,
            self.env.ref("aftersales_service.sla_policy_suburb_major"),
        )
        self.assertIn(
            "solution", ticket.aftersales_sla_policy_id.target_ids.mapped("kind")
        )
        self.assertFalse(self._deadline(ticket, "solution"), "after arrival only")
        # A calendar without the holiday: Monday counts again.
        plain = self.calendar.copy({"name": "No holiday"})
        self.env["resource.calendar.leaves"].search(
            [("calendar_id", "=", plain.id)]
        ).unlink()
        self.team.aftersales_calendar_id = plain
        self.assertEqual(
            self._deadline(ticket, "arrival").deadline, datetime(2026, 11, 23, 14, 0)
        )
        # Once met, a deadline stays as it was.
        ticket._aftersales_reach("arrival", datetime(2026, 11, 23, 10, 0))
        arrival = self._deadline(ticket, "arrival")
        self.assertEqual(arrival.state, "met")
        ticket.aftersales_zone_id = self.zone_city
        self.assertEqual(arrival.deadline, datetime(2026, 11, 23, 14, 0))
        self.assertEqual(arrival.reached_at, datetime(2026, 11, 23, 10, 0))

    def test_remote_zone_needs_a_plan_within_12_hours(self):
        ticket = self._ticket(
            aftersales_zone_id=self.zone_remote.id, aftersales_reported_at=FRIDAY_3PM
        )
        self.assertEqual(ticket.aftersales_deadline_ids.mapped("kind"), ["response"])
        self.assertEqual(
            ticket.aftersales_deadline_ids.deadline, datetime(2026, 11, 21, 3, 0)
        )

    def test_first_response_by_public_reply_not_by_internal_note(self):
        ticket = self._ticket(user=self.desk, aftersales_zone_id=self.zone_city.id)
        ticket.with_user(self.desk).message_post(
            body="Checked internally", subtype_xmlid="mail.mt_note"
        )
        self.assertFalse(ticket.aftersales_responded_at)
        ticket.with_user(self.desk).message_post(
            body="We will come tomorrow morning.",
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
        )
        self.assertTrue(ticket.aftersales_responded_at)
        self.assertEqual(self._deadline(ticket, "response").state, "met")

    def test_first_response_by_stage_change(self):
        ticket = self._ticket(aftersales_zone_id=self.zone_city.id)
        ticket.stage_id = self.env.ref(
            "helpdesk_mgmt.helpdesk_ticket_stage_in_progress"
        )
        self.assertEqual(self._deadline(ticket, "response").state, "met")

    def test_arrival_starts_resolution_clock_and_closing_resolves(self):
        ticket = self._ticket(aftersales_zone_id=self.zone_city.id)
        visit = self._visit(ticket)
        visit.action_check_in()
        self.assertEqual(ticket.aftersales_arrived_at, visit.check_in_at)
        self.assertEqual(
            self._deadline(ticket, "arrival").reached_at, visit.check_in_at
        )
        resolution = self._deadline(ticket, "resolution")
        self.assertEqual(resolution.deadline, visit.check_in_at + timedelta(hours=4))
        self.assertEqual(resolution.state, "running")
        ticket.stage_id = self.env.ref("helpdesk_mgmt.helpdesk_ticket_stage_done")
        self.assertEqual(resolution.state, "met")
        self.assertEqual(ticket.aftersales_sla_status, "met")

    def test_cancelled_ticket_ends_open_deadlines(self):
        ticket = self._ticket(aftersales_zone_id=self.zone_city.id)
        ticket.stage_id = self.env.ref("helpdesk_mgmt.helpdesk_ticket_stage_cancelled")
        states = set(ticket.aftersales_deadline_ids.mapped("state"))
        self.assertEqual(states, {"met", "cancelled"}, "response met by the change")
        self.assertFalse(ticket.aftersales_next_deadline)

    def test_cron_escalates_breach_once(self):
        self._quiet_other_deadlines()
        now = fields.Datetime.now()
        ticket = self._ticket(
            aftersales_zone_id=self.zone_remote.id,
            aftersales_reported_at=now - timedelta(hours=13),
            user_id=self.technician.id,
        )
        line = self._deadline(ticket, "response")
        self.assertEqual(line.state, "running", "stored state waits for the cron")
        with no_commit():
            self.env["aftersales.ticket.deadline"]._cron_aftersales_deadlines()
            self.env["aftersales.ticket.deadline"]._cron_aftersales_deadlines()
        self.assertEqual(line.state, "breached")
        self.assertTrue(line.escalated_at)
        self.assertEqual(ticket.aftersales_sla_status, "breached")
        activities = ticket.activity_ids.filtered(lambda a: a.user_id == self.manager)
        self.assertEqual(len(activities), 1, "escalated once, not at every run")
        self.assertIn("breached", ticket.message_ids[0].body)

    def test_cron_warns_assignee_and_dispatcher_once(self):
        self._quiet_other_deadlines()
        now = fields.Datetime.now()
        ticket = self._ticket(
            aftersales_zone_id=self.zone_remote.id,
            aftersales_reported_at=now - timedelta(hours=11),
            user_id=self.technician.id,
        )
        self.company.aftersales_sla_warning_hours = 2
        with no_commit():
            self.env["aftersales.ticket.deadline"]._cron_aftersales_deadlines()
            self.env["aftersales.ticket.deadline"]._cron_aftersales_deadlines()
        line = self._deadline(ticket, "response")
        self.assertTrue(line.warned_at)
        self.assertEqual(line.state, "running")
        self.assertEqual(ticket.activity_ids.user_id, self.technician | self.dispatcher)
        self.assertEqual(len(ticket.activity_ids), 2)

    def test_cron_not_warned_outside_lead_time(self):
        self._quiet_other_deadlines()
        now = fields.Datetime.now()
        ticket = self._ticket(
            aftersales_zone_id=self.zone_remote.id,
            aftersales_reported_at=now - timedelta(hours=8),
        )
        self.company.aftersales_sla_warning_hours = 2
        with no_commit():
            self.env["aftersales.ticket.deadline"]._cron_aftersales_deadlines()
        self.assertFalse(self._deadline(ticket, "response").warned_at)
        self.assertFalse(ticket.activity_ids)

    def test_cron_batches_and_skips_a_failing_ticket(self):
        self._quiet_other_deadlines()
        now = fields.Datetime.now()
        tickets = self.env["helpdesk.ticket"]
        for index in range(5):
            tickets |= self._ticket(
                name=f"Breached {index}",
                aftersales_zone_id=self.zone_remote.id,
                aftersales_reported_at=now - timedelta(hours=13),
            )
        bad = tickets[2]
        original = AftersalesTicketDeadline._aftersales_escalate

        def escalate(lines, when):
            if bad in lines.ticket_id:
                raise ValueError("broken ticket")
            return original(lines, when)

        with (
            no_commit() as commit,
            patch.object(AftersalesTicketDeadline, "_aftersales_escalate", escalate),
            self.assertLogs(CRON_LOGGER, level="ERROR") as logs,
        ):
            failed = self.env["aftersales.ticket.deadline"]._cron_aftersales_deadlines(
                batch_size=2
            )
        self.assertEqual(failed, self._deadline(bad, "response").ids)
        self.assertIn("skipped", logs.output[0])
        self.assertEqual(
            set((tickets - bad).aftersales_deadline_ids.mapped("state")), {"breached"}
        )
        self.assertEqual(self._deadline(bad, "response").state, "running")
        # One progress call to set the total, then one per batch of 2: the
        # failing line is left out of the next searches.
        self.assertEqual(commit.call_count, 1 + 3)
