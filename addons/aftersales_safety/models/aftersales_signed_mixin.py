from odoo import models


class AftersalesSignedMixin(models.AbstractModel):
    _inherit = "aftersales.signed.mixin"

    def _aftersales_signer_details(self, when):
        """The signer's certificates and their validity on the signing day."""
        details = super()._aftersales_signer_details(when)
        user = self.env.user
        employee = (
            user.employee_ids.filtered(lambda e: e.company_id == self.company_id)[:1]
            or user.employee_ids[:1]
        )
        if not employee:
            summary = self.env._("%(user)s has no employee file.", user=user.name)
        else:
            summary = employee._aftersales_certificate_summary(when.date())
        return "\n".join(part for part in (details, summary) if part)
