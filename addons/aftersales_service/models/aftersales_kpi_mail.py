import base64
from datetime import datetime, time, timedelta

from markupsafe import Markup, escape

from odoo import api, fields, models

from ..rules import kpi as kpi_rules

MANAGER_GROUP = "aftersales_service.group_aftersales_manager"
OPEN_VISIT_STATES = ("planned", "travelling", "on_site")


class AftersalesKpiFact(models.Model):
    """Delivery of the figures: the monthly statistics workbook to the
    managers who subscribed, and each technician's daily report (jobs done,
    hours on site, parts, open items) to the service managers each evening."""

    _inherit = "aftersales.kpi.fact"

    @api.model
    def _cron_aftersales_monthly_statistics(self):
        """On the first of the month: last month's facts rebuilt, then its
        workbook e-mailed to each company's subscribers."""
        today = fields.Date.context_today(self)
        period = kpi_rules.add_months(kpi_rules.month_start(today), -1)
        companies = self.env["res.company"].search(
            [("aftersales_kpi_subscriber_ids", "!=", False)]
        )
        for company in companies:
            self._aftersales_build(period, company)
            self._aftersales_send_workbook(period, company)
            self.env["ir.cron"]._commit_progress(1)

    @api.model
    def _aftersales_send_workbook(self, period, company):
        users = company.aftersales_kpi_subscriber_ids.filtered("email")
        if not users:
            return self.env["mail.mail"]
        # Rendered as a manager of the company would see it (all figures).
        Period = self.env["aftersales.kpi.period"].sudo().with_company(company)
        content = Period._aftersales_workbook(period, "1", company)
        month = period.strftime("%Y-%m")
        subject = self.env._(
            "After-sales monthly statistics %(month)s, %(company)s",
            month=month,
            company=company.name,
        )
        return (
            self.env["mail.mail"]
            .sudo()
            .create(
                {
                    "subject": subject,
                    "body_html": Markup("<p>%s</p>")
                    % self.env._(
                        "The monthly statistics workbook (月度统计) is attached."
                    ),
                    "email_from": company.email_formatted or False,
                    "recipient_ids": [(6, 0, users.partner_id.ids)],
                    "auto_delete": False,
                    "attachment_ids": [
                        (
                            0,
                            0,
                            {
                                "name": f"aftersales-statistics-{month}.xlsx",
                                "datas": base64.b64encode(content),
                                "mimetype": "application/vnd.openxmlformats-"
                                "officedocument.spreadsheetml.sheet",
                            },
                        )
                    ],
                }
            )
        )

    @api.model
    def _cron_aftersales_daily_reports(self):
        """Every evening: each technician's day, one e-mail per company to
        its teams' service managers (else its after-sales managers)."""
        for company in self.env["res.company"].search([("active", "=", True)]):
            self._aftersales_send_daily_report(company)
            self.env["ir.cron"]._commit_progress(1)

    @api.model
    def _aftersales_daily_rows(self, company, day):
        """``[(technician, jobs done, hours, parts, open items)]`` of the
        company's local ``day``; parts None when none is recorded by visit."""
        tz = company.resource_calendar_id.tz or "UTC"
        start = kpi_rules.to_utc(datetime.combine(day, time.min), tz)
        end = start + timedelta(days=1)
        Visit = self.env["aftersales.visit"].sudo()
        done = {
            user: (count, hours)
            for user, count, hours in Visit._read_group(
                [
                    ("company_id", "=", company.id),
                    ("state", "=", "done"),
                    ("check_out_at", ">=", start),
                    ("check_out_at", "<", end),
                ],
                groupby=["user_id"],
                aggregates=["__count", "time_spent:sum"],
            )
        }
        parts = dict(
            self.env["aftersales.charge.line"]
            .sudo()
            ._read_group(
                [
                    ("company_id", "=", company.id),
                    ("charge_type", "=", "part"),
                    ("visit_id.check_out_at", ">=", start),
                    ("visit_id.check_out_at", "<", end),
                ],
                groupby=["visit_id.user_id"],
                aggregates=["quantity:sum"],
            )
        )
        open_items = dict(
            Visit._read_group(
                [
                    ("company_id", "=", company.id),
                    ("state", "in", OPEN_VISIT_STATES),
                    ("planned_start", "<", end),
                ],
                groupby=["user_id"],
                aggregates=["__count"],
            )
        )
        users = (self.env["res.users"].browse()).union(*done, *open_items)
        return [
            (
                user,
                done.get(user, (0, 0.0))[0],
                done.get(user, (0, 0.0))[1],
                parts.get(user),
                open_items.get(user, 0),
            )
            for user in users.sorted("name")
        ]

    @api.model
    def _aftersales_send_daily_report(self, company, day=None):
        day = (
            day
            or kpi_rules.to_local(
                fields.Datetime.now(), company.resource_calendar_id.tz or "UTC"
            ).date()
        )
        rows = self._aftersales_daily_rows(company, day)
        # The teams' service managers; without any, the after-sales managers.
        managers = (
            self.env["helpdesk.ticket.team"]
            .sudo()
            .search([("company_id", "in", [company.id, False])])
            .aftersales_manager_id
        ) or self.env.ref(MANAGER_GROUP).sudo().all_user_ids
        managers = managers.filtered(
            lambda u: company in u.company_ids and u.email and not u.share
        )
        if not rows or not managers:
            return self.env["mail.mail"]
        header = [
            self.env._("Technician"),
            self.env._("Jobs Done"),
            self.env._("Hours on Site"),
            self.env._("Parts Used"),
            self.env._("Open Items"),
        ]
        cells = Markup("").join(Markup("<th>%s</th>") % h for h in header)
        body = Markup("<p>%s</p><table border='1' cellpadding='4'><tr>%s</tr>") % (
            self.env._("Technicians' daily report, %(day)s", day=day.isoformat()),
            cells,
        )
        for user, jobs, hours, parts, open_count in rows:
            values = [
                user.name,
                jobs,
                f"{hours:.1f}",
                self.env._("not available") if parts is None else f"{parts:g}",
                open_count,
            ]
            body += Markup("<tr>%s</tr>") % Markup("").join(
                Markup("<td>%s</td>") % escape(str(v)) for v in values
            )
        body += Markup("</table>")
        return (
            self.env["mail.mail"]
            .sudo()
            .create(
                {
                    "subject": self.env._(
                        "Technicians' daily report %(day)s, %(company)s",
                        day=day.isoformat(),
                        company=company.name,
                    ),
                    "body_html": body,
                    "email_from": company.email_formatted or False,
                    "recipient_ids": [(6, 0, managers.partner_id.ids)],
                }
            )
        )
