from datetime import datetime, time, timedelta

from pytz import timezone, utc

from odoo import fields, models
from odoo.tools import ormcache
from odoo.tools.intervals import Intervals

from ..rules import china_calendar


class ResourceCalendar(models.Model):
    _inherit = "resource.calendar"

    aftersales_makeup_day_ids = fields.One2many(
        comodel_name="aftersales.makeup.day",
        inverse_name="calendar_id",
        string="Make-up Working Days",
        help="Make-up days of this calendar only; the company's official "
        "make-up days apply to every calendar.",
    )
    aftersales_company_makeup_day_ids = fields.Many2many(
        comodel_name="aftersales.makeup.day",
        string="Company Make-up Days",
        compute="_compute_aftersales_company_makeup_day_ids",
    )

    def _compute_aftersales_company_makeup_day_ids(self):
        days = self.env["aftersales.makeup.day"].search(
            [
                ("calendar_id", "=", False),
                ("company_id", "in", self.company_id.ids or self.env.company.ids),
            ]
        )
        for calendar in self:
            company = calendar.company_id or self.env.company
            calendar.aftersales_company_makeup_day_ids = days.filtered(
                lambda day, company=company: day.company_id == company
            )

    # ------------------------------------------------------------------
    # Make-up days in Odoo's working time: plan_hours, plan_days,
    # get_work_hours_count, _work_intervals_batch all go through here.
    # ------------------------------------------------------------------

    def _attendance_intervals_batch(
        self, start_dt, end_dt, resources=None, domain=None, tz=None, lunch=False
    ):
        result = super()._attendance_intervals_batch(
            start_dt, end_dt, resources=resources, domain=domain, tz=tz, lunch=lunch
        )
        if self.flexible_hours:
            return result
        slots = self._aftersales_makeup_slots(
            (start_dt - timedelta(days=1)).date(),
            (end_dt + timedelta(days=1)).date(),
            domain=domain,
            lunch=lunch,
        )
        if not slots:
            return result
        resources = resources or self.env["resource.resource"]
        calendars = resources._get_calendar_at(start_dt, tz) if resources else {}
        per_tz = {}
        for resource in [*resources, self.env["resource.resource"]]:
            if resource and (
                not calendars.get(resource) or calendars[resource].flexible_hours
            ):
                continue  # fully flexible: Odoo gives the whole period already
            resource_tz = tz or timezone((resource or self).tz or "UTC")
            if resource_tz not in per_tz:
                per_tz[resource_tz] = Intervals(
                    china_calendar.makeup_intervals(
                        slots,
                        start_dt.astimezone(resource_tz),
                        end_dt.astimezone(resource_tz),
                        resource_tz.localize,
                    ),
                    keep_distinct=True,
                )
            result[resource.id] = result[resource.id] | per_tz[resource_tz]
        return result

    def _aftersales_makeup_slots(self, first, last, domain=None, lunch=False):
        """``{date: [(hour_from, hour_to, attendance)]}`` of the make-up days
        between ``first`` and ``last`` that this calendar does not already
        work (a six-day calendar works its Saturdays anyway)."""
        self.ensure_one()
        days = {
            day: values
            for day, values in self._aftersales_makeup_days().items()
            if first <= day <= last
        }
        if not days:
            return {}
        Attendance = self.env["resource.calendar.attendance"]
        attendances = self.attendance_ids.filtered(lambda a: not a.display_type)
        if domain:
            attendances = attendances.filtered_domain(domain)
        slots = {}
        for day, (dayofweek, custom, hour_from, hour_to, name) in days.items():
            week_type = str(Attendance.get_week_type(day))
            in_week = attendances.filtered(
                lambda a, w=week_type: not self.two_weeks_calendar or a.week_type == w
            )
            if any(
                int(a.dayofweek) == day.weekday() and a.day_period != "lunch"
                for a in in_week
            ):
                continue
            if custom:
                slots[day] = (
                    []
                    if lunch
                    else [
                        (
                            hour_from,
                            hour_to,
                            Attendance.new(
                                {
                                    "name": name,
                                    "dayofweek": str(day.weekday()),
                                    "hour_from": hour_from,
                                    "hour_to": hour_to,
                                    "duration_hours": hour_to - hour_from,
                                    "duration_days": 1.0,
                                }
                            ),
                        )
                    ]
                )
            else:
                slots[day] = [
                    (a.hour_from, a.hour_to, a)
                    for a in in_week
                    if a.dayofweek == dayofweek
                    and (a.day_period == "lunch") == bool(lunch)
                ]
        return {day: items for day, items in slots.items() if items}

    def _aftersales_makeup_days(self):
        self.ensure_one()
        company = self.company_id or self.env.company
        return dict(self._aftersales_makeup_data(company.id))

    @ormcache("self.id", "company_id")
    def _aftersales_makeup_data(self, company_id):
        """Make-up days that apply to this calendar, as plain values (cached;
        any change to a make-up day clears the cache)."""
        days = (
            self.env["aftersales.makeup.day"]
            .sudo()
            .search(
                [
                    ("company_id", "=", company_id),
                    ("calendar_id", "in", [False, self.id]),
                ]
            )
        )

        def values(day):
            return (
                day.dayofweek,
                day.custom_hours,
                day.hour_from,
                day.hour_to,
                day.name or "",
            )

        effective = china_calendar.effective_makeup_days(
            {day.date: values(day) for day in days if not day.calendar_id},
            {day.date: values(day) for day in days if day.calendar_id},
        )
        return tuple(sorted(effective.items()))

    # ------------------------------------------------------------------
    # Deadlines in days
    # ------------------------------------------------------------------

    def _aftersales_plan_days(self, start, days, working=True):
        """The deadline of a period of ``days`` days from ``start`` (naive
        UTC, as stored), as naive UTC.

        The start day is not counted. Calendar days: the end (23:59:59) of the
        last day in the calendar's time zone. Working days: the end of the
        working time of the ``days``-th working day after the start day, by
        Odoo's ``plan_days`` (holidays off, make-up days worked)."""
        self.ensure_one()
        tz = timezone(self.tz or "UTC")
        local = utc.localize(start).astimezone(tz)
        if not working:
            last = china_calendar.calendar_days_deadline(local, days)
            end = tz.localize(datetime.combine(last, time(23, 59, 59)))
            return end.astimezone(utc).replace(tzinfo=None)
        counted_from = tz.localize(
            datetime.combine(china_calendar.first_counted_day(local), time.min)
        )
        last = self.plan_days(days, counted_from, compute_leaves=True)
        if not last:
            return False
        # plan_days stops at the first interval of the last day; the deadline
        # is the end of that day's working time.
        day_start = tz.localize(datetime.combine(last.astimezone(tz).date(), time.min))
        intervals = self._work_intervals_batch(
            day_start, day_start + timedelta(days=1), compute_leaves=True
        )[False]
        end = max((stop for _start, stop, _meta in intervals), default=last)
        return end.astimezone(utc).replace(tzinfo=None)
