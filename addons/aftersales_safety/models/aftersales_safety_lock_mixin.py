from odoo import fields, models

# When a lock (a point's or a crew member's) went on and came off, and a
# forced removal: written by the lock's actions and the forced-removal wizard.
LOCK_FIELDS = frozenset(
    {
        "applied_at",
        "removed_uid",
        "removed_at",
        "forced",
        "forced_approved_uid",
        "forced_reason",
        "forced_attempts",
    }
)


class AftersalesSafetyLockMixin(models.AbstractModel):
    """A lock of a lockout/tagout record (an isolation point's lock, a crew
    member's personal lock): applied, then removed by its owner, or removed by
    force with a manager's approval (OSHA 1910.147 (e)(3)). The models say
    who may remove it (``_aftersales_check_may_release``) and who owns it
    (``_aftersales_lock_owner``); the removal itself is written here."""

    _name = "aftersales.safety.lock.mixin"
    _description = "Lockout/Tagout Lock"
    _inherit = ["aftersales.protected.mixin"]

    # The field of the forced-removal wizard that names this kind of lock.
    _aftersales_forced_removal_field = None

    applied_at = fields.Datetime(readonly=True)
    removed_uid = fields.Many2one(
        comodel_name="res.users", string="Removed By", readonly=True
    )
    removed_at = fields.Datetime(readonly=True)
    forced = fields.Boolean(string="Forced Removal", readonly=True)
    forced_approved_uid = fields.Many2one(
        comodel_name="res.users", string="Removal Approved By", readonly=True
    )
    forced_reason = fields.Text(readonly=True)
    forced_attempts = fields.Text(string="Attempts to Reach the Owner", readonly=True)

    def _aftersales_protected_field_names(self):
        return super()._aftersales_protected_field_names() | LOCK_FIELDS

    def _aftersales_lock_owner(self):
        """Who put the lock on and alone removes it."""
        raise NotImplementedError

    def _aftersales_check_may_release(self):
        """Refuse, naming the lock, when the current user may not remove it."""
        raise NotImplementedError

    def action_release(self):
        self._aftersales_check_may_release()
        self._aftersales_write(
            {"removed_uid": self.env.uid, "removed_at": fields.Datetime.now()}
        )
        return True

    def action_forced_removal(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Forced Lock Removal"),
            "res_model": "aftersales.safety.forced.removal",
            "view_mode": "form",
            "target": "new",
            "context": {f"default_{self._aftersales_forced_removal_field}": self.id},
        }

    def _aftersales_force_remove(self, reason, attempts):
        """Removed by force: the wizard checked the manager and the reasons."""
        self._aftersales_write(
            {
                "removed_uid": self.env.uid,
                "removed_at": fields.Datetime.now(),
                "forced": True,
                "forced_approved_uid": self.env.uid,
                "forced_reason": reason,
                "forced_attempts": attempts,
            }
        )
