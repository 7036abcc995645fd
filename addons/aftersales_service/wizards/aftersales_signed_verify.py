import logging

from odoo import api, fields, models

from ..rules import chain

_logger = logging.getLogger(__name__)


class AftersalesSignedVerify(models.TransientModel):
    """Recompute the hash of every signed record, in signing order, and name
    each record whose content or link no longer matches: service reports and
    every signed safety record, in the companies the user works in."""

    _name = "aftersales.signed.verify"
    _description = "Verify Signed Records"

    company_ids = fields.Many2many(
        comodel_name="res.company",
        string="Companies",
        default=lambda self: self.env.companies,
        domain=lambda self: [("id", "in", self.env.user.company_ids.ids)],
    )
    result = fields.Text(readonly=True)
    intact = fields.Boolean(readonly=True)
    verified_at = fields.Datetime(readonly=True)

    @api.model
    def _aftersales_verify(self, companies):
        """``(intact, report lines, [(record, reason), ...])`` over every
        signed model, for ``companies``."""
        Mixin = self.env["aftersales.signed.mixin"]
        lines, broken_records = [], []
        for company in companies:
            for model in Mixin._aftersales_signed_models():
                Model = self.env[model]
                count, broken = Model._aftersales_verify_chain(company)
                title = self.env["ir.model"]._get(model).name
                if not broken:
                    lines.append(
                        self.env._(
                            "%(company)s, %(model)s: %(count)s signed records, "
                            "chain intact.",
                            company=company.name,
                            model=title,
                            count=count,
                        )
                    )
                    continue
                broken_records.extend(broken)
                lines.append(
                    self.env._(
                        "%(company)s, %(model)s: %(count)s signed records, "
                        "%(broken)s BROKEN:",
                        company=company.name,
                        model=title,
                        count=count,
                        broken=len(broken),
                    )
                )
                lines.extend(
                    self.env._(
                        "- %(record)s (id %(id)s, chain position %(position)s): "
                        "%(why)s",
                        record=record.display_name,
                        id=record.id,
                        position=record.chain_sequence,
                        why=self.env._("its content changed after it was signed")
                        if reason == chain.CONTENT
                        else self.env._(
                            "its link to the previous record does not match (a "
                            "record before it was removed or altered)"
                        ),
                    )
                    for record, reason in broken
                )
        return not broken_records, lines, broken_records

    def action_verify(self):
        self.ensure_one()
        # Only the companies the user works in, whatever was sent.
        allowed = self.env.user.company_ids
        companies = allowed.browse(set(self.company_ids.ids) & set(allowed.ids))
        intact, lines, _broken = self._aftersales_verify(companies or self.env.company)
        self.write(
            {
                "intact": intact,
                "result": "\n".join(lines),
                "verified_at": fields.Datetime.now(),
            }
        )
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Verify Signed Records"),
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "target": "new",
        }

    @api.model
    def _cron_aftersales_verify(self):
        """Daily: verify every company's chains; each broken record gets a
        to-do for the After-Sales managers, and the run is logged."""
        # The companies that have signed records (a chain head each).
        companies = self.env["res.company"].browse(
            company.id
            for [company] in self.env["aftersales.signed.chain"]
            .sudo()
            ._read_group([], ["company_id"])
        )
        intact, lines, broken = self._aftersales_verify(companies)
        if intact:
            _logger.info("Signed records verified: every chain is intact.")
            return
        _logger.warning("Signed records verified: %s", "; ".join(lines))
        managers = self.env.ref("aftersales_service.group_aftersales_manager").user_ids
        vals_list = []
        for record, _reason in broken:
            for user in managers.filtered(
                lambda u, r=record: r.company_id in u.company_ids
            ):
                vals_list.append(
                    {
                        "res_model_id": self.env["ir.model"]._get_id(record._name),
                        "res_id": record.id,
                        "user_id": user.id,
                        "activity_type_id": self.env.ref(
                            "mail.mail_activity_data_todo"
                        ).id,
                        "summary": self.env._("Signed record altered"),
                        "note": self.env._(
                            "The hash chain check found %(record)s changed outside "
                            "the application.",
                            record=record.display_name,
                        ),
                    }
                )
        self.env["mail.activity"]._aftersales_create_quietly(vals_list)
