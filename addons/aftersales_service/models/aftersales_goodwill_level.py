from odoo import fields, models


class AftersalesGoodwillLevel(models.Model):
    """Who may approve goodwill up to which multiple of the disputed value."""

    _name = "aftersales.goodwill.level"
    _description = "Goodwill Approval Level"
    _order = "rank, id"

    name = fields.Char(required=True, translate=True)
    rank = fields.Integer(
        required=True, help="Higher ranks approve larger amounts and all below."
    )
    max_multiple = fields.Float(
        string="Up To (x disputed value)",
        help="Largest goodwill this level approves, as a multiple of the "
        "disputed item's value. 0: no limit.",
    )
    group_id = fields.Many2one(comodel_name="res.groups", string="Approvers (Group)")
    user_ids = fields.Many2many(comodel_name="res.users", string="Approvers")

    _aftersales_rank_unique = models.Constraint(
        "UNIQUE(rank)", "Each approval level has its own rank."
    )
    _aftersales_multiple_positive = models.Constraint(
        "CHECK(max_multiple >= 0)", "A multiple cannot be negative."
    )

    def _aftersales_is_approver(self, user):
        self.ensure_one()
        return user in self.user_ids or (
            self.group_id and user in self.group_id.all_user_ids
        )
