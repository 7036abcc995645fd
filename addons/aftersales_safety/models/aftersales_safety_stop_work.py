from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

OFFICER_GROUP = "aftersales_safety.group_aftersales_safety_officer"


class AftersalesSafetyStopWork(models.Model):
    """Work stopped on a visit: by a technician at any time with a reason, or
    by a failed blocking check item. Work resumes only once a safety officer
    resolved it."""

    _name = "aftersales.safety.stop.work"
    _description = "Stop-Work Record"
    _inherit = [
        "mail.thread",
        "mail.activity.mixin",
        "aftersales.protected.mixin",
        "aftersales.safety.visit.record.mixin",
    ]
    _order = "id desc"
    _check_company_auto = True

    check_id = fields.Many2one(
        comodel_name="aftersales.safety.check",
        string="Failed Check",
        readonly=True,
        check_company=True,
    )
    reason = fields.Text(required=True)
    user_id = fields.Many2one(
        comodel_name="res.users",
        string="Raised By",
        default=lambda self: self.env.user,
        readonly=True,
    )
    raised_at = fields.Datetime(default=fields.Datetime.now, readonly=True)
    state = fields.Selection(
        selection=[("open", "Open"), ("resolved", "Resolved")],
        default="open",
        required=True,
        readonly=True,
        tracking=True,
        index=True,
    )
    resolution = fields.Text(tracking=True)
    resolved_uid = fields.Many2one(
        comodel_name="res.users", string="Resolved By", readonly=True
    )
    resolved_at = fields.Datetime(readonly=True)

    @api.depends("visit_id.name", "raised_at")
    def _compute_display_name(self):
        for record in self:
            record.display_name = self.env._(
                "Stop work on %(visit)s", visit=record.visit_id.name or ""
            )

    def _aftersales_protected_field_names(self):
        # Resolved by a safety officer only (action_resolve); the failed check
        # is linked by the check that raised it.
        return super()._aftersales_protected_field_names() | {
            "state",
            "resolved_uid",
            "resolved_at",
            "raised_at",
            "check_id",
        }

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if not (vals.get("reason") or "").strip():
                raise UserError(
                    self.env._("Stopping work needs a reason: say what is unsafe.")
                )
        records = super().create(vals_list)
        records._aftersales_notify_officer()
        return records

    @api.ondelete(at_uninstall=False)
    def _unlink_never(self):
        raise UserError(
            self.env._("A stop-work record is evidence: resolve it, never delete it.")
        )

    @api.model
    def _aftersales_raise(self, visit, reason, check=None):
        return self._aftersales_create(
            [
                {
                    "visit_id": visit.id,
                    "reason": reason,
                    "check_id": check.id if check else False,
                }
            ]
        )

    def _aftersales_notify_officer(self):
        for record in self:
            officer = record.company_id.aftersales_safety_officer_id
            record.message_post(
                body=self.env._(
                    "Work stopped on visit %(visit)s by %(user)s: %(reason)s",
                    visit=record.visit_id.name,
                    user=record.user_id.name,
                    reason=record.reason,
                )
            )
            if officer:
                record.sudo().activity_schedule(
                    "mail.mail_activity_data_todo",
                    user_id=officer.id,
                    summary=self.env._("Work stopped: decide how it resumes"),
                    note=record.reason,
                )

    def action_resolve(self):
        if not self.env.user.has_group(OFFICER_GROUP):
            raise AccessError(
                self.env._("Only a safety officer resolves a stop-work record.")
            )
        for record in self:
            if not (record.resolution or "").strip():
                raise UserError(
                    self.env._(
                        "%(record)s: write the resolution (what was made safe) "
                        "before resolving.",
                        record=record.display_name,
                    )
                )
        self._aftersales_write(
            {
                "state": "resolved",
                "resolved_uid": self.env.uid,
                "resolved_at": fields.Datetime.now(),
            }
        )
        self.activity_unlink(["mail.mail_activity_data_todo"])
        return True
