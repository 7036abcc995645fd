from odoo import fields

from . import controllers, models, report, wizards


def post_init_hook(env):
    """Teams of an existing helpdesk get their numbering before their first
    request; companies in China their official calendar; the requests made
    during the installation (demo data) their deadlines."""
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
    # Go-live: the requests already there are the backlog taken over (they
    # keep no deadlines, the cut-over setting); the units already delivered
    # get their customer and warranty start from their history.
    go_live(env)
    env["helpdesk.ticket"].search(
        [("closed", "=", False), ("create_date", ">=", env.cr.now())]
    )._aftersales_sync_deadlines()


def go_live(env):
    """Cut-over at the installation for every company without one (set-based);
    the installed base filled from the delivery and invoice history."""
    env.cr.execute(
        "UPDATE res_company SET aftersales_cutover_at ="
        " date_trunc('second', now() AT TIME ZONE 'UTC')"
        " WHERE aftersales_cutover_at IS NULL"
    )
    env["res.company"].invalidate_model(["aftersales_cutover_at"])
    env["stock.lot"]._aftersales_backfill_history(env["res.company"].search([]).ids)
