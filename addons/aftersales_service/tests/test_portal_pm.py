from datetime import timedelta

from odoo import fields
from odoo.tests import HttpCase, tagged

from .common import AftersalesDispatchCommon, AftersalesPortalMixin


@tagged("post_install", "-at_install")
class TestCustomerPortalPm(AftersalesPortalMixin, HttpCase, AftersalesDispatchCommon):
    """The unit page's maintenance plan and the customer's meter readings,
    with two portal customers of two customer companies: each reads and
    posts only on their own unit."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._aftersales_portal_users("as_pm_portal", "Mr Zhou A", "Ms Lin B")
        start = fields.Date.today() - timedelta(days=30)
        cls.lot.write(
            {
                "aftersales_warranty_start": start,
                "aftersales_warranty_start_source": "card",
            }
        )
        cls.lot_b = cls._lot("AC-0002", start, customer=cls.other_customer)
        cls.plan = cls.env["aftersales.pm.plan"].create(
            {
                "name": "Compressor hours service",
                "team_id": cls.team.id,
                "lot_id": cls.lot.id,
                "level_ids": [
                    (
                        0,
                        0,
                        {
                            "level": "level1",
                            "interval": 250,
                            "interval_unit": "hours",
                            "start_hours": 0,
                        },
                    ),
                    (
                        0,
                        0,
                        {
                            "level": "seasonal",
                            "interval": 6,
                            "interval_unit": "months",
                            "first_due_date": fields.Date.today() + timedelta(days=20),
                        },
                    ),
                ],
            }
        )
        cls.env["aftersales.meter.reading"].create(
            {
                "lot_id": cls.lot.id,
                "date": fields.Date.today() - timedelta(days=10),
                "hours": 100,
            }
        )

    def _readings(self, lot):
        return self.env["aftersales.meter.reading"].search(
            [("lot_id", "=", lot.id)], order="id"
        )

    def test_unit_page_shows_plan_levels_and_next_due(self):
        self.authenticate("as_pm_portal_a", "as_pm_portal_a")
        page = self.url_open(f"/my/units/{self.lot.id}")
        self.assertEqual(page.status_code, 200)
        self.assertIn("Compressor hours service", page.text)
        self.assertIn("aftersales_unit_pm", page.text)
        self.assertIn("o_aftersales_reading_form", page.text)
        next_seasonal = fields.Date.today() + timedelta(days=20)
        rows = self.lot._aftersales_portal_pm()
        self.assertEqual(
            [(row["level"], row["next_date"]) for row in rows][1],
            ("Seasonal", next_seasonal),
        )
        self.assertTrue(rows[0]["hours_based"])
        self.assertEqual(rows[0]["next_hours"], 250)
        # The other customer's unit: no plan, no reading form.
        self.authenticate("as_pm_portal_b", "as_pm_portal_b")
        page = self.url_open(f"/my/units/{self.lot_b.id}")
        self.assertIn("No preventive maintenance plan", page.text)
        self.assertNotIn("Compressor hours service", page.text)
        self.assertNotIn("o_aftersales_reading_form", page.text)

    def test_customer_records_a_reading(self):
        self.authenticate("as_pm_portal_a", "as_pm_portal_a")
        answer = self._post(f"/my/units/{self.lot.id}/reading", {"hours": "180.5"})
        self.assertEqual(answer.status_code, 303)
        reading = self._readings(self.lot)[-1]
        self.assertEqual(reading.hours, 180.5)
        self.assertEqual(reading.source, "customer")
        page = self.url_open(f"/my/units/{self.lot.id}?reading_saved=1")
        self.assertIn("o_aftersales_reading_saved", page.text)
        self.assertIn("180.5", page.text)

    def test_meter_running_backwards_is_refused_on_the_page(self):
        self.authenticate("as_pm_portal_a", "as_pm_portal_a")
        before = self._readings(self.lot)
        for data, text in (
            ({"hours": "90"}, "a meter does not run backwards"),
            ({"hours": "-5"}, "Running hours: enter the number"),
            ({"hours": "many"}, "Running hours: enter the number"),
            (
                {
                    "hours": "300",
                    "date": str(fields.Date.today() + timedelta(days=3)),
                },
                "cannot be dated after today",
            ),
        ):
            answer = self._post(f"/my/units/{self.lot.id}/reading", data)
            self.assertEqual(answer.status_code, 200)
            self.assertIn("o_aftersales_reading_error", answer.text)
            self.assertIn(text, answer.text)
        self.assertEqual(self._readings(self.lot), before)

    def test_other_customer_cannot_read_or_post_to_the_unit(self):
        self.authenticate("as_pm_portal_b", "as_pm_portal_b")
        before = self._readings(self.lot)
        self.assertEqual(self.url_open(f"/my/units/{self.lot.id}").status_code, 404)
        answer = self._post(f"/my/units/{self.lot.id}/reading", {"hours": "500"})
        self.assertEqual(answer.status_code, 404)
        self.assertEqual(self._readings(self.lot), before)
        # Their own unit has no running-hours plan: no reading to record.
        answer = self._post(f"/my/units/{self.lot_b.id}/reading", {"hours": "10"})
        self.assertIn("no maintenance by running hours", answer.text)
        self.assertFalse(self._readings(self.lot_b))
        # Nor through the ORM: the plan and the readings are not theirs.
        env = self.env(user=self.portal_b)
        self.assertFalse(env["aftersales.pm.plan"].has_access("read"))
        self.assertFalse(env["aftersales.meter.reading"].has_access("read"))
