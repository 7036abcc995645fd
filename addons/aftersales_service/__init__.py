from odoo import fields

from . import controllers, models, report, wizards


def post_init_hook(env):
    """Teams of an existing helpdesk get their numbering before their first
    request; companies in China their official calendar; open tickets their
    deadlines, counted from the installation (their Reported At)."""
    env["helpdesk.ticket.team"].with_context(active_test=False).search(
        [("company_id", "in", [*env["res.company"].search([]).ids, False])]
    )._aftersales_sync_sequence()
    # Companies in China follow the official calendar: this year's and next
    # year's statutory holidays and make-up days, as far as chinesecalendar
    # knows them, before any deadline is counted.
    china = env["res.company"].search([("partner_id.country_id.code", "=", "CN")])
    if china:
        year = fields.Date.today().year
        env["res.company"]._aftersales_install_china_calendar(china.ids, year, year + 1)
    env["helpdesk.ticket"].search([("closed", "=", False)])._aftersales_sync_deadlines()
