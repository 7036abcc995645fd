from odoo import fields, models

CUTOVER_MODES = [
    ("none", "No deadlines"),
    ("not_due", "Only deadlines not yet due"),
]


class ResCompany(models.Model):
    _inherit = "res.company"

    aftersales_cutover_at = fields.Datetime(
        string="Go-Live Cut-Over",
        help="Service requests entered before this moment are the backlog "
        "taken over at go-live: they keep no deadlines (or only those not yet "
        "due), so going live does not escalate them. Set to the installation "
        "by default; empty: every request gets its deadlines.",
    )
    aftersales_cutover_deadlines = fields.Selection(
        selection=CUTOVER_MODES,
        string="Backlog Deadlines",
        default="none",
        required=True,
        help="What the requests entered before the cut-over keep: no "
        "deadlines, or only the deadlines not yet due at the time they are "
        "computed.",
    )


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    aftersales_cutover_at = fields.Datetime(
        related="company_id.aftersales_cutover_at", readonly=False
    )
    aftersales_cutover_deadlines = fields.Selection(
        related="company_id.aftersales_cutover_deadlines", readonly=False
    )
