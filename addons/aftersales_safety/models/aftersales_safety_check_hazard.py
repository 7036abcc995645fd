from odoo import fields, models
from odoo.exceptions import UserError


class AftersalesSafetyCheckLine(models.Model):
    """A failed checklist item raises a hazard in one step (Raise Hazard); the
    line, even signed, stays as it is: the hazard points to it."""

    _inherit = "aftersales.safety.check.line"

    aftersales_hazard_count = fields.Integer(
        string="Hazards", compute="_compute_aftersales_hazard_count"
    )

    def _compute_aftersales_hazard_count(self):
        groups = (
            self.env["aftersales.safety.hazard"]
            .sudo()
            ._read_group(
                [("res_model", "=", self._name), ("res_id", "in", self.ids)],
                ["res_id"],
                ["__count"],
            )
        )
        counts = dict(groups)
        for line in self:
            line.aftersales_hazard_count = counts.get(line.id, 0)

    def _aftersales_hazard_values(self):
        self.ensure_one()
        visit = self.check_id.visit_id
        ticket = visit.ticket_id
        answer = (
            dict(self._fields["answer"]._description_selection(self.env)).get(
                self.answer
            )
            if self.answer
            else self.value_number
            if self.answer_type == "number"
            else ""
        )
        description = self.env._(
            "%(question)s: %(answer)s (pre/post-job check %(check)s)",
            question=self.question,
            answer=answer,
            check=self.check_id.name,
        )
        site = ticket.aftersales_site_partner_id or ticket.partner_id
        return self._aftersales_answer_hazard_values(
            description,
            company_id=self.check_id.company_id.id,
            partner_id=site.commercial_partner_id.id if site else False,
            place=site.contact_address.replace("\n", ", ").strip(", ")
            if site
            else False,
        )

    def action_aftersales_raise_hazard(self):
        """Raise a hazard from this failed item (once; the second time opens
        the one raised)."""
        self.ensure_one()
        self.check_access("read")
        Hazard = self.env["aftersales.safety.hazard"]
        existing = Hazard.sudo().search(
            [("res_model", "=", self._name), ("res_id", "=", self.id)], limit=1
        )
        if not existing:
            if not self.is_failed:
                raise UserError(
                    self.env._(
                        "%(question)s did not fail: a hazard is raised from a "
                        "failed item. Report any other hazard from Safety > "
                        "Hazards.",
                        question=self.question,
                    )
                )
            # As the technician (reporter), sudo only for the site's address.
            existing = Hazard.sudo()._aftersales_report(
                [self._aftersales_hazard_values()]
            )
        return {
            "type": "ir.actions.act_window",
            "res_model": Hazard._name,
            "res_id": existing.id,
            "view_mode": "form",
            "target": "current",
        }
