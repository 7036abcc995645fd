from odoo import fields, models
from odoo.exceptions import AccessError, UserError

OFFICER_GROUP = "aftersales_safety.group_aftersales_safety_officer"


class AftersalesDispatch(models.TransientModel):
    """A safety officer may send a technician the safety rules would block,
    once, with a reason recorded on the visit."""

    _inherit = "aftersales.dispatch"

    aftersales_safety_override = fields.Boolean(
        string="Safety Override",
        help="Send the technicians despite missing certificates or training. "
        "Only a safety officer may; the reason is recorded on this visit only.",
    )
    aftersales_safety_override_reason = fields.Text(string="Override Reason")

    def _aftersales_overridden_blockers(self):
        self.ensure_one()
        team = self.technician_id | self.helper_ids
        blockers = team._aftersales_safety_blockers(self.ticket_id, self.planned_start)
        return [
            f"{technician.name}: {reason}"
            for technician in team
            for reason in blockers.get(technician.id, [])
        ]

    def _aftersales_waived(self):
        self.ensure_one()
        if not self.aftersales_safety_override:
            return super()._aftersales_waived()
        if not self.env.user.has_group(OFFICER_GROUP):
            raise AccessError(
                self.env._(
                    "Only a safety officer may override the safety rules of a "
                    "dispatch. Untick Safety Override or ask a safety officer."
                )
            )
        if not (self.aftersales_safety_override_reason or "").strip():
            raise UserError(
                self.env._(
                    "Give the reason for the safety override: it is recorded "
                    "on the visit."
                )
            )
        # Other reasons (another visit at that time) still refuse.
        return super()._aftersales_waived() | {"safety"}

    def _aftersales_visit_values(self):
        values = super()._aftersales_visit_values()
        if self.aftersales_safety_override:
            overridden = self._aftersales_overridden_blockers()
            if overridden:
                values.update(
                    aftersales_safety_override_reason=(
                        self.aftersales_safety_override_reason.strip()
                    ),
                    aftersales_safety_override_uid=self.env.uid,
                    aftersales_safety_override_at=fields.Datetime.now(),
                    aftersales_safety_override_blockers="\n".join(overridden),
                )
        return values
