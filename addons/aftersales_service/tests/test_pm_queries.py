from datetime import timedelta
from unittest.mock import patch

from odoo import fields
from odoo.tests import tagged

from .common import AftersalesCommon
from .test_sla import no_commit


@tagged("post_install", "-at_install")
class TestPmQueries(AftersalesCommon):
    """The PM job's batch path (``_aftersales_generate`` on a batch of
    plans: occurrences, then the requests with their numbers, coverage,
    deadlines and task lists): its queries do not grow with the number of
    units, and a second run creates nothing."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.write(
            {"aftersales_pm_window_days": 7, "aftersales_pm_horizon_days": 120}
        )
        today = fields.Date.today()
        cls.contract = cls.env["aftersales.contract"].create(
            {
                "partner_id": cls.customer.id,
                "date_start": today - timedelta(days=30),
                "date_end": today + timedelta(days=400),
                "product_ids": [(6, 0, cls.ac.ids)],
            }
        )
        cls.contract.action_activate()
        cls.made = 0

    def _task(self, name, task_type):
        return (0, 0, {"name": name, "task_type": task_type, "performer": "mechanic"})

    def _plans(self, count):
        """``count`` units under the contract, one plan each: by calendar
        (level 1 quarterly, seasonal yearly) and by running hours (level 1
        every 250 h, level 2 every 500 h, 8 h a day), alternately."""
        today = fields.Date.today()
        type(self).made += 1
        lots = self.env["stock.lot"].create(
            [
                {
                    "name": f"PMQ-{self.made}-{index}",
                    "product_id": self.ac.id,
                    "aftersales_customer_id": self.customer.id,
                }
                for index in range(count)
            ]
        )
        hours_lots = lots[1::2]
        self.env["aftersales.meter.reading"].create(
            [
                {"lot_id": lot.id, "date": day, "hours": hours, "source": "customer"}
                for lot in hours_lots
                for day, hours in (
                    (today - timedelta(days=20), 1000.0),
                    (today, 1160.0),
                )
            ]
        )
        calendar_levels = [
            {
                "level": "level1",
                "interval": 3,
                "interval_unit": "months",
                "first_due_date": today + timedelta(days=5),
                "task_ids": [
                    self._task("Clean filters", "clean"),
                    self._task("Test", "test"),
                ],
            },
            {
                "level": "seasonal",
                "interval": 12,
                "interval_unit": "months",
                "first_due_date": today + timedelta(days=60),
                "task_ids": [self._task("Replenish refrigerant", "replenish")],
            },
        ]
        hours_levels = [
            {
                "level": level,
                "interval": interval,
                "interval_unit": "hours",
                "start_hours": 1000.0,
                "task_ids": [
                    self._task(f"{level} grease", "lubricate"),
                    self._task("Tighten", "tighten"),
                ],
            }
            for level, interval in (("level1", 250), ("level2", 500))
        ]
        return self.env["aftersales.pm.plan"].create(
            [
                {
                    "name": f"Plan {lot.name}",
                    "contract_id": self.contract.id,
                    "team_id": self.team.id,
                    "lot_id": lot.id,
                    "level_ids": [
                        (0, 0, vals)
                        for vals in (
                            hours_levels if lot in hours_lots else calendar_levels
                        )
                    ],
                }
                for lot in lots
            ]
        )

    def _run(self, plans):
        with no_commit():
            dues = plans._aftersales_generate(fields.Date.today())
        self.assertTrue(dues)
        requests = dues.ticket_id
        self.assertEqual(len(requests), len(dues.filtered(lambda d: not d.replaced)))
        self.assertEqual(set(requests.mapped("aftersales_coverage")), {"contract"})
        self.assertTrue(all(requests.mapped("aftersales_deadline_ids")))
        self.assertTrue(all(requests.mapped("aftersales_pm_check_ids")))

    def test_generation_queries_flat_and_never_twice(self):
        # Odoo writes the rows of one INSERT in chunks of 100 (requests, task
        # checks, deadlines): the only growth allowed is that chunking.
        counts = self.assertQueriesFlat(self._plans, self._run, slack=8)
        self.assertGreater(counts[0], 0)
        plans = self._plans(4)
        self._run(plans)
        dues = plans.due_ids
        # The same day again, and the day marker cleared: nothing new.
        with no_commit():
            self.assertFalse(plans._aftersales_generate(fields.Date.today()))
            plans.write({"checked_on": False})
            self.assertFalse(plans._aftersales_generate(fields.Date.today()))
        self.assertEqual(plans.due_ids, dues)

    def test_a_query_per_request_fails_the_count(self):
        """The count above catches a loop: the same job with one more
        search per occurrence fails it."""
        Due = type(self.env["aftersales.pm.due"])
        create_requests = Due._aftersales_create_requests

        def looping(dues):
            for due in dues:
                dues.env["helpdesk.ticket"].search_count(
                    [("aftersales_lot_id", "=", due.lot_id.id)]
                )
            return create_requests(dues)

        with (
            patch.object(Due, "_aftersales_create_requests", looping),
            self.assertRaisesRegex(AssertionError, "a query per record"),
        ):
            self.assertQueriesFlat(self._plans, self._run, slack=8)
