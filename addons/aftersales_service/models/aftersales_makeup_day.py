from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..rules import china_calendar

WEEKDAYS = [
    ("0", "Monday"),
    ("1", "Tuesday"),
    ("2", "Wednesday"),
    ("3", "Thursday"),
    ("4", "Friday"),
    ("5", "Saturday"),
    ("6", "Sunday"),
]
SOURCES = [
    ("manual", "Entered"),
    ("official", "Official calendar"),
    ("import", "Imported file"),
]


class AftersalesMakeupDay(models.Model):
    """A dated extra working day (调休补班): a Saturday or Sunday worked in
    exchange for a statutory holiday. Added to the calendar's attendance
    intervals, so every working-time computation sees it."""

    _name = "aftersales.makeup.day"
    _description = "Make-up Working Day"
    _order = "date desc, id"
    _check_company_auto = True

    name = fields.Char(string="Reason", help="e.g. Spring Festival (春节).")
    date = fields.Date(required=True, index=True)
    company_id = fields.Many2one(
        comodel_name="res.company",
        required=True,
        index=True,
        compute="_compute_company_id",
        store=True,
        readonly=False,
        precompute=True,
    )
    calendar_id = fields.Many2one(
        comodel_name="resource.calendar",
        string="Working Hours",
        check_company=True,
        ondelete="cascade",
        index=True,
        help="Empty: every working calendar of the company, like a public "
        "holiday. Set: only this calendar (it replaces the company's make-up "
        "day of the same date, e.g. with other hours).",
    )
    dayofweek = fields.Selection(
        selection=WEEKDAYS,
        string="Works As",
        compute="_compute_dayofweek",
        store=True,
        readonly=False,
        precompute=True,
        required=True,
        help="The day is worked with the hours of this weekday in each "
        "calendar (default: the nearest working weekday before it).",
    )
    custom_hours = fields.Boolean(
        string="Own Hours", help="Work from Start to End instead of a weekday's hours."
    )
    hour_from = fields.Float(string="Start", default=9.0)
    hour_to = fields.Float(string="End", default=18.0)
    source = fields.Selection(
        selection=SOURCES, default="manual", required=True, readonly=True
    )

    _aftersales_date_unique = models.UniqueIndex(
        "(company_id, COALESCE(calendar_id, 0), date)",
        "A date is a make-up working day once per calendar: edit the existing "
        "make-up day instead of adding another.",
    )

    @api.depends("calendar_id")
    def _compute_company_id(self):
        for day in self:
            day.company_id = (
                day.calendar_id.company_id or day.company_id or self.env.company
            )

    @api.depends("date", "calendar_id")
    def _compute_dayofweek(self):
        for day in self:
            if not day.date:
                day.dayofweek = day.dayofweek or "0"
                continue
            calendar = day.calendar_id or day.company_id.resource_calendar_id
            working = {
                int(attendance.dayofweek)
                for attendance in calendar._get_global_attendances()
            }
            day.dayofweek = str(
                china_calendar.stand_in_weekday(day.date.weekday(), working)
            )

    @api.constrains("custom_hours", "hour_from", "hour_to")
    def _check_hours(self):
        for day in self.filtered("custom_hours"):
            try:
                china_calendar.check_hours(day.hour_from, day.hour_to)
            except ValueError as error:
                raise ValidationError(
                    self.env._(
                        "Make-up day %(date)s: Start and End must be between 0:00 "
                        "and 24:00 and Start before End (they are %(start)s and "
                        "%(end)s). Fix the hours, or untick Own Hours to use the "
                        "weekday's hours.",
                        date=day.date,
                        start=day.hour_from,
                        end=day.hour_to,
                    )
                ) from error

    @api.constrains("date", "company_id", "calendar_id")
    def _check_not_holiday(self):
        self._aftersales_check_holidays(
            self.env["resource.calendar.leaves"]
            .sudo()
            ._aftersales_public_holidays(
                self.company_id,
                min(self.mapped("date")),
                max(self.mapped("date")),
            )
        )

    def _aftersales_check_holidays(self, leaves):
        """Refuse a make-up day that a public holiday of its calendar covers."""
        for day in self:
            for leave in leaves:
                same_calendar = not day.calendar_id or leave.calendar_id in (
                    day.calendar_id,
                    leave.calendar_id.browse(),
                )
                if (
                    leave.company_id == day.company_id
                    and same_calendar
                    and leave._aftersales_covers(day.date, day._aftersales_tz())
                ):
                    raise ValidationError(
                        self.env._(
                            "%(date)s cannot be a make-up working day: it is the "
                            "public holiday %(holiday)s. Remove the holiday first "
                            "(Public Holidays & Make-up Days), or choose another "
                            "date.",
                            date=day.date,
                            holiday=leave.name or "",
                        )
                    )

    @api.model
    def _aftersales_check_new_dates(self, vals_list):
        """A clear error for a date that is already a make-up day of the same
        calendar (the unique index is the database's backstop)."""
        Calendar = self.env["resource.calendar"]
        keys = []
        for vals in vals_list:
            if not vals.get("date"):
                continue
            calendar = Calendar.browse(vals.get("calendar_id"))
            company = (
                vals.get("company_id")
                or calendar.sudo().company_id.id
                or self.env.company.id
            )
            keys.append(
                (company, calendar.id or False, fields.Date.to_date(vals["date"]))
            )
        if not keys:
            return
        existing = self.sudo().search([("date", "in", [key[2] for key in keys])])
        known = {(d.company_id.id, d.calendar_id.id or False, d.date) for d in existing}
        seen = set()
        for key in keys:
            if key in known or key in seen:
                raise ValidationError(
                    self.env._(
                        "%(date)s is already a make-up working day of this "
                        "calendar: edit that one (Date, Works As, Own Hours) "
                        "instead of adding another.",
                        date=key[2],
                    )
                )
            seen.add(key)

    def _aftersales_tz(self):
        calendar = self.calendar_id or self.company_id.resource_calendar_id
        return calendar.tz or "UTC"

    @api.model_create_multi
    def create(self, vals_list):
        self._aftersales_check_new_dates(vals_list)
        days = super().create(vals_list)
        days.company_id._aftersales_working_time_changed()
        return days

    def write(self, vals):
        companies = self.company_id
        result = super().write(vals)
        (companies | self.company_id)._aftersales_working_time_changed()
        return result

    def unlink(self):
        companies = self.company_id
        result = super().unlink()
        companies._aftersales_working_time_changed()
        return result
