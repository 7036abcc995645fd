from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

MANAGER_GROUP = "aftersales_service.group_aftersales_manager"


class AftersalesSafetyForcedRemoval(models.TransientModel):
    """Remove a lock whose owner cannot be reached (OSHA 1910.147 (e)(3)): a
    manager approves, recording the attempts to reach that person and why the
    lock must come off; the owner is told before they return to work."""

    _name = "aftersales.safety.forced.removal"
    _description = "Forced Lock Removal"

    point_id = fields.Many2one(
        comodel_name="aftersales.safety.isolation.point", readonly=True
    )
    lock_id = fields.Many2one(
        comodel_name="aftersales.safety.isolation.lock", readonly=True
    )
    owner_id = fields.Many2one(
        comodel_name="res.users",
        string="Lock Owner",
        compute="_compute_owner_id",
    )
    attempts = fields.Text(
        string="Attempts to Reach the Owner",
        required=True,
        help="When and how the owner was called, messaged, looked for on site.",
    )
    reason = fields.Text(
        required=True, help="Why the lock must come off now, and that it is safe."
    )

    @api.depends("point_id", "lock_id")
    def _compute_owner_id(self):
        for wizard in self:
            wizard.owner_id = (
                wizard.point_id or wizard.lock_id
            )._aftersales_lock_owner()

    def action_confirm(self):
        self.ensure_one()
        if not self.env.user.has_group(MANAGER_GROUP):
            raise AccessError(
                self.env._(
                    "Only an after-sales manager approves a forced lock removal."
                )
            )
        if not (self.attempts or "").strip() or not (self.reason or "").strip():
            raise UserError(
                self.env._(
                    "A forced removal records the attempts to reach the lock's "
                    "owner and the reason: fill in both."
                )
            )
        target = self.point_id or self.lock_id
        if not target:
            raise UserError(self.env._("Choose the lock to remove."))
        if target.removed_at or not target.applied_at:
            raise UserError(self.env._("This lock is not on; nothing to remove."))
        # The manager's approval is checked above; the lock belongs to a visit
        # they may not otherwise edit.
        target_sudo = target.sudo()
        target_sudo._aftersales_force_remove(self.reason.strip(), self.attempts.strip())
        owner = self.owner_id
        target_sudo.isolation_id.message_post(
            body=self.env._(
                "Lock %(lock)s of %(owner)s removed by force, approved by "
                "%(manager)s. Attempts to reach them: %(attempts)s. Reason: "
                "%(reason)s",
                lock=target.lock_number or "",
                owner=owner.name or "",
                manager=self.env.user.name,
                attempts=self.attempts,
                reason=self.reason,
            ),
            partner_ids=owner.partner_id.ids,
            author_id=self.env.user.partner_id.id,
        )
        return {"type": "ir.actions.act_window_close"}
