import base64

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

from odoo.addons.base.models.res_partner import _tz_get

from ..rules import china_calendar


class AftersalesHolidayLoad(models.TransientModel):
    """Load public holidays and make-up working days: China's official list
    (PyPI chinesecalendar) for a range of years, or a simple file for years or
    regions it does not cover. All or nothing; loading twice adds nothing."""

    _name = "aftersales.holiday.load"
    _description = "Load Public Holidays and Make-up Days"

    source = fields.Selection(
        selection=[
            ("official", "China's official calendar"),
            ("file", "A file (date, holiday or workday, name)"),
        ],
        default="official",
        required=True,
    )
    company_ids = fields.Many2many(
        comodel_name="res.company",
        string="Companies",
        default=lambda self: self.env.company,
        required=True,
        domain=lambda self: [("id", "in", self.env.user.company_ids.ids)],
    )
    year_from = fields.Integer(
        string="From Year", default=lambda self: fields.Date.today().year
    )
    year_to = fields.Integer(
        string="To Year", default=lambda self: fields.Date.today().year + 1
    )
    tz = fields.Selection(
        selection=_tz_get,
        string="Time Zone",
        required=True,
        default=lambda self: (
            self.env.company.resource_calendar_id.tz
            or self.env.user.tz
            or "Asia/Shanghai"
        ),
        help="Holidays last from 00:00 to 23:59:59 of their days in this time zone.",
    )
    known_years = fields.Char(compute="_compute_known_years")
    file = fields.Binary()
    filename = fields.Char()

    def _compute_known_years(self):
        try:
            years = self.env["res.company"]._aftersales_china_known_years()
        except UserError:
            years = []
        text = (
            self.env._("%(first)s to %(last)s", first=years[0], last=years[-1])
            if years
            else self.env._("none (the chinesecalendar package is missing)")
        )
        for wizard in self:
            wizard.known_years = text

    @api.model
    def _aftersales_check_manager(self):
        if not self.env.user.has_group("aftersales_service.group_aftersales_manager"):
            raise AccessError(
                self.env._(
                    "Only After-Sales managers load public holidays and make-up days."
                )
            )

    def action_load(self):
        self.ensure_one()
        self._aftersales_check_manager()
        if self.company_ids - self.env.user.company_ids:
            raise AccessError(
                self.env._("You can only load the calendar of your own companies.")
            )
        companies_sudo = self.company_ids.sudo()
        if self.source == "official":
            if not self.year_from or not self.year_to or self.year_from > self.year_to:
                raise UserError(
                    self.env._(
                        "From Year must be a year and not after To Year (they are "
                        "%(first)s and %(last)s).",
                        first=self.year_from,
                        last=self.year_to,
                    )
                )
            holidays, days = companies_sudo._aftersales_load_china_calendar(
                range(self.year_from, self.year_to + 1), tz=self.tz
            )
        else:
            entries = self._aftersales_file_entries()
            holidays = days = 0
            for company in companies_sudo:
                created = company._aftersales_load_entries(
                    entries, "import", tz=self.tz
                )
                holidays += created[0]
                days += created[1]
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "success",
                "message": self.env._(
                    "%(holidays)s holiday days and %(days)s make-up working days "
                    "added (days already there were kept).",
                    holidays=holidays,
                    days=days,
                ),
                "next": {"type": "ir.actions.act_window_close"},
            },
        }

    def _aftersales_file_entries(self):
        if not self.file:
            raise UserError(
                self.env._(
                    "Choose the file to import (date, holiday or workday, name)."
                )
            )
        raw = base64.b64decode(self.file)
        for encoding in ("utf-8-sig", "gb18030"):
            try:
                text = raw.decode(encoding)
                break
            except UnicodeDecodeError:
                continue
        else:
            raise UserError(
                self.env._("The file is not text (UTF-8 or GB18030): save it as CSV.")
            )
        try:
            return china_calendar.parse_file(text)
        except china_calendar.CalendarError as error:
            raise UserError(
                self.env._(
                    "Nothing was imported; fix these lines of %(file)s:\n%(lines)s",
                    file=self.filename or self.env._("the file"),
                    lines="\n".join(
                        self._aftersales_problem(line, code, value)
                        for line, code, value in error.problems
                    ),
                )
            ) from error

    def _aftersales_problem(self, line, code, value):
        messages = {
            "columns": self.env._(
                "Line %(line)s: expected three columns: date, holiday or workday, "
                "name.",
                line=line,
            ),
            "date": self.env._(
                "Line %(line)s: %(value)s is not a date; write it as 2026-10-01.",
                line=line,
                value=value,
            ),
            "kind": self.env._(
                "Line %(line)s: %(value)s is neither holiday nor workday (also "
                "accepted: 休, 补班).",
                line=line,
                value=value,
            ),
            "conflict": self.env._(
                "Line %(line)s: %(value)s is both a holiday and a working day.",
                line=line,
                value=value,
            ),
        }
        return messages[code]
