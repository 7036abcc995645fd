from datetime import timedelta

from odoo import fields
from odoo.tests import HttpCase, tagged

from .common import AftersalesDispatchCommon


class MyDayCommon(AftersalesDispatchCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.technician.tz = "Asia/Shanghai"
        cls.customer.write(
            {"street": "88 Renmin Road", "city": "Suzhou", "phone": "+86 512 6000 0001"}
        )

    def _today_at(self, hour):
        """``hour`` o'clock today in Shanghai, as stored (UTC)."""
        end = self.env["aftersales.visit"].with_user(self.technician)
        midnight = end._aftersales_end_of_today() - timedelta(days=1)
        return midnight + timedelta(hours=hour)


@tagged("post_install", "-at_install")
class TestMyDay(MyDayCommon):
    def test_my_day_is_today_and_overdue_open_visits_in_planned_order(self):
        today_late = self._visit(self._ticket(), start=self._today_at(15))
        today_early = self._visit(self._ticket(), start=self._today_at(9))
        overdue = self._visit(self._ticket(), start=self._today_at(9) - timedelta(2))
        tomorrow = self._visit(self._ticket(), start=self._today_at(33))
        cancelled = self._visit(self._ticket(), start=self._today_at(11))
        cancelled._aftersales_cancel("Customer away")
        done_unsigned = self._visit(
            self._ticket(), start=self._today_at(8) - timedelta(1)
        )
        done_unsigned._aftersales_write_history(
            {"state": "done", "check_out_at": fields.Datetime.now()}
        )
        others = self._visit(
            self._ticket(), start=self._today_at(10), user=self.technician_2
        )
        Visit = self.env["aftersales.visit"].with_user(self.technician)
        mine = Visit.search(
            [("in_my_day", "=", True)], order="planned_start asc, id asc"
        )
        self.assertEqual(mine, done_unsigned | overdue | today_early | today_late)
        self.assertEqual(
            mine.mapped("planned_start"), sorted(mine.mapped("planned_start"))
        )
        self.assertNotIn(tomorrow, mine)
        self.assertNotIn(cancelled, mine)
        self.assertNotIn(others, mine)
        self.assertEqual(
            Visit.search([("in_my_day", "=", False), ("id", "in", mine.ids)]),
            Visit,
        )

    def test_next_step_follows_the_visit(self):
        visit = self._visit(self._ticket(), start=self._today_at(9))
        visit = visit.with_user(self.technician)
        steps = []
        for action in (
            visit.action_depart,
            visit.action_check_in,
            visit.action_start_work,
        ):
            steps.append(visit.next_step)
            action()
        steps.append(visit.next_step)
        visit.write({"work_done": "<p>Replaced the capacitor.</p>"})
        visit.write({"test_result": "passed"})
        visit.action_done()
        steps.append(visit.next_step)
        self.assertEqual(steps, ["depart", "check_in", "start_work", "finish", "sign"])

    def test_card_links(self):
        visit = self._visit(self._ticket(), start=self._today_at(9))
        self.assertTrue(
            visit.map_url.startswith("https://uri.amap.com/search?keyword=")
        )
        self.assertIn("Renmin", visit.map_url)
        self.assertEqual(visit.site_phone, "+86 512 6000 0001")


@tagged("post_install", "-at_install")
class TestMyDayTour(MyDayCommon, HttpCase):
    browser_size = "390x844"
    touch_enabled = True

    def test_technician_day_on_a_phone(self):
        visit = self._visit(self._ticket(), start=self._today_at(9))
        self.start_tour(
            "/odoo/action-aftersales_service.aftersales_visit_action_my_day",
            "aftersales_my_day_tour",
            login=self.technician.login,
        )
        self.assertEqual(visit.state, "done")
        self.assertEqual(visit.test_result, "passed")
        self.assertTrue(visit.check_out_at)
