from odoo import api, fields, models

from ..rules import chain

SIGNED_MODELS = [
    "aftersales.safety.check",
    "aftersales.safety.isolation",
    "aftersales.safety.training",
]


class AftersalesSafetyChainVerify(models.TransientModel):
    """Recompute every signed record's hash in signing order and name the
    first record whose content or link no longer matches."""

    _name = "aftersales.safety.chain.verify"
    _description = "Verify Signed Safety Records"

    company_id = fields.Many2one(
        comodel_name="res.company",
        required=True,
        default=lambda self: self.env.company,
    )
    result = fields.Text(readonly=True)
    intact = fields.Boolean(readonly=True)
    verified_at = fields.Datetime(readonly=True)

    @api.model
    def _aftersales_verify(self, company):
        """``(intact, report lines)`` over every signed model."""
        lines = []
        intact = True
        for model in SIGNED_MODELS:
            count, broken, reason = (
                self.env[model].sudo()._aftersales_verify_chain(company)
            )
            title = self.env["ir.model"]._get(model).name
            if not broken:
                lines.append(
                    self.env._(
                        "%(model)s: %(count)s signed records, chain intact.",
                        model=title,
                        count=count,
                    )
                )
                continue
            intact = False
            lines.append(
                self.env._(
                    "%(model)s: BROKEN at %(record)s (id %(id)s, chain position "
                    "%(position)s): %(why)s",
                    model=title,
                    record=broken.display_name,
                    id=broken.id,
                    position=broken.chain_sequence,
                    why=self.env._("its content changed after it was signed")
                    if reason == chain.CONTENT
                    else self.env._(
                        "its link to the previous record does not match (a "
                        "record before it was removed or altered)"
                    ),
                )
            )
        return intact, lines

    def action_verify(self):
        self.ensure_one()
        intact, lines = self._aftersales_verify(self.company_id)
        self.write(
            {
                "intact": intact,
                "result": "\n".join(lines),
                "verified_at": fields.Datetime.now(),
            }
        )
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "target": "new",
        }
