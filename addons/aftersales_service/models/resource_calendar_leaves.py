from datetime import datetime, time, timedelta

from pytz import timezone, utc

from odoo import api, fields, models


class ResourceCalendarLeaves(models.Model):
    _inherit = "resource.calendar.leaves"

    aftersales_source = fields.Selection(
        selection=[("official", "Official calendar"), ("import", "Imported file")],
        string="Loaded From",
        readonly=True,
        help="Set on public holidays loaded from China's official calendar or "
        "an imported file.",
    )

    @api.constrains("date_from", "date_to", "resource_id", "calendar_id", "time_type")
    def _check_aftersales_makeup_day(self):
        """A public holiday cannot fall on a make-up working day (whichever
        of the two was entered first)."""
        holidays = self.filtered(
            lambda leave: not leave.resource_id and leave.time_type == "leave"
        )
        if not holidays:
            return
        days = (
            self.env["aftersales.makeup.day"]
            .sudo()
            .search(
                [
                    ("company_id", "in", holidays.company_id.ids),
                    (
                        "date",
                        ">=",
                        fields.Date.to_date(min(holidays.mapped("date_from")))
                        - timedelta(days=1),
                    ),
                    (
                        "date",
                        "<=",
                        fields.Date.to_date(max(holidays.mapped("date_to")))
                        + timedelta(days=1),
                    ),
                ]
            )
        )
        days._aftersales_check_holidays(holidays)

    @api.model
    def _aftersales_public_holidays(self, companies, first, last):
        """Public holidays (no resource) of ``companies`` around ``first`` to
        ``last`` (a day of margin for time zones)."""
        return self.search(
            [
                ("resource_id", "=", False),
                ("time_type", "=", "leave"),
                ("company_id", "in", companies.ids),
                (
                    "date_from",
                    "<=",
                    datetime.combine(last + timedelta(days=1), time.max),
                ),
                (
                    "date_to",
                    ">=",
                    datetime.combine(first - timedelta(days=1), time.min),
                ),
            ]
        )

    def _aftersales_tz(self):
        self.ensure_one()
        calendar = self.calendar_id or self.company_id.resource_calendar_id
        return timezone(calendar.tz or "UTC")

    def _aftersales_covers(self, day, tz=None):
        """Whether this leave covers ``day``: the middle of the day (12:00) in
        ``tz`` (default: its calendar's time zone), so a whole-day holiday
        entered in another time zone does not spill onto its neighbours."""
        self.ensure_one()
        tz = timezone(tz) if isinstance(tz, str) else (tz or self._aftersales_tz())
        noon = tz.localize(datetime.combine(day, time(12, 0)))
        noon = noon.astimezone(utc).replace(tzinfo=None)
        return self.date_from <= noon <= self.date_to
