import base64
from datetime import date, datetime

from freezegun import freeze_time
from psycopg2 import IntegrityError
from pytz import timezone, utc

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import AftersalesDispatchCommon

SHANGHAI = timezone("Asia/Shanghai")


def local(*args):
    """A Shanghai wall-clock time as stored by Odoo (naive UTC)."""
    return SHANGHAI.localize(datetime(*args)).astimezone(utc).replace(tzinfo=None)


@tagged("post_install", "-at_install")
class TestChinaCalendar(AftersalesDispatchCommon):
    """2026 as published by the State Council (from the chinesecalendar
    package): Spring Festival 15-23 February with make-up Saturdays 14 and 28
    February; National Day 1-7 October with make-up Saturday 10 October."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company._aftersales_load_china_calendar([2026], tz="Asia/Shanghai")
        # A Beijing office: Monday to Friday 9-12 and 13-18, Shanghai time.
        cls.office = cls.env["resource.calendar"].create(
            {
                "name": "Beijing office",
                "tz": "Asia/Shanghai",
                "company_id": cls.company.id,
                "attendance_ids": [
                    (0, 0, {**slot, "dayofweek": str(day), "name": f"{day}{part}"})
                    for day in range(5)
                    for part, slot in (
                        (
                            "am",
                            {"hour_from": 9, "hour_to": 12, "day_period": "morning"},
                        ),
                        (
                            "pm",
                            {"hour_from": 13, "hour_to": 18, "day_period": "afternoon"},
                        ),
                    )
                ],
            }
        )
        cls.team.aftersales_calendar_id = cls.office
        (cls.profile | cls.profile_2).calendar_id = cls.office

    def _deadline(self, ticket, kind):
        return ticket.aftersales_deadline_ids.filtered(lambda d: d.kind == kind)

    def test_official_2026_from_the_package(self):
        """The package's 2026 list is what was loaded: 14 February is a
        make-up day, 16 February and 1 October are holidays."""
        import chinese_calendar  # noqa: PLC0415

        self.assertTrue(chinese_calendar.is_workday(date(2026, 2, 14)))
        self.assertTrue(chinese_calendar.is_holiday(date(2026, 2, 16)))
        days = self.env["aftersales.makeup.day"].search(
            [("company_id", "=", self.company.id), ("calendar_id", "=", False)]
        )
        official = {d for d in chinese_calendar.workdays if d.year == 2026}
        self.assertEqual({d for d in days.mapped("date") if d.year == 2026}, official)
        self.assertEqual(
            days.filtered(lambda d: d.date == date(2026, 2, 14)).dayofweek,
            "4",
            "a make-up Saturday works Friday's hours by default",
        )

    def test_request_before_makeup_saturday(self):
        """Friday 13 February 2026 16:00 + 6 working hours (city): 2 h on
        Friday, 3 h Saturday morning, 1 h after lunch -> Saturday 14:00.
        Without the make-up day it would be Tuesday 24 February 14:00."""
        ticket = self._ticket(
            user=self.desk,
            aftersales_zone_id=self.zone_city.id,
            aftersales_reported_at=local(2026, 2, 13, 16, 0),
        )
        self.assertEqual(
            self._deadline(ticket, "arrival").deadline, local(2026, 2, 14, 14, 0)
        )
        # The deadline shown to a user is in the user's time zone.
        shown = self._deadline(ticket, "arrival").with_context(tz="Asia/Shanghai")
        self.assertIn("2026-02-14 14:00", shown._aftersales_message("warning"))

    def test_open_deadlines_follow_a_new_makeup_day(self):
        """A request of Friday 6 March 2026 16:00 is due on site Monday 14:00;
        once Saturday 7 March is made a working day of the team's calendar,
        Saturday 14:00."""
        ticket = self._ticket(
            user=self.desk,
            aftersales_zone_id=self.zone_city.id,
            aftersales_reported_at=local(2026, 3, 6, 16, 0),
        )
        arrival = self._deadline(ticket, "arrival")
        self.assertEqual(arrival.deadline, local(2026, 3, 9, 14, 0))
        self.env["aftersales.makeup.day"].with_user(self.manager).create(
            {"date": date(2026, 3, 7), "calendar_id": self.office.id}
        )
        self.assertEqual(arrival.deadline, local(2026, 3, 7, 14, 0))

    def test_spring_festival_week(self):
        """Holidays 15-23 February are off, Saturdays 14 and 28 worked."""
        office = self.office
        self.assertEqual(
            office.plan_hours(6, local(2026, 2, 16, 10, 0), compute_leaves=True),
            local(2026, 2, 24, 16, 0),
        )
        # 14 Feb (8 h) + 24-27 Feb (4 x 8 h) + 28 Feb (8 h).
        self.assertEqual(
            office.get_work_hours_count(
                utc.localize(local(2026, 2, 14, 0, 0)),
                utc.localize(local(2026, 3, 1, 0, 0)),
            ),
            48.0,
        )
        # 3 working days from Friday 13 February: 14, 24, 25 February (Odoo's
        # plan_days stops at the first interval of the last day; a deadline
        # in days ends with that day's work).
        self.assertEqual(
            office.plan_days(
                3, utc.localize(local(2026, 2, 14, 0, 0)), compute_leaves=True
            )
            .astimezone(utc)
            .replace(tzinfo=None),
            local(2026, 2, 25, 12, 0),
        )
        self.assertEqual(
            office._aftersales_plan_days(local(2026, 2, 13, 16, 0), 3),
            local(2026, 2, 25, 18, 0),
        )

    def test_complaint_13_days_across_national_day(self):
        """From Wednesday 30 September 2026: 13 calendar days end on 13
        October; 13 working days skip 1-7 October, count Saturday 10 October
        and end on Friday 23 October at the end of the day's work."""
        start = local(2026, 9, 30, 10, 0)
        self.assertEqual(
            self.office._aftersales_plan_days(start, 13, working=False),
            local(2026, 10, 13, 23, 59, 59),
        )
        self.assertEqual(
            self.office._aftersales_plan_days(start, 13, working=True),
            local(2026, 10, 23, 18, 0),
        )
        # The same through a deadline policy counted in working days.
        policy = self.env["aftersales.sla.policy"].create(
            {
                "name": "Complaints (domestic)",
                "team_id": self.team.id,
                "sequence": 1,
                "target_ids": [
                    (
                        0,
                        0,
                        {
                            "kind": "response",
                            "unit": "days",
                            "days": 13,
                            "working_hours": True,
                        },
                    )
                ],
            }
        )
        ticket = self._ticket(user=self.desk, aftersales_reported_at=start)
        self.assertEqual(ticket.aftersales_sla_policy_id, policy)
        line = self._deadline(ticket, "response")
        self.assertEqual(line.deadline, local(2026, 10, 23, 18, 0))
        self.assertEqual(line.target_days, 13)

    def test_dispatch_availability_agrees(self):
        """The dispatch wizard's availability uses the same working time: free
        on the make-up Saturday, not on a Spring Festival Monday."""
        ticket = self._ticket(aftersales_zone_id=self.zone_city.id)
        Technician = self.env["aftersales.technician"]
        saturday = Technician.browse(self.profile.id)._aftersales_candidates(
            ticket, local(2026, 2, 14, 9, 0), local(2026, 2, 14, 11, 0)
        )
        holiday = Technician.browse(self.profile.id)._aftersales_candidates(
            ticket, local(2026, 2, 16, 9, 0), local(2026, 2, 16, 11, 0)
        )
        self.assertTrue(saturday[0].available)
        self.assertFalse(holiday[0].available)

    def test_makeup_day_and_holiday_refused_in_either_order(self):
        Makeup = self.env["aftersales.makeup.day"]
        count = Makeup.search_count([])
        with self.assertRefused(ValidationError, "public holiday"):
            Makeup.create({"date": date(2026, 10, 2), "company_id": self.company.id})
        self.assertEqual(Makeup.search_count([]), count)
        Leaves = self.env["resource.calendar.leaves"]
        leaves = Leaves.search_count([])
        with self.assertRefused(ValidationError, "cannot be a make-up working day"):
            Leaves.create(
                {
                    "name": "Extra day off",
                    "date_from": local(2026, 10, 10, 0, 0),
                    "date_to": local(2026, 10, 10, 23, 59, 59),
                }
            )
        self.assertEqual(Leaves.search_count([]), leaves)

    def test_makeup_day_rules(self):
        Makeup = self.env["aftersales.makeup.day"].with_user(self.manager)
        day = Makeup.create(
            {
                "date": date(2026, 3, 7),
                "calendar_id": self.office.id,
                "name": "Stocktaking",
                "custom_hours": True,
                "hour_from": 9,
                "hour_to": 13,
            }
        )
        self.assertEqual(
            self.office.get_work_hours_count(
                utc.localize(local(2026, 3, 7, 0, 0)),
                utc.localize(local(2026, 3, 8, 0, 0)),
            ),
            4.0,
        )
        with self.assertRefused(ValidationError, "Start and End"):
            day.write({"hour_to": 25})
        self.assertEqual(day.hour_to, 13)
        with self.assertRefused(ValidationError, "already a make-up working day"):
            Makeup.create({"date": date(2026, 3, 7), "calendar_id": self.office.id})
        with (
            mute_logger("odoo.sql_db"),
            self.assertRaises(IntegrityError),
            self.env.cr.savepoint(),
        ):
            # The database refuses it too (a second company-wide 14 Feb).
            self.env.cr.execute(
                "INSERT INTO aftersales_makeup_day (date, company_id, dayofweek, "
                "source) VALUES ('2026-02-14', %s, '4', 'manual')",
                [self.company.id],
            )
        with self.assertRaises(AccessError):
            self.env["aftersales.makeup.day"].with_user(self.dispatcher).create(
                {"date": date(2026, 3, 14)}
            )

    def test_loading_twice_adds_nothing(self):
        Leaves = self.env["resource.calendar.leaves"]
        before = (
            Leaves.search_count([]),
            self.env["aftersales.makeup.day"].search_count([]),
        )
        self.assertEqual(
            self.company._aftersales_load_china_calendar([2026], tz="Asia/Shanghai"),
            (0, 0),
        )
        after = (
            Leaves.search_count([]),
            self.env["aftersales.makeup.day"].search_count([]),
        )
        self.assertEqual(before, after)
        with self.assertRefused(UserError, "has no official list for 2099"):
            self.company._aftersales_load_china_calendar([2099])

    def test_import_file(self):
        Wizard = self.env["aftersales.holiday.load"].with_user(self.manager)
        Makeup = self.env["aftersales.makeup.day"]
        before = Makeup.search_count([])
        bad = Wizard.create(
            {
                "source": "file",
                "tz": "Asia/Shanghai",
                "filename": "2099.csv",
                "file": base64.b64encode(
                    "date,kind,name\n2099-01-01,holiday,元旦\n2099-13-01,holiday,x\n"
                    "2099-01-04,sometimes,y\n2099-01-01,workday,z\n".encode()
                ),
            }
        )
        with self.assertRefused(UserError, "Line 3") as caught:
            bad.action_load()
        for text in ("Line 4", "Line 5", "2099-13-01"):
            self.assertIn(text, str(caught.exception))
        self.assertEqual(Makeup.search_count([]), before)
        good = Wizard.create(
            {
                "source": "file",
                "tz": "Asia/Shanghai",
                "file": base64.b64encode(
                    "2099-01-01,holiday,元旦\n2099-01-02,休,元旦\n"
                    "2099-01-04,补班,元旦调休\n".encode("gb18030")
                ),
            }
        )
        good.action_load()
        self.assertEqual(Makeup.search_count([]), before + 1)
        leave = self.env["resource.calendar.leaves"].search(
            [("aftersales_source", "=", "import")]
        )
        self.assertEqual(leave.name, "元旦")
        self.assertEqual(leave.date_from, local(2099, 1, 1, 0, 0))
        self.assertEqual(leave.date_to, local(2099, 1, 2, 23, 59, 59))
        good.action_load()
        self.assertEqual(Makeup.search_count([]), before + 1, "loaded once")
        with self.assertRaises(AccessError):
            self.env["aftersales.holiday.load"].with_user(self.dispatcher).create(
                {"source": "official"}
            )

    def test_yearly_reminder(self):
        self.company.aftersales_china_calendar = True
        Activity = self.env["mail.activity"]
        domain = [
            ("res_model", "=", "res.partner"),
            ("res_id", "=", self.company.partner_id.id),
            ("user_id", "=", self.manager.id),
        ]
        with freeze_time("2026-09-20"):
            self.assertFalse(self.company._aftersales_holiday_reminder(date.today()))
        with freeze_time("2026-10-20"):
            self.assertTrue(self.company._aftersales_holiday_reminder(date.today()))
            self.assertFalse(self.company._aftersales_holiday_reminder(date.today()))
        self.assertEqual(Activity.search_count(domain), 1)
        self.assertIn("2027", Activity.search(domain).summary)
