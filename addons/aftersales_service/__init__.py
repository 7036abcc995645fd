from . import controllers, models, wizards


def post_init_hook(env):
    """Open tickets of an existing helpdesk get their deadlines, counted from
    the installation (their Reported At)."""
    env["helpdesk.ticket"].search([("closed", "=", False)])._aftersales_sync_deadlines()
