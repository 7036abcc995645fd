from datetime import timedelta

from odoo import fields, models
from odoo.exceptions import UserError

# How far the unit page looks for the next due date of each level.
PORTAL_PM_HORIZON = timedelta(days=800)


class StockLot(models.Model):
    """The unit's maintenance plan as its customer sees it on the portal, and
    the running hours the customer reads off the meter."""

    _inherit = "stock.lot"

    def _aftersales_portal_pm_plans(self):
        """The active plans covering this unit (its own, or its product's or
        category's under its contract)."""
        self.ensure_one()
        plans = self.env["aftersales.pm.plan"].search(
            [
                ("partner_id", "child_of", self.aftersales_customer_id.ids),
                "|",
                ("lot_id", "=", self.id),
                ("lot_id", "=", False),
            ]
        )
        lots = plans._aftersales_lots()
        return plans.filtered(lambda plan: self in lots[plan])

    def _aftersales_portal_pm(self):
        """Rows for the unit page: each level of each plan with its interval
        and its next due date (the occurrence already planned, else the
        forecast from the plan and the meter readings)."""
        self.ensure_one()
        today = fields.Date.context_today(self)
        plans = self._aftersales_portal_pm_plans()
        readings = [
            (reading.date, reading.hours)
            for reading in self.env["aftersales.meter.reading"].search(
                [("lot_id", "=", self.id)], order="date, id"
            )
        ]
        planned = {}
        for due in self.env["aftersales.pm.due"].search(
            [
                ("lot_id", "=", self.id),
                ("plan_id", "in", plans.ids),
                ("replaced", "=", False),
                ("window_end", ">=", today),
            ],
            order="due_date, id",
        ):
            planned.setdefault(due.level_id, due)
        units = dict(
            self.env["aftersales.pm.level"]
            ._fields["interval_unit"]
            ._description_selection(self.env)
        )
        rows = []
        for plan in plans:
            for level in plan.level_ids:
                due = planned.get(level)
                if due:
                    next_date, next_hours = due.due_date, due.due_hours
                else:
                    forecast = [
                        (day, hours)
                        for _level, day, hours in level._aftersales_dues(
                            self, readings, today + PORTAL_PM_HORIZON, {}
                        )
                        if day >= today
                    ]
                    next_date, next_hours = forecast[0] if forecast else (False, 0.0)
                rows.append(
                    {
                        "plan": plan.name,
                        "level": level.name,
                        "interval": f"{level.interval} {units[level.interval_unit]}",
                        "hours_based": level.interval_unit == "hours",
                        "next_date": next_date,
                        "next_hours": next_hours,
                    }
                )
        return rows

    def _aftersales_portal_add_reading(self, hours, date=None):
        """The customer's meter reading, through the reading's own rules (a
        meter does not run backwards); only for units on a running-hours
        plan."""
        self.ensure_one()
        plans = self._aftersales_portal_pm_plans()
        if not plans.level_ids.filtered(lambda lv: lv.interval_unit == "hours"):
            raise UserError(
                self.env._(
                    "Unit %(unit)s has no maintenance by running hours: no "
                    "meter reading is needed.",
                    unit=self.name,
                )
            )
        return self.env["aftersales.meter.reading"].create(
            {
                "lot_id": self.id,
                "hours": hours,
                "date": date or fields.Date.context_today(self),
                "source": "customer",
            }
        )
