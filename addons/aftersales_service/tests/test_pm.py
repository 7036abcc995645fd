from datetime import date
from unittest.mock import patch

from psycopg2 import IntegrityError

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import AftersalesCommon


@tagged("post_install", "-at_install")
class TestPreventiveMaintenance(AftersalesCommon):
    """保养 plans: due dates by calendar and by running hours, the higher
    level replacing the lower, never twice, the task list at the visit."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.write(
            {"aftersales_pm_window_days": 7, "aftersales_pm_horizon_days": 30}
        )
        cls.contract = cls.env["aftersales.contract"].create(
            {
                "partner_id": cls.customer.id,
                "date_start": date(2026, 1, 1),
                "date_end": date(2027, 12, 31),
                "lot_ids": [(6, 0, cls.lot.ids)],
            }
        )
        cls.contract.action_activate()
        cls.Plan = cls.env["aftersales.pm.plan"].with_user(cls.dispatcher)

    def _plan(self, levels, lot=None):
        return self.Plan.create(
            {
                "name": "AC 保养",
                "contract_id": self.contract.id,
                "team_id": self.team.id,
                "lot_id": (lot or self.lot).id,
                "level_ids": [(0, 0, level) for level in levels],
            }
        )

    def _task(self, name, task_type="inspect", performer="mechanic"):
        return (0, 0, {"name": name, "task_type": task_type, "performer": performer})

    def test_calendar_level_and_never_twice(self):
        plan = self._plan(
            [
                {
                    "level": "level1",
                    "interval": 3,
                    "interval_unit": "months",
                    "first_due_date": date(2026, 3, 10),
                    "task_ids": [self._task("Clean filters", "clean")],
                }
            ]
        )
        dues = plan._aftersales_generate(date(2026, 3, 1), horizon_days=120)
        self.assertEqual(
            dues.mapped("due_date"), [date(2026, 3, 10), date(2026, 6, 10)]
        )
        self.assertEqual(dues[0].window_end, date(2026, 3, 17))
        ticket = dues[0].ticket_id
        self.assertEqual(ticket.aftersales_request_type, "maintenance")
        self.assertEqual(ticket.aftersales_lot_id, self.lot)
        self.assertEqual(ticket.aftersales_contract_id, self.contract)
        self.assertEqual(ticket.aftersales_coverage, "contract")
        self.assertEqual(
            ticket.aftersales_pm_check_ids.mapped("name"), ["Clean filters"]
        )
        # Not dispatched by the cron: the dispatcher plans the visit.
        self.assertFalse(ticket.aftersales_visit_ids)
        # The same run again, and a later one: nothing twice.
        self.assertFalse(plan._aftersales_generate(date(2026, 3, 1), horizon_days=120))
        later = plan._aftersales_generate(date(2026, 3, 2), horizon_days=200)
        self.assertEqual(later.mapped("due_date"), [date(2026, 9, 10)])
        # The key refuses a second occurrence, whoever tries.
        with mute_logger("odoo.sql_db"), self.assertRaises(IntegrityError):
            self.env["aftersales.pm.due"].create(
                {
                    "plan_id": plan.id,
                    "lot_id": self.lot.id,
                    "level_id": plan.level_ids.id,
                    "due_date": date(2026, 3, 10),
                }
            )

    def test_hours_level_forecast_from_readings(self):
        Reading = self.env["aftersales.meter.reading"].with_user(self.technician)
        Reading.sudo().create(
            [
                {"lot_id": self.lot.id, "date": date(2026, 3, 1), "hours": 1000},
                {"lot_id": self.lot.id, "date": date(2026, 3, 11), "hours": 1200},
            ]
        )
        plan = self._plan(
            [
                {
                    "level": "level1",
                    "interval": 250,
                    "interval_unit": "hours",
                    "start_hours": 1000,
                }
            ]
        )
        dues = plan._aftersales_generate(date(2026, 3, 11), horizon_days=20)
        # 20 h a day: 1250 h on 14 March, 1500 h on 26 March.
        self.assertEqual(
            [(d.due_date, d.due_hours) for d in dues],
            [(date(2026, 3, 14), 1250.0), (date(2026, 3, 26), 1500.0)],
        )
        # The meter never runs backwards.
        with self.assertRefused(Exception, "does not run backwards"):
            self.env["aftersales.meter.reading"].create(
                {"lot_id": self.lot.id, "date": date(2026, 3, 20), "hours": 900}
            )

    def test_higher_level_in_the_window_replaces_the_lower(self):
        plan = self._plan(
            [
                {
                    "level": "level1",
                    "interval": 1,
                    "interval_unit": "months",
                    "first_due_date": date(2026, 3, 1),
                    "task_ids": [self._task("Grease", "lubricate")],
                },
                {
                    "level": "level2",
                    "interval": 6,
                    "interval_unit": "months",
                    "first_due_date": date(2026, 3, 5),
                    "task_ids": [self._task("Change oil", "replenish")],
                },
            ]
        )
        dues = plan._aftersales_generate(date(2026, 2, 20), horizon_days=40)
        level1 = dues.filtered(lambda d: d.level == "level1")
        level2 = dues.filtered(lambda d: d.level == "level2")
        self.assertEqual(
            level1.mapped("due_date"), [date(2026, 3, 1), date(2026, 4, 1)]
        )
        self.assertTrue(level1[0].replaced)
        self.assertFalse(level1[0].ticket_id)
        self.assertFalse(level1[1].replaced)
        self.assertEqual(level2.planned_date, date(2026, 3, 1))
        # The level-2 request carries the level-1 tasks too.
        self.assertEqual(
            sorted(level2.ticket_id.aftersales_pm_check_ids.mapped("name")),
            ["Change oil", "Grease"],
        )
        self.assertEqual(len(dues.ticket_id), 2)

    def test_task_list_and_finding_raise_a_repair(self):
        plan = self._plan(
            [
                {
                    "level": "level1",
                    "interval": 3,
                    "interval_unit": "months",
                    "first_due_date": date(2026, 3, 10),
                    "task_ids": [
                        self._task("Inspect belts"),
                        self._task("Test insulation", "test", "specialist"),
                    ],
                }
            ]
        )
        ticket = plan._aftersales_generate(date(2026, 3, 1), horizon_days=30).ticket_id
        ticket.sudo().user_id = self.technician
        checks = ticket.aftersales_pm_check_ids.with_user(self.technician)
        self.assertEqual(checks.mapped("performer"), ["mechanic", "specialist"])
        checks[1].write({"result": "done"})
        with self.assertRefused(UserError, "describe the finding"):
            checks[0].action_raise_repair()
        checks[0].write({"note": "Belt cracked"})
        action = checks[0].action_raise_repair()
        repair = self.env["helpdesk.ticket"].browse(action["res_id"])
        self.assertEqual(repair.aftersales_request_type, "repair")
        self.assertEqual(repair.aftersales_lot_id, self.lot)
        self.assertEqual(repair.aftersales_pm_finding_ticket_id, ticket)
        self.assertEqual(checks[0].result, "finding")
        # The technician cannot create or edit plans.
        with self.assertRaises(AccessError):
            self.env["aftersales.pm.plan"].with_user(self.technician).create(
                {"name": "x", "team_id": self.team.id, "lot_id": self.lot.id}
            )
        with self.assertRefused(UserError, "cannot be set directly"):
            ticket.with_user(self.manager).write({"aftersales_pm_due_id": False})
        self.assertTrue(ticket.sudo().aftersales_pm_due_id)

    def test_overdue_flag(self):
        plan = self._plan(
            [
                {
                    "level": "level1",
                    "interval": 3,
                    "interval_unit": "months",
                    "first_due_date": date(2026, 1, 5),
                }
            ]
        )
        due = plan._aftersales_generate(date(2026, 1, 1), horizon_days=30)
        self.assertTrue(due.overdue)  # its window (12 January 2026) is past
        self.assertIn(
            due, self.env["aftersales.pm.due"].search([("overdue", "=", True)])
        )

    def test_cron_generates_each_plan_once_a_day(self):
        plan = self._plan(
            [
                {
                    "level": "seasonal",
                    "interval": 12,
                    "interval_unit": "months",
                    "first_due_date": date.today(),
                }
            ]
        )
        # Crons commit per batch; not in a test.
        with patch(
            "odoo.addons.base.models.ir_cron.IrCron._commit_progress", return_value=1.0
        ):
            self.env["aftersales.pm.plan"]._cron_aftersales_pm()
            self.assertEqual(len(plan.due_ids), 1)
            self.assertEqual(plan.checked_on, date.today())
            self.env["aftersales.pm.plan"]._cron_aftersales_pm()
            self.assertEqual(len(plan.due_ids), 1)
