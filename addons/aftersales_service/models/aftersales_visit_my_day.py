"""The technician's phone: My Day (today's and overdue open visits) and what
a card needs to be used in the field: the map link, the phone, the one next
step."""

from datetime import datetime, time, timedelta
from urllib.parse import quote

import pytz

from odoo import api, fields, models

OPEN_STATES = ("planned", "travelling", "on_site")


class AftersalesVisit(models.Model):
    _inherit = "aftersales.visit"

    fault_summary = fields.Char(related="ticket_id.name", string="Fault")
    site_address = fields.Char(compute="_compute_field_links", string="Address")
    map_url = fields.Char(compute="_compute_field_links", string="Map Link")
    site_phone = fields.Char(compute="_compute_field_links", string="Phone")
    next_step = fields.Selection(
        selection=[
            ("depart", "Depart"),
            ("check_in", "Check In"),
            ("start_work", "Start Work"),
            ("finish", "Work Done"),
            ("sign", "Customer Signs and Rates"),
            ("none", "Nothing to Do"),
        ],
        compute="_compute_next_step",
        help="The one next step of the visit, as the technician's card shows it.",
    )
    in_my_day = fields.Boolean(
        string="My Day",
        compute="_compute_in_my_day",
        search="_search_in_my_day",
        help="Mine, and open today or overdue, or done and waiting for the "
        "customer's signature.",
    )

    @api.depends(
        "site_partner_id.contact_address",
        "partner_id.contact_address",
        "site_partner_id.phone",
        "partner_id.phone",
    )
    def _compute_field_links(self):
        for visit in self:
            where = visit.site_partner_id or visit.partner_id
            address = ", ".join(
                part.strip()
                for part in (where.contact_address or "").splitlines()
                if part.strip() and part.strip() != where.name
            )
            visit.site_address = address
            visit.map_url = (
                "https://uri.amap.com/search?keyword=" + quote(address)
                if address
                else False
            )
            visit.site_phone = where.phone or visit.partner_id.phone or False

    @api.depends("state", "work_started_at", "signed_at")
    def _compute_next_step(self):
        for visit in self:
            if visit.state == "planned":
                visit.next_step = "depart"
            elif visit.state == "travelling":
                visit.next_step = "check_in"
            elif visit.state == "on_site":
                visit.next_step = "finish" if visit.work_started_at else "start_work"
            elif visit.state == "done" and not visit.signed_at:
                visit.next_step = "sign"
            else:
                visit.next_step = "none"

    @api.model
    def _aftersales_end_of_today(self):
        """Midnight ending the user's today, in UTC as stored."""
        tz = pytz.timezone(
            self.env.context.get("tz") or self.env.user.tz or "Asia/Shanghai"
        )
        today = datetime.now(tz).date()
        end = tz.localize(datetime.combine(today + timedelta(days=1), time.min))
        return end.astimezone(pytz.UTC).replace(tzinfo=None)

    def _aftersales_my_day_domain(self):
        uid = self.env.uid
        return [
            "|",
            ("user_id", "=", uid),
            ("helper_ids", "in", [uid]),
            "|",
            "&",
            ("state", "in", OPEN_STATES),
            ("planned_start", "<", self._aftersales_end_of_today()),
            "&",
            ("state", "=", "done"),
            ("signed_at", "=", False),
        ]

    @api.depends_context("uid", "tz")
    def _compute_in_my_day(self):
        mine = self.filtered_domain(self._aftersales_my_day_domain())
        for visit in self:
            visit.in_my_day = visit in mine

    def _search_in_my_day(self, operator, value):
        if operator not in ("in", "not in", "=", "!="):
            return NotImplemented
        positive = (operator in ("=", "in")) == bool(
            value if not isinstance(value, list | tuple | set) else True in value
        )
        domain = self._aftersales_my_day_domain()
        return domain if positive else ["!", *domain]

    def action_aftersales_open_report(self):
        """From the card: the visit's report to fill in before Finish Work."""
        self.ensure_one()
        return self._aftersales_form_action()
