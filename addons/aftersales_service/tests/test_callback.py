from datetime import date, datetime, timedelta
from unittest.mock import patch

from freezegun import freeze_time

from odoo import fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, HttpCase, new_test_user, tagged

from .common import AftersalesDispatchCommon
from .test_protected import ANY_CONTEXT
from .test_visit import SIGNATURE

SOLVED_ON = datetime(2026, 11, 2, 10, 0)
# Crons commit per batch; not in a test.
NO_COMMIT = patch(
    "odoo.addons.base.models.ir_cron.IrCron._commit_progress", return_value=1.0
)


@tagged("post_install", "-at_install")
class TestCallback(AftersalesDispatchCommon):
    """Follow-up calls (回访): planned 5-7 days after a request is solved or a
    unit delivered; the outcome recorded by the desk, retried when the
    customer is not reached; a complaint raised in one click; the same
    rating by the technician's device and by a one-use, expiring link."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.write(
            {
                "aftersales_callback_first_day": 5,
                "aftersales_callback_last_day": 7,
                "aftersales_callback_user_id": cls.desk.id,
                "aftersales_callback_max_tries": 3,
                "aftersales_callback_retry_interval": 4,
                "aftersales_callback_retry_unit": "hours",
                "aftersales_rating_link_days": 14,
                "aftersales_satisfied_score": 8,
                "aftersales_satisfaction_target": 85.0,
                "aftersales_key_report_days": 10,
            }
        )
        cls.customer.email = "sunrise@example.com"
        cls.Callback = cls.env["aftersales.callback"]

    def _solved_ticket(self):
        ticket = self._ticket(aftersales_zone_id=self.zone_city.id)
        self._visit(ticket)
        with freeze_time(SOLVED_ON):
            ticket.with_user(self.desk).stage_id = self.env.ref(
                "helpdesk_mgmt.helpdesk_ticket_stage_done"
            )
        return ticket

    def _callback(self, ticket=None):
        ticket = ticket or self._solved_ticket()
        callback = ticket.aftersales_callback_ids.filtered(
            lambda c: c.kind == "service"
        )
        self.assertEqual(len(callback), 1)
        return callback

    def _record(self, callback, user=None, **values):
        action = callback.with_user(user or self.desk).action_record_outcome()
        form = Form(
            self.env[action["res_model"]]
            .with_user(user or self.desk)
            .with_context(**action["context"])
        )
        for name, value in values.items():
            setattr(form, name, value)
        return form.save().action_record()

    # ------------------------------------------------------------------
    # Planning
    # ------------------------------------------------------------------

    def test_call_planned_5_to_7_days_after_solving(self):
        ticket = self._solved_ticket()
        callback = self._callback(ticket)
        self.assertEqual(callback.state, "planned")
        self.assertEqual(callback.event_date, date(2026, 11, 2))
        self.assertEqual(callback.planned_date, date(2026, 11, 7))
        self.assertEqual(callback.deadline_date, date(2026, 11, 9))
        self.assertEqual(callback.partner_id, self.customer)
        self.assertEqual(callback.lot_id, self.lot)
        self.assertEqual(callback.user_id, self.desk)
        # It lands with the call-back desk as an activity, with the script.
        activity = callback.activity_ids
        self.assertEqual(len(activity), 1)
        self.assertEqual(activity.user_id, self.desk)
        self.assertEqual(activity.date_deadline, date(2026, 11, 7))
        self.assertEqual(
            activity.activity_type_id,
            self.env.ref("aftersales_service.mail_activity_type_callback"),
        )
        self.assertIn("how to complain", callback.script)
        # Overdue once the last day of the window has passed.
        for day, overdue in (("2026-11-09", False), ("2026-11-10", True)):
            with freeze_time(day):
                self.assertEqual(
                    callback in self.Callback.search([("overdue", "=", True)]),
                    overdue,
                )
                self.assertEqual(
                    callback in self.Callback.search([("overdue", "=", False)]),
                    not overdue,
                )
        # Reopened and solved again: still one call-back.
        ticket.stage_id = self.env.ref(
            "helpdesk_mgmt.helpdesk_ticket_stage_in_progress"
        )
        ticket.stage_id = self.env.ref("helpdesk_mgmt.helpdesk_ticket_stage_done")
        self.assertEqual(len(ticket.aftersales_callback_ids), 1)

    def test_window_is_a_setting(self):
        self.company.write(
            {"aftersales_callback_first_day": 2, "aftersales_callback_last_day": 3}
        )
        callback = self._callback()
        self.assertEqual(callback.planned_date, date(2026, 11, 4))
        self.assertEqual(callback.deadline_date, date(2026, 11, 5))

    def test_cancelled_request_gets_no_call(self):
        ticket = self._ticket()
        ticket.stage_id = self.env.ref("helpdesk_mgmt.helpdesk_ticket_stage_cancelled")
        self.assertFalse(ticket.aftersales_callback_ids)

    def test_call_planned_after_delivery(self):
        stock = self.env.ref("stock.stock_location_stock")
        customers = self.env.ref("stock.stock_location_customers")
        lot = self.env["stock.lot"].create(
            {"name": "AC-DELIV-1", "product_id": self.ac.id}
        )
        self.env["stock.quant"]._update_available_quantity(
            self.ac, stock, 1, lot_id=lot
        )
        picking = self.env["stock.picking"].create(
            {
                "picking_type_id": self.env.ref("stock.picking_type_out").id,
                "partner_id": self.other_customer.id,
                "location_id": stock.id,
                "location_dest_id": customers.id,
                "move_ids": [
                    (
                        0,
                        0,
                        {
                            "product_id": self.ac.id,
                            "product_uom_qty": 1,
                            "location_id": stock.id,
                            "location_dest_id": customers.id,
                        },
                    )
                ],
            }
        )
        picking.action_confirm()
        picking.action_assign()
        picking.move_ids.move_line_ids.lot_id = lot
        picking.move_ids.picked = True
        with freeze_time(SOLVED_ON):
            picking.button_validate()
        callback = self.Callback.search([("picking_id", "=", picking.id)])
        self.assertEqual(len(callback), 1)
        self.assertEqual(callback.kind, "delivery")
        self.assertEqual(callback.partner_id, self.other_customer)
        self.assertEqual(callback.lot_id, lot)
        self.assertEqual(callback.planned_date, date(2026, 11, 7))
        self.assertEqual(callback.deadline_date, date(2026, 11, 9))

    # ------------------------------------------------------------------
    # Outcome
    # ------------------------------------------------------------------

    def test_reached_records_the_answers(self):
        callback = self._callback()
        self._record(
            callback,
            score="9",
            explained_care="yes",
            right_first_time="yes",
            comment="All good",
        )
        self.assertEqual(callback.state, "done")
        self.assertTrue(callback.reached)
        self.assertEqual(callback.channel, "phone")
        self.assertEqual(callback.satisfaction, 9)
        self.assertTrue(callback.satisfied)
        self.assertEqual(callback.explained_care, "yes")
        self.assertEqual(callback.done_uid, self.desk)
        self.assertFalse(callback.activity_ids, "the to-do is done")
        self.assertEqual(callback.ticket_id.aftersales_satisfaction, 9)
        with self.assertRefused(UserError, "cannot be recorded again"):
            callback.with_user(self.desk)._aftersales_record_outcome(True, score=2)
        self.assertEqual(callback.satisfaction, 9)

    def test_score_must_be_1_to_10(self):
        callback = self._callback()
        for bad in (0, 11, -1):
            with self.assertRefused(UserError, "from 1 to 10"):
                callback.with_user(self.desk)._aftersales_record_outcome(
                    True, score=bad
                )
        self.assertEqual(callback.state, "planned")
        self.assertFalse(callback.satisfaction)

    def test_retry_plan_then_unreachable(self):
        callback = self._callback()
        with freeze_time("2026-11-07 02:00:00"):
            self._record(callback, reached="not_reached", comment="No answer")
            self.assertEqual(callback.state, "planned")
            self.assertEqual(callback.try_count, 1)
            self.assertEqual(callback.next_call_at, datetime(2026, 11, 7, 6, 0))
            self.assertEqual(len(callback.activity_ids), 1)
            self.assertEqual(callback.activity_ids.date_deadline, date(2026, 11, 7))
        with freeze_time("2026-11-07 06:00:00"):
            self._record(callback, reached="not_reached")
            self.assertEqual(callback.try_count, 2)
            self.assertEqual(callback.next_call_at, datetime(2026, 11, 7, 10, 0))
        with freeze_time("2026-11-07 10:00:00"):
            self._record(callback, reached="not_reached")
        self.assertEqual(callback.state, "unreachable")
        self.assertEqual(callback.try_count, 3)
        self.assertFalse(callback.activity_ids)
        self.assertFalse(callback.satisfaction)
        self.assertIn(
            callback,
            self.Callback.with_user(self.desk).search([("state", "=", "unreachable")]),
        )
        # Not reached by phone: the rating link goes by e-mail, and the
        # customer's answer still counts.
        answer = callback.survey_user_input_id.sudo()
        self.assertTrue(answer)
        self.assertIn(
            answer.access_token, callback.message_ids[:1].body or "", "link e-mailed"
        )
        self._answer_survey(answer, 8)
        self.assertEqual(callback.state, "done")
        self.assertEqual(callback.channel, "link")
        self.assertEqual(callback.satisfaction, 8)

    def test_outcome_protected(self):
        """Outcome fields are written only by the recording action: refused to
        the desk and the manager through create/write with any context, and
        the technician cannot record at all."""
        callback = self._callback()
        for user in (self.desk, self.manager):
            for vals in (
                {"state": "done"},
                {"satisfaction": 10},
                {"reached": True},
                {"try_count": 0},
                {"explained_care": "yes"},
                {"comment": "Happy"},
                {"complaint_ticket_id": callback.ticket_id.id},
            ):
                with self.assertRefused(UserError, "cannot be set directly"):
                    callback.with_user(user).with_context(**ANY_CONTEXT).write(vals)
        with self.assertRefused(UserError, "cannot be set directly"):
            self.Callback.with_user(self.desk).with_context(**ANY_CONTEXT).create(
                {
                    "partner_id": self.customer.id,
                    "state": "done",
                    "satisfaction": 10,
                }
            )
        # The technician of the job reads it, nothing more.
        self.assertEqual(callback.technician_id, self.technician)
        as_tech = callback.with_user(self.technician)
        self.assertEqual(as_tech.partner_id, self.customer)
        with self.assertRaises(AccessError):
            as_tech._aftersales_record_outcome(True, score=10)
        with self.assertRaises(AccessError):
            as_tech.write({"planned_date": date(2026, 12, 1)})
        callback.invalidate_recordset()
        self.assertEqual(callback.state, "planned")
        self.assertFalse(
            callback.satisfaction or callback.reached or callback.try_count
        )
        self.assertEqual(
            self.Callback.search_count([("partner_id", "=", self.customer.id)]), 1
        )

    def test_technician_sees_only_own_jobs(self):
        mine = self._callback()
        other = self.Callback.create(
            {"partner_id": self.other_customer.id, "kind": "delivery"}
        )
        visible = self.Callback.with_user(self.technician).search([])
        self.assertIn(mine, visible)
        self.assertNotIn(other, visible)

    def test_raise_complaint(self):
        callback = self._callback()
        self._record(
            callback,
            score="3",
            explained_care="no",
            right_first_time="no",
            comment="Broke again",
        )
        self.assertTrue(callback.unhappy)
        action = callback.with_user(self.desk).action_raise_complaint()
        complaint = callback.complaint_ticket_id
        self.assertEqual(action["res_id"], complaint.id)
        self.assertEqual(complaint.aftersales_request_type, "complaint")
        self.assertEqual(complaint.aftersales_complaint_channel, "callback")
        self.assertEqual(complaint.aftersales_complaint_ticket_id, callback.ticket_id)
        self.assertEqual(complaint.partner_id, self.customer)
        self.assertEqual(complaint.aftersales_lot_id, self.lot)
        self.assertIn("Broke again", complaint.description)
        # A second click opens the same complaint.
        callback.with_user(self.desk).action_raise_complaint()
        self.assertEqual(
            self.env["helpdesk.ticket"].search_count(
                [
                    ("aftersales_request_type", "=", "complaint"),
                    ("partner_id", "=", self.customer.id),
                ]
            ),
            1,
        )

    def test_complaint_refused_before_the_call(self):
        callback = self._callback()
        with self.assertRefused(UserError, "record the call first"):
            callback.with_user(self.desk).action_raise_complaint()
        self.assertFalse(callback.complaint_ticket_id)
        self.assertFalse(
            self.env["helpdesk.ticket"].search(
                [
                    ("aftersales_request_type", "=", "complaint"),
                    ("partner_id", "=", self.customer.id),
                ]
            )
        )

    # ------------------------------------------------------------------
    # Rating at signature and by link
    # ------------------------------------------------------------------

    def test_rating_on_the_technicians_device(self):
        ticket = self._ticket(aftersales_zone_id=self.zone_city.id)
        visit = self._visit(ticket).with_user(self.technician)
        visit.action_depart()
        visit.action_check_in()
        visit.action_start_work()
        visit.write({"work_done": "<p>Fixed.</p>", "test_result": "passed"})
        visit.action_done()
        sign = visit.action_open_sign()
        action = (
            self.env[sign["res_model"]]
            .with_user(self.technician)
            .with_context(**sign["context"])
            .create({"signature": SIGNATURE})
            .action_sign()
        )
        self.assertEqual(action["res_model"], "aftersales.visit.rating")
        rating = Form(
            self.env[action["res_model"]]
            .with_user(self.technician)
            .with_context(**action["context"])
        )
        rating.score = "10"
        rating.explained_care = "yes"
        rating.save().action_rate()
        callback = ticket.aftersales_callback_ids
        self.assertEqual(callback.kind, "site")
        self.assertEqual(callback.channel, "device")
        self.assertEqual(callback.satisfaction, 10)
        self.assertEqual(callback.done_uid, self.technician)
        self.assertEqual(ticket.aftersales_satisfaction, 10)
        # Once per visit.
        with self.assertRefused(UserError, "already rated"):
            self.Callback.with_user(self.technician)._aftersales_rate_on_site(
                visit, {"score": 1}
            )
        self.assertEqual(ticket.aftersales_satisfaction, 10)
        self.assertEqual(len(ticket.aftersales_callback_ids), 1)

    def test_rating_refused_before_signature(self):
        ticket = self._ticket(aftersales_zone_id=self.zone_city.id)
        visit = self._visit(ticket)
        with self.assertRefused(UserError, "after signing"):
            self.Callback.with_user(self.technician)._aftersales_rate_on_site(
                visit, {"score": 10}
            )
        self.assertFalse(ticket.aftersales_callback_ids)

    def _answer_survey(self, answer, score, care="yes"):
        """What the survey controller does with the customer's answers."""
        survey = answer.survey_id
        questions = {q.aftersales_role: q for q in survey.question_ids}
        answer._save_lines(questions["score"], str(score))
        care_choice = questions["care"].suggested_answer_ids.filtered(
            lambda a: a.aftersales_yes == (care == "yes")
        )
        answer._save_lines(questions["care"], care_choice.id)
        first = questions["first_time"].suggested_answer_ids.filtered("aftersales_yes")
        answer._save_lines(questions["first_time"], first.id)
        answer._mark_done()

    def test_rating_link_copies_the_score_once(self):
        callback = self._callback()
        callback.with_user(self.desk).action_send_rating_link()
        answer = callback.survey_user_input_id
        self.assertTrue(answer.access_token)
        self.assertTrue(callback.rating_url.endswith(answer.access_token))
        self.assertAlmostEqual(
            answer.deadline,
            fields.Datetime.now() + timedelta(days=14),
            delta=timedelta(minutes=5),
        )
        self._answer_survey(answer.sudo(), 7, care="no")
        self.assertEqual(callback.state, "done")
        self.assertEqual(callback.channel, "link")
        self.assertEqual(callback.satisfaction, 7)
        self.assertEqual(callback.explained_care, "no")
        self.assertEqual(callback.right_first_time, "yes")
        self.assertTrue(callback.unhappy, "7 is below the satisfied-from score 8")
        self.assertEqual(callback.ticket_id.aftersales_satisfaction, 7)
        self.assertFalse(callback.rating_url, "no link once answered")
        # A second answer sheet (the survey's retry route) changes nothing.
        again = answer.survey_id.sudo()._create_answer(
            partner=self.customer, check_attempts=False
        )
        self._answer_survey(again, 10)
        callback.invalidate_recordset()
        self.assertEqual(callback.satisfaction, 7)
        self.assertEqual(callback.survey_user_input_id, answer)

    def test_link_expires_when_the_call_is_recorded(self):
        callback = self._callback()
        callback.with_user(self.desk).action_get_rating_link()
        answer = callback.survey_user_input_id.sudo()
        self._record(callback, score="9")
        self.assertLess(answer.deadline, fields.Datetime.now() + timedelta(seconds=1))
        self._answer_survey(answer, 2)
        self.assertEqual(callback.satisfaction, 9)
        self.assertEqual(callback.channel, "phone")

    # ------------------------------------------------------------------
    # Key customers and the satisfaction rate
    # ------------------------------------------------------------------

    def test_key_customer_yearly_visit_and_report(self):
        with freeze_time("2026-03-01"):
            self.customer.with_user(self.desk).aftersales_key_customer = True
            visit = self.customer.aftersales_callback_ids.filtered(
                lambda c: c.kind == "key_visit"
            )
            self.assertEqual(len(visit), 1)
            self.assertEqual(visit.deadline_date, date(2026, 12, 31))
            with NO_COMMIT:
                self.Callback._cron_plan_key_visits()
            self.assertEqual(len(self.customer.aftersales_callback_ids), 1)
            self._record(visit, reached="reached")
            self.assertEqual(visit.state, "done")
            self.assertEqual(visit.report_due_date, date(2026, 3, 11))
            report = visit.activity_ids
            self.assertEqual(report.date_deadline, date(2026, 3, 11))
            self.assertFalse(visit.report_overdue)
        with freeze_time("2026-03-12"):
            visit.invalidate_recordset(["report_overdue"])
            self.assertTrue(visit.report_overdue)
            self.assertIn(visit, self.Callback.search([("report_overdue", "=", True)]))
            with self.assertRefused(UserError, "write the visit report"):
                visit.with_user(self.desk).action_submit_report()
            visit.with_user(self.desk).report = "<p>Met the chief engineer.</p>"
            visit.with_user(self.desk).action_submit_report()
            self.assertFalse(visit.report_overdue)
            self.assertFalse(visit.activity_ids)
        with freeze_time("2027-01-05"), NO_COMMIT:
            self.Callback._cron_plan_key_visits()
            planned = self.customer.aftersales_callback_ids.filtered(
                lambda c: c.planned_date and c.planned_date.year == 2027
            )
            self.assertEqual(len(planned), 1)

    def test_satisfaction_rate_against_target(self):
        scores = [10, 9, 8, 8, 7, 3]
        callbacks = self.Callback
        for score in scores:
            callback = self._callback()
            callback.with_user(self.desk)._aftersales_record_outcome(True, score=score)
            callbacks |= callback
        mine = [("id", "in", callbacks.ids)]
        rate, met = self.Callback._aftersales_satisfaction_rate(mine)
        self.assertEqual(float(rate), 66.67)
        self.assertFalse(met)
        groups = self.Callback._read_group(
            [*mine, ("satisfaction", ">", 0)], [], ["satisfied_rate:avg"]
        )
        self.assertAlmostEqual(groups[0][0], 4 / 6 * 100)
        self.company.aftersales_satisfied_score = 7
        rate, met = self.Callback._aftersales_satisfaction_rate(mine)
        self.assertEqual(float(rate), 83.33)
        self.assertFalse(met)
        self.company.aftersales_satisfaction_target = 80
        self.assertTrue(self.Callback._aftersales_satisfaction_rate(mine)[1])


@tagged("post_install", "-at_install")
class TestRatingLinkOverHttp(HttpCase):
    """The customer rates through Odoo's survey routes, without logging in:
    once, and not after the link expired."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.customer = cls.env["res.partner"].create(
            {"name": "Lakeside Villa", "email": "villa@example.com"}
        )
        cls.survey = cls.env.ref("aftersales_service.survey_aftersales_satisfaction")
        cls.questions = {q.aftersales_role: q for q in cls.survey.question_ids}

    def _callback(self):
        callback = self.env["aftersales.callback"].create(
            {"partner_id": self.customer.id, "kind": "delivery"}
        )
        callback.action_get_rating_link()
        return callback, callback.survey_user_input_id.access_token

    def _call(self, route, token, params):
        response = self.url_open(
            f"/survey/{route}/{self.survey.access_token}/{token}",
            json={"params": params},
        )
        self.assertEqual(response.status_code, 200)
        return response.json()["result"]

    def _submit(self, token, score):
        yes = self.questions["care"].suggested_answer_ids.filtered("aftersales_yes")
        first = self.questions["first_time"].suggested_answer_ids.filtered(
            "aftersales_yes"
        )
        return self._call(
            "submit",
            token,
            {
                str(self.questions["score"].id): str(score),
                str(self.questions["care"].id): str(yes.id),
                str(self.questions["first_time"].id): str(first.id),
                str(self.questions["comment"].id): "Quick and tidy",
            },
        )

    def test_rate_once_without_login(self):
        callback, token = self._callback()
        start = self.url_open(callback.rating_url, allow_redirects=False)
        self.assertIn(start.status_code, (302, 303))
        self._call("begin", token, {"lang_code": "en_US"})
        result = self._submit(token, 9)
        self.assertNotIn("error", result[1])
        callback.invalidate_recordset()
        self.assertEqual(callback.state, "done")
        self.assertEqual(callback.channel, "link")
        self.assertEqual(callback.satisfaction, 9)
        self.assertEqual(callback.explained_care, "yes")
        self.assertEqual(callback.comment, "Quick and tidy")
        # The same token a second time: refused, nothing changes.
        result = self._submit(token, 1)
        self.assertEqual(result[1].get("error"), "unauthorized")
        callback.invalidate_recordset()
        self.assertEqual(callback.satisfaction, 9)
        self.assertEqual(
            callback.survey_user_input_id.user_input_line_ids.filtered(
                lambda line: line.question_id == self.questions["score"]
            ).value_scale,
            9,
        )

    def test_expired_link_refused(self):
        callback, token = self._callback()
        callback.survey_user_input_id.deadline = fields.Datetime.now() - timedelta(
            minutes=1
        )
        result = self._call("begin", token, {"lang_code": "en_US"})
        self.assertEqual(result[1].get("error"), "answer_deadline")
        result = self._submit(token, 10)
        self.assertEqual(result[1].get("error"), "answer_deadline")
        callback.invalidate_recordset()
        self.assertEqual(callback.state, "planned")
        self.assertFalse(callback.satisfaction)
        self.assertFalse(callback.survey_user_input_id.user_input_line_ids)

    def test_portal_shows_the_score_and_the_link(self):
        portal = new_test_user(
            self.env, login="as_portal_rating", groups="base.group_portal"
        )
        ticket = self.env["helpdesk.ticket"].create(
            {
                "name": "Noisy fan",
                "description": "<p>x</p>",
                "partner_id": portal.partner_id.id,
            }
        )
        callback = self.env["aftersales.callback"].create(
            {"partner_id": portal.partner_id.id, "ticket_id": ticket.id}
        )
        callback.action_get_rating_link()
        self.authenticate("as_portal_rating", "as_portal_rating")
        page = self.url_open(f"/my/ticket/{ticket.id}")
        self.assertIn("Rate our service", page.text)
        self.assertIn(callback.survey_user_input_id.access_token, page.text)
        callback._aftersales_record_outcome(True, score=8)
        page = self.url_open(f"/my/ticket/{ticket.id}")
        self.assertIn("8/10", page.text.replace("</span>", "").replace(" ", ""))
        self.assertNotIn("Rate our service", page.text)
