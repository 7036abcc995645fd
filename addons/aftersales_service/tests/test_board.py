from datetime import timedelta

from odoo import fields
from odoo.exceptions import UserError
from odoo.tests import HttpCase, tagged
from odoo.tools import mute_logger

from .common import AftersalesDispatchCommon


class BoardCommon(AftersalesDispatchCommon):
    """Two technicians of the team; a visit planned in two days (the time
    has not passed, so the rule's own reason requirement is not involved)."""

    def _soon(self, days=2, hour=9):
        day = fields.Datetime.now().replace(minute=0, second=0, microsecond=0)
        return day.replace(hour=hour) + timedelta(days=days)


@tagged("post_install", "-at_install")
class TestBoard(BoardCommon):
    def test_plain_write_of_time_or_technician_is_refused(self):
        """What web_timeline's drag (or any RPC client) sends: refused for
        the dispatcher, the manager and the technician; nothing changes."""
        visit = self._visit(self._ticket(), start=self._soon())
        before = (visit.planned_start, visit.planned_end, visit.user_id)
        later = self._soon(days=3)
        for user in (self.dispatcher, self.manager):
            for vals in (
                {"planned_start": later, "planned_end": later + timedelta(hours=2)},
                {"planned_end": later},
                {"user_id": self.technician_2.id},
            ):
                with self.assertRefused(UserError, "cannot be changed directly"):
                    visit.with_user(user).write(vals)
        visit.invalidate_recordset()
        self.assertEqual(
            (visit.planned_start, visit.planned_end, visit.user_id), before
        )
        self.assertEqual(visit.reschedule_count, 0)

    def test_drag_opens_reschedule_prefilled_and_writes_nothing(self):
        visit = self._visit(self._ticket(), start=self._soon())
        later = self._soon(days=3, hour=13)
        action = visit.with_user(self.dispatcher).action_board_move(
            fields.Datetime.to_string(later),
            fields.Datetime.to_string(later + timedelta(hours=2)),
            self.technician_2.id,
        )
        wizard = self.env[action["res_model"]].browse(action["res_id"])
        self.assertEqual(action["res_model"], "aftersales.visit.reschedule")
        self.assertEqual(wizard.planned_start, later)
        self.assertEqual(wizard.user_id, self.technician_2)
        self.assertTrue(wizard.from_board)
        self.assertEqual(visit.planned_start, self._soon())
        self.assertEqual(visit.user_id, self.technician)
        # The board asks the reason.
        with self.assertRefused(UserError, "give the reason for the move"):
            wizard.with_user(self.dispatcher).action_apply()
        self.assertEqual(visit.planned_start, self._soon())

    def test_accepted_move_changes_time_and_technician_and_tells_customer(self):
        visit = self._visit(self._ticket(), start=self._soon())
        later = self._soon(days=3, hour=13)
        action = visit.with_user(self.dispatcher).action_board_move(
            later, later + timedelta(hours=2), self.technician_2.id
        )
        wizard = self.env[action["res_model"]].browse(action["res_id"])
        wizard.reason = "Customer asked for the afternoon"
        wizard.with_user(self.dispatcher).action_apply()
        self.assertEqual(visit.planned_start, later)
        self.assertEqual(visit.user_id, self.technician_2)
        self.assertEqual(visit.reschedule_reason, "Customer asked for the afternoon")
        told = visit.ticket_id.message_ids.filtered(
            lambda m: "Customer asked for the afternoon" in (m.body or "")
        )
        self.assertIn(visit.ticket_id.partner_id, told.partner_ids)

    def test_refused_move_double_booking_changes_nothing(self):
        busy_at = self._soon(days=3, hour=9)
        self._visit(self._ticket(name="Busy"), start=busy_at, user=self.technician_2)
        visit = self._visit(self._ticket(), start=self._soon())
        action = visit.with_user(self.dispatcher).action_board_move(
            busy_at, busy_at + timedelta(hours=2), self.technician_2.id
        )
        wizard = self.env[action["res_model"]].browse(action["res_id"])
        wizard.reason = "Swap"
        with self.assertRefused(UserError, "cannot be moved there"):
            wizard.with_user(self.dispatcher).action_apply()
        visit.invalidate_recordset()
        self.assertEqual(visit.planned_start, self._soon())
        self.assertEqual(visit.user_id, self.technician)
        self.assertEqual(visit.reschedule_count, 0)

    def test_only_a_dispatcher_sends_another_technician(self):
        visit = self._visit(self._ticket(), start=self._soon())
        with self.assertRefused(Exception, "only a dispatcher changes"):
            visit.with_user(self.technician)._aftersales_reschedule(
                visit.planned_start, visit.planned_end, "", user=self.technician_2
            )
        self.assertEqual(visit.user_id, self.technician)

    def test_done_visit_cannot_be_dragged(self):
        visit = self._visit(self._ticket(), start=self._soon())
        visit.with_user(self.technician)._aftersales_cancel("Not needed")
        with self.assertRefused(UserError, "not possible now"):
            visit.with_user(self.dispatcher).action_board_move(
                self._soon(days=3), self._soon(days=3, hour=11), False
            )

    def test_risk_and_unassigned_requests_by_deadline(self):
        ticket = self._ticket()
        arrival = ticket.aftersales_deadline_ids.filtered(
            lambda d: d.kind == "arrival" and d.deadline
        )
        self.assertTrue(arrival, "the team's policy gives an arrival deadline")
        due = arrival.deadline
        for start, risk in (
            (due - timedelta(hours=6), "none"),
            (due - timedelta(hours=2), "at_risk"),
            (due + timedelta(hours=1), "late"),
        ):
            visit = self._visit(ticket, start=start, hours=1)
            self.assertEqual(visit.board_risk, risk, start)
            visit.with_user(self.technician)._aftersales_cancel("Test done")
            self.assertEqual(visit.board_risk, "none")
        waiting = self._ticket(name="Nobody sent yet")
        rows = self.env["aftersales.visit"].with_user(self.dispatcher)
        ids = [row["id"] for row in rows.aftersales_board_unassigned()]
        self.assertIn(waiting.id, ids)
        self.assertNotIn(ticket.id, ids)


@tagged("post_install", "-at_install")
class TestBoardTour(BoardCommon, HttpCase):
    browser_size = "1600x900"

    def _today(self, hour):
        return fields.Datetime.now().replace(
            hour=hour, minute=0, second=0, microsecond=0
        )

    def _board_visits(self):
        """Today (the board opens on this week), in UTC: Board job at 9:00
        for Tech Li, Wu's job at 13:00 for Tech Wu."""
        self.dispatcher.tz = "UTC"
        visit = self._visit(self._ticket(name="Board job"), start=self._today(9))
        self._visit(
            self._ticket(name="Wu's job"), start=self._today(13), user=self.technician_2
        )
        return visit

    def test_board_move_accepted(self):
        visit = self._board_visits()
        self.start_tour(
            "/odoo/action-aftersales_service.aftersales_visit_action_board",
            "aftersales_board_move_accepted_tour",
            login=self.dispatcher.login,
        )
        self.assertEqual(visit.user_id, self.technician_2)
        self.assertEqual(visit.reschedule_reason, "Board tour: customer asked")
        self.assertEqual(visit.planned_start, self._today(15))

    def test_board_move_refused(self):
        visit = self._board_visits()
        start = visit.planned_start
        # The refusal is a UserError shown to the dispatcher, which odoo.http
        # also logs as a warning.
        with mute_logger("odoo.http"):
            self.start_tour(
                "/odoo/action-aftersales_service.aftersales_visit_action_board",
                "aftersales_board_move_refused_tour",
                login=self.dispatcher.login,
            )
        self.assertEqual(visit.user_id, self.technician)
        self.assertEqual(visit.planned_start, start)
        self.assertEqual(visit.reschedule_count, 0)
