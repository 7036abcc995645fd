import logging
from datetime import date, timedelta

from markupsafe import Markup
from pytz import timezone, utc

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import is_html_empty

from ..rules import china_calendar, numbering

_logger = logging.getLogger(__name__)


class ResCompany(models.Model):
    _inherit = "res.company"

    aftersales_warranty_start_event = fields.Selection(
        selection=[
            ("delivery", "Delivery to the customer"),
            ("invoice", "Customer invoice"),
        ],
        string="Warranty Starts At",
        default="delivery",
        required=True,
        help="Which event fills a serial number's warranty start automatically.",
    )
    aftersales_factory_grace_months = fields.Integer(
        string="Grace Months After Factory Date",
        default=3,
        help="Without proof of purchase the warranty starts this many months "
        "after the factory date.",
    )
    aftersales_repeat_repair_days = fields.Integer(
        string="Repeat Repair Window (days)",
        default=90,
        help="A repair of the same serial and component within this many days "
        "of a previous one is flagged as a repeat repair.",
    )
    aftersales_department_code = fields.Char(
        string="Default Department Code",
        default="SJ",
        help="Prefix of ticket numbers for teams without their own code.",
    )

    aftersales_sla_warning_hours = fields.Float(
        string="Deadline Warning (hours)",
        default=2.0,
        help="The assignee and the dispatcher are warned this many hours "
        "before a deadline.",
    )

    aftersales_pricing_method = fields.Selection(
        selection=[
            ("cost_plus", "Cost plus markup"),
            ("list_price", "Sales price of the product"),
        ],
        string="Part Pricing",
        default="cost_plus",
        required=True,
        help="How a part's unit price is proposed on a charge line; the fee "
        "schedule prices labour and travel.",
    )
    aftersales_quote_markup = fields.Float(
        string="Quote Markup (%)",
        default=40.0,
        help="Cost-plus pricing: unit price = cost x (1 + markup).",
    )
    aftersales_quote_threshold = fields.Monetary(
        string="Quote Needed Above",
        currency_field="currency_id",
        default=200.0,
        help="Paid work whose customer total is above this amount cannot be "
        "finished without the customer's approval of the quote.",
    )
    aftersales_handover_days = fields.Integer(
        string="Cash Handover Within (days)",
        default=3,
        help="Cash collected on site not registered by the accountant after "
        "this many days is flagged.",
    )

    # Follow-up calls (回访) and satisfaction
    aftersales_callback_first_day = fields.Integer(
        string="Call Back From (days)",
        default=5,
        help="A customer is called back this many days after the request is "
        "solved or the unit delivered…",
    )
    aftersales_callback_last_day = fields.Integer(
        string="Call Back Until (days)",
        default=7,
        help="…and at the latest this many days after; later it is overdue.",
    )
    aftersales_callback_user_id = fields.Many2one(
        comodel_name="res.users",
        string="Call-back Desk",
        help="Who gets the call-backs to make as activities; without one, the "
        "request team's dispatcher.",
    )
    aftersales_callback_script = fields.Html(
        string="Call-back Script",
        translate=True,
        help="What to ask and what to tell the customer (whom to call, how to "
        "complain). Empty: the standard script.",
    )
    aftersales_callback_max_tries = fields.Integer(
        string="Call-back Tries",
        default=3,
        help="A customer not reached is called again up to this many tries in "
        "all; then the call-back is unreachable.",
    )
    aftersales_callback_retry_interval = fields.Integer(
        string="Try Again After", default=1
    )
    aftersales_callback_retry_unit = fields.Selection(
        selection=[("hours", "Hours"), ("days", "Days")],
        string="Try Again Unit",
        default="days",
        required=True,
    )
    aftersales_rating_link_days = fields.Integer(
        string="Rating Link Valid (days)",
        default=14,
        help="A rating link sent to the customer expires after this many days.",
    )
    aftersales_satisfied_score = fields.Integer(
        string="Satisfied From Score",
        default=8,
        help="A score (1-10) at or above this counts as satisfied.",
    )
    aftersales_satisfaction_target = fields.Float(
        string="Satisfaction Target (%)",
        default=85.0,
        help="The share of satisfied customers the service aims at.",
    )
    aftersales_on_time_target = fields.Float(
        string="On-Time Target (%)",
        default=90.0,
        help="The share of deadlines met the service aims at (KPI).",
    )
    aftersales_complaint_target = fields.Float(
        string="Complaint Rate Ceiling (%)",
        default=3.0,
        help="Complaints for which the service is responsible stay under "
        "this share of the requests (KPI).",
    )
    aftersales_kpi_subscriber_ids = fields.Many2many(
        comodel_name="res.users",
        relation="aftersales_kpi_subscriber_rel",
        string="Monthly Statistics To",
        domain="[('share', '=', False)]",
        help="Managers who receive the monthly statistics workbook by e-mail.",
    )
    aftersales_key_report_days = fields.Integer(
        string="Key Customer Visit Report Within (days)",
        default=10,
        help="The written report of a key customer's visit is due this many "
        "days after the visit.",
    )

    aftersales_contract_notice_days = fields.Integer(
        string="Contract Renewal Notice (days)",
        default=60,
        help="A running maintenance contract becomes expiring this many days "
        "before its end, and its salesperson gets a renewal reminder.",
    )

    aftersales_pm_window_days = fields.Integer(
        string="Maintenance Window (days)",
        default=7,
        help="A maintenance level is done within this many days of its due "
        "date; a higher level due within the window replaces the lower.",
    )
    aftersales_pm_horizon_days = fields.Integer(
        string="Maintenance Horizon (days)",
        default=30,
        help="Maintenance requests are generated this many days ahead of "
        "their due date.",
    )

    aftersales_china_calendar = fields.Boolean(
        string="China's Official Calendar",
        help="This company follows China's statutory holidays and make-up "
        "working days: they are loaded on installation, and the After-Sales "
        "managers get a to-do every October-November to load next year's.",
    )
    aftersales_holiday_reminded_year = fields.Integer(
        string="Holiday Reminder Sent In",
        readonly=True,
        copy=False,
        help="Year of the last reminder to load next year's official calendar.",
    )

    _aftersales_contract_notice_positive = models.Constraint(
        "CHECK(aftersales_contract_notice_days >= 0)",
        "The contract renewal notice cannot be negative.",
    )
    _aftersales_pm_days_positive = models.Constraint(
        "CHECK(aftersales_pm_window_days >= 0 AND aftersales_pm_horizon_days >= 0)",
        "The maintenance window and horizon cannot be negative.",
    )
    _aftersales_markup_positive = models.Constraint(
        "CHECK(aftersales_quote_markup >= 0)", "The quote markup cannot be negative."
    )
    _aftersales_threshold_positive = models.Constraint(
        "CHECK(aftersales_quote_threshold >= 0)",
        "The quote threshold cannot be negative.",
    )
    _aftersales_handover_positive = models.Constraint(
        "CHECK(aftersales_handover_days >= 0)",
        "The cash handover delay cannot be negative.",
    )
    _aftersales_warning_positive = models.Constraint(
        "CHECK(aftersales_sla_warning_hours >= 0)",
        "The deadline warning lead time cannot be negative.",
    )
    _aftersales_grace_positive = models.Constraint(
        "CHECK(aftersales_factory_grace_months >= 0)",
        "The grace months after the factory date cannot be negative.",
    )
    _aftersales_repeat_days_positive = models.Constraint(
        "CHECK(aftersales_repeat_repair_days >= 0)",
        "The repeat repair window cannot be negative.",
    )

    _aftersales_callback_window = models.Constraint(
        "CHECK(aftersales_callback_first_day >= 0 AND "
        "aftersales_callback_last_day >= aftersales_callback_first_day)",
        "The call-back window needs 0 <= first day <= last day.",
    )
    _aftersales_callback_tries = models.Constraint(
        "CHECK(aftersales_callback_max_tries >= 1 AND "
        "aftersales_callback_retry_interval >= 1)",
        "A call-back needs at least one try and a retry interval of at least one.",
    )
    _aftersales_rating_link_days = models.Constraint(
        "CHECK(aftersales_rating_link_days >= 1)",
        "A rating link must be valid at least one day.",
    )
    _aftersales_satisfied_score = models.Constraint(
        "CHECK(aftersales_satisfied_score BETWEEN 1 AND 10)",
        "The satisfied-from score must be a score from 1 to 10.",
    )
    _aftersales_satisfaction_target = models.Constraint(
        "CHECK(aftersales_satisfaction_target BETWEEN 0 AND 100)",
        "The satisfaction target is a percentage from 0 to 100.",
    )
    _aftersales_kpi_targets = models.Constraint(
        "CHECK(aftersales_on_time_target BETWEEN 0 AND 100 AND "
        "aftersales_complaint_target BETWEEN 0 AND 100)",
        "The on-time and complaint targets are percentages from 0 to 100.",
    )
    _aftersales_key_report_days = models.Constraint(
        "CHECK(aftersales_key_report_days >= 0)",
        "The key customer visit report delay cannot be negative.",
    )

    def _aftersales_callback_script_html(self):
        """The call-back script: the company's own, else the standard one
        (translated) with the company's service line and e-mail."""
        self.ensure_one()
        if not is_html_empty(self.aftersales_callback_script):
            return self.aftersales_callback_script
        contact = self.phone or self.email or ""
        return Markup(
            "<ol><li>%s</li><li>%s</li><li>%s</li><li>%s</li><li>%s</li></ol><p>%s</p>"
        ) % (
            self.env._(
                "Introduce yourself and the company; say the call is about the "
                "recent service or delivery."
            ),
            self.env._("Ask for a score from 1 (very unhappy) to 10 (very satisfied)."),
            self.env._(
                "Ask whether the technician explained the use and care of the product."
            ),
            self.env._("Ask whether the work was done right the first time."),
            self.env._("Ask for any other comment."),
            self.env._(
                "Tell the customer whom to call and how to complain: our service "
                "line %(contact)s; a complaint is recorded and answered within "
                "24 hours.",
                contact=contact,
            ),
        )

    # ------------------------------------------------------------------
    # China's official calendar: statutory holidays and make-up days
    # ------------------------------------------------------------------

    def _aftersales_working_time_changed(self):
        """Make-up days or holidays of these companies changed: drop the cached
        make-up days and recount the running deadlines of their open tickets
        (met ones never change)."""
        self.env.registry.clear_cache()
        if not self:
            return
        self.env["helpdesk.ticket"].sudo().search(
            [
                ("company_id", "in", self.ids),
                ("closed", "=", False),
                ("aftersales_deadline_ids.state", "=", "running"),
            ]
        )._aftersales_sync_deadlines()

    @api.model
    def _aftersales_chinese_calendar(self):
        """The ``chinese_calendar`` module (PyPI ``chinesecalendar``)."""
        try:
            import chinese_calendar  # noqa: PLC0415 (optional at import time)
        except ImportError as error:
            raise UserError(
                self.env._(
                    "China's official calendar comes from the Python package "
                    "chinesecalendar, which is not installed on the server. Ask "
                    "your administrator to install it (pip install "
                    "chinesecalendar), or import the list from a file."
                )
            ) from error
        return chinese_calendar

    @api.model
    def _aftersales_china_known_years(self):
        module = self._aftersales_chinese_calendar()
        return china_calendar.known_years(module.holidays, module.workdays)

    def _aftersales_official_entries(self, years):
        """The official entries of ``years``, named as the State Council names
        them (春节, 国庆节…): official names of Chinese holidays, whatever the
        language of the user who loads them."""
        module = self._aftersales_chinese_calendar()
        names = {holiday.value: holiday.chinese for holiday in module.Holiday}
        return china_calendar.official_entries(
            module.holidays, module.workdays, years, names=names
        )

    @api.model
    def _aftersales_install_china_calendar(self, company_ids, first, last, tz=None):
        """Installation and demo: load the years from ``first`` to ``last``
        that the package knows (the others wait for the yearly reminder).
        Without the package, log and load nothing."""
        try:
            known = set(self._aftersales_china_known_years())
        except UserError:
            _logger.warning("chinesecalendar is not installed: no holidays loaded")
            return (0, 0)
        years = [year for year in range(first, last + 1) if year in known]
        companies = self.browse(company_ids)
        if not years:
            companies.write({"aftersales_china_calendar": True})
            return (0, 0)
        return companies._aftersales_load_china_calendar(years, tz=tz)

    def _aftersales_load_china_calendar(self, years, tz=None):
        """Load the official list of ``years`` into each company; returns
        ``(holidays, make-up days)`` created. Years the package does not know
        are refused with the years it knows. ``tz``: the time zone of the
        holidays' days (default: the company's working hours')."""
        years = sorted(set(years))
        known = self._aftersales_china_known_years()
        missing = [year for year in years if year not in known]
        if missing:
            raise UserError(
                self.env._(
                    "The installed chinesecalendar package has no official list "
                    "for %(missing)s (it knows %(first)s to %(last)s). Update the "
                    "package, or import the year from a file (date, holiday or "
                    "workday, name).",
                    missing=", ".join(str(year) for year in missing),
                    first=known[0] if known else "-",
                    last=known[-1] if known else "-",
                )
            )
        entries = self._aftersales_official_entries(years)
        created = [0, 0]
        for company in self:
            holidays, days = company._aftersales_load_entries(
                entries, "official", tz=tz
            )
            created[0] += holidays
            created[1] += days
        self.filtered(lambda c: not c.aftersales_china_calendar).sudo().write(
            {"aftersales_china_calendar": True}
        )
        return tuple(created)

    def _aftersales_load_entries(self, entries, source, tz=None):
        """Create the public holidays (global leaves) and company make-up
        days of ``entries`` that the company does not have yet; a date both
        holiday and working day (with what exists) is refused, nothing
        written. Returns ``(holiday days, make-up days)`` created."""
        self.ensure_one()
        if not entries:
            return 0, 0
        first, last = entries[0].day, entries[-1].day
        Leaves = self.env["resource.calendar.leaves"].sudo()
        Makeup = self.env["aftersales.makeup.day"].sudo()
        leaves = Leaves._aftersales_public_holidays(self, first, last)
        makeups = Makeup.search(
            [
                ("company_id", "=", self.id),
                ("date", ">=", first),
                ("date", "<=", last),
            ]
        )
        tz = timezone(tz or self.resource_calendar_id.tz or "UTC")
        makeup_dates = set(makeups.mapped("date"))
        company_makeup_dates = set(
            makeups.filtered(lambda d: not d.calendar_id).mapped("date")
        )
        problems, new_holidays, new_days = [], [], []
        for entry in entries:
            covering = leaves.filtered(
                lambda leave, day=entry.day: leave._aftersales_covers(day, tz)
            )
            if entry.kind == china_calendar.HOLIDAY:
                if entry.day in makeup_dates:
                    problems.append(
                        self.env._(
                            "%(date)s: a holiday in the list, a make-up working "
                            "day in %(company)s.",
                            date=entry.day,
                            company=self.name,
                        )
                    )
                elif not covering.filtered(lambda leave: not leave.calendar_id):
                    new_holidays.append(entry)
            elif covering:
                problems.append(
                    self.env._(
                        "%(date)s: a working day in the list, the public holiday "
                        "%(holiday)s in %(company)s.",
                        date=entry.day,
                        holiday=covering[0].name or "",
                        company=self.name,
                    )
                )
            elif entry.day not in company_makeup_dates:
                new_days.append(entry)
        if problems:
            raise UserError(
                self.env._(
                    "Nothing was loaded; remove the conflicting days first:\n"
                    "%(problems)s",
                    problems="\n".join(problems),
                )
            )

        def to_utc(value):
            return value.astimezone(utc).replace(tzinfo=None)

        leave_vals = []
        for day_from, day_to, name in china_calendar.holiday_ranges(new_holidays):
            start, end = china_calendar.day_bounds(day_from, day_to, tz.localize)
            leave_vals.append(
                {
                    "name": name,
                    "date_from": to_utc(start),
                    "date_to": to_utc(end),
                    "calendar_id": False,
                    "time_type": "leave",
                    "aftersales_source": source,
                }
            )
        Leaves.with_company(self).create(leave_vals)
        if leave_vals and not new_days:
            # (creating make-up days recounts the deadlines already)
            self._aftersales_working_time_changed()
        Makeup.create(
            [
                {
                    "company_id": self.id,
                    "date": entry.day,
                    "name": entry.name,
                    "source": source,
                }
                for entry in new_days
            ]
        )
        return len(new_holidays), len(new_days)

    @api.model
    def _cron_aftersales_holiday_reminder(self):
        """October-November: remind the After-Sales managers of each company
        following China's calendar to load next year's list, once a year. All
        companies at once; a company that fails is logged and skipped."""
        today = fields.Date.context_today(self)
        companies = self.search([("aftersales_china_calendar", "=", True)])
        cron = self.env["ir.cron"]
        cron._commit_progress(remaining=len(companies))
        cron._aftersales_run_guarded(
            companies, lambda batch: batch._aftersales_holiday_reminder(today)
        )
        cron._commit_progress(len(companies))

    def _aftersales_holiday_reminder(self, today):
        """Remind the managers of these companies that have not loaded next
        year's holidays (once a year); returns the companies reminded. One
        search for the holidays and one create for the to-dos of all."""
        next_year = today.year + 1
        loaded = (
            self.env["resource.calendar.leaves"]
            .sudo()
            ._aftersales_public_holidays(
                self, date(next_year, 1, 1), date(next_year, 12, 31)
            )
            .filtered(lambda leave: leave.aftersales_source)
            .company_id
        )
        due = self.filtered(
            lambda company: china_calendar.reminder_due(
                today,
                company in loaded,
                company.aftersales_holiday_reminded_year or None,
            )
        )
        if not due:
            return due
        managers = self.env.ref(
            "aftersales_service.group_aftersales_manager"
        ).user_ids.filtered(lambda user: not user.share)
        summary = self.env._(
            "Load China's official holidays and make-up days for %(year)s",
            year=next_year,
        )
        note = self.env._(
            "The State Council publishes next year's statutory holidays and "
            "make-up working days in October-November. Once published: After-"
            "Sales > Configuration > Public Holidays & Make-up Days > Load "
            "Official Calendar / Import (update the chinesecalendar package "
            "first, or import a file). Deadlines in %(year)s are counted "
            "without them until then.",
            year=next_year,
        )
        model_id = self.env["ir.model"]._get_id("res.partner")
        todo = self.env.ref("mail.mail_activity_data_todo")
        self.env["mail.activity"]._aftersales_create_quietly(
            [
                {
                    "res_model_id": model_id,
                    "res_id": company.partner_id.id,
                    "activity_type_id": todo.id,
                    "user_id": user.id,
                    "summary": summary,
                    "note": note,
                    "date_deadline": today + timedelta(days=14),
                }
                for company in due
                for user in managers
                if company in user.company_ids
            ]
        )
        due.sudo().aftersales_holiday_reminded_year = today.year
        return due

    @api.constrains("aftersales_department_code")
    def _check_aftersales_department_code(self):
        for company in self.filtered("aftersales_department_code"):
            try:
                numbering.check_code(company.aftersales_department_code)
            except ValueError as error:
                raise ValidationError(
                    self.env._(
                        "Company %(company)s: the default department code %(code)s "
                        "must be 1 to 8 letters or digits, e.g. SJ.",
                        company=company.name,
                        code=company.aftersales_department_code,
                    )
                ) from error

    def write(self, vals):
        result = super().write(vals)
        if "aftersales_department_code" in vals:
            # Teams without a code of their own number with the new one.
            self.env["helpdesk.ticket.team"].sudo().search(
                [
                    ("company_id", "in", self.ids),
                    ("aftersales_department_code", "=", False),
                ]
            )._aftersales_sync_sequence()
        return result
