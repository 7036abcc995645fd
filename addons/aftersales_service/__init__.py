from . import controllers, models, wizards


def post_init_hook(env):
    """Teams of an existing helpdesk get their numbering before their first
    request; open tickets get their deadlines, counted from the installation
    (their Reported At)."""
    env["helpdesk.ticket.team"].with_context(active_test=False).search(
        [("company_id", "in", [*env["res.company"].search([]).ids, False])]
    )._aftersales_sync_sequence()
    env["helpdesk.ticket"].search([("closed", "=", False)])._aftersales_sync_deadlines()
