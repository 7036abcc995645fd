from odoo import api, fields, models


class AftersalesSafetyInspectionPlan(models.Model):
    _inherit = "aftersales.safety.inspection.plan"

    equipment_id = fields.Many2one(
        comodel_name="maintenance.equipment",
        string="Equipment or Tool",
        check_company=True,
        help="The tool, instrument or vehicle inspected: a failed item puts it "
        "out of use through the hazard it raises.",
    )

    def _aftersales_inspection_values(self, template, due, lines):
        return dict(
            super()._aftersales_inspection_values(template, due, lines),
            equipment_id=self.equipment_id.id,
        )


class AftersalesSafetyInspection(models.Model):
    """Every failed item of a signed inspection raises a hazard (隐患) in one
    step: one report per failed item, pointing to the item."""

    _inherit = "aftersales.safety.inspection"

    equipment_id = fields.Many2one(
        comodel_name="maintenance.equipment",
        string="Equipment or Tool",
        readonly=True,
        check_company=True,
    )
    hazard_count = fields.Integer(
        string="Hazards", compute="_compute_hazard_count", compute_sudo=True
    )

    def _aftersales_protected_field_names(self):
        return super()._aftersales_protected_field_names() | {"equipment_id"}

    def _aftersales_hazards(self):
        return (
            self.env["aftersales.safety.hazard"]
            .sudo()
            .search(
                [
                    ("res_model", "=", "aftersales.safety.inspection.line"),
                    ("res_id", "in", self.line_ids.ids),
                ]
            )
        )

    @api.depends("line_ids")
    def _compute_hazard_count(self):
        counts = dict(
            self.env["aftersales.safety.hazard"]
            .sudo()
            ._read_group(
                [
                    ("res_model", "=", "aftersales.safety.inspection.line"),
                    ("res_id", "in", self.line_ids.ids),
                ],
                ["res_id"],
                ["__count"],
            )
        )
        for inspection in self:
            inspection.hazard_count = sum(
                counts.get(line_id, 0) for line_id in inspection.line_ids.ids
            )

    def _aftersales_correction_values(self):
        return dict(
            super()._aftersales_correction_values(),
            equipment_id=self.equipment_id.id,
        )

    def _aftersales_raise_hazards(self):
        """One hazard per failed item not raised yet, in one call of the
        hazard register (as the inspector: they report it)."""
        super()._aftersales_raise_hazards()
        raised = set(self._aftersales_hazards().mapped("res_id"))
        failed = self.line_ids.filtered(
            lambda line: line.is_failed and line.id not in raised
        )
        if not failed:
            return self.env["aftersales.safety.hazard"]
        return (
            self.env["aftersales.safety.hazard"]
            .sudo()
            ._aftersales_report([line._aftersales_hazard_values() for line in failed])
        )

    def action_view_hazards(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "aftersales_safety.action_aftersales_safety_hazard"
        )
        action["domain"] = [
            ("res_model", "=", "aftersales.safety.inspection.line"),
            ("res_id", "in", self.line_ids.ids),
        ]
        action["context"] = {"create": False}
        return action


class AftersalesSafetyInspectionLine(models.Model):
    _inherit = "aftersales.safety.inspection.line"

    def _aftersales_hazard_values(self):
        self.ensure_one()
        inspection = self.inspection_id
        answer = (
            dict(self._fields["answer"]._description_selection(self.env)).get(
                self.answer
            )
            if self.answer
            else self.value_number
        )
        description = self.env._(
            "%(question)s: %(answer)s (inspection %(inspection)s)",
            question=self.question,
            answer=answer,
            inspection=inspection.name,
        )
        return self._aftersales_answer_hazard_values(
            description,
            company_id=inspection.company_id.id,
            place=inspection.place or False,
            equipment_id=inspection.equipment_id.id,
            level="general",
        )


class AftersalesSafetyHazard(models.Model):
    """Who caused a hazard, for each technician's safety record."""

    _inherit = "aftersales.safety.hazard"

    aftersales_caused_by_ids = fields.Many2many(
        comodel_name="res.users",
        relation="aftersales_safety_hazard_caused_by_rel",
        string="Caused By",
        domain="[('share', '=', False)]",
        help="The people whose conduct caused the hazard, as the safety "
        "officer found (counts in their safety record).",
    )


class HrEmployee(models.Model):
    _inherit = "hr.employee"

    aftersales_hazard_reported_ids = fields.Many2many(
        comodel_name="aftersales.safety.hazard",
        string="Hazards Reported",
        compute="_compute_aftersales_hazard_record",
        groups="hr.group_hr_user,aftersales_safety.group_aftersales_safety_officer",
    )
    aftersales_hazard_caused_ids = fields.Many2many(
        comodel_name="aftersales.safety.hazard",
        string="Hazards Caused",
        compute="_compute_aftersales_hazard_record",
        groups="hr.group_hr_user,aftersales_safety.group_aftersales_safety_officer",
    )
    aftersales_hazard_reported_count = fields.Integer(
        string="Hazards Reported Count",
        compute="_compute_aftersales_hazard_record",
        groups="hr.group_hr_user,aftersales_safety.group_aftersales_safety_officer",
    )
    aftersales_hazard_caused_count = fields.Integer(
        string="Hazards Caused Count",
        compute="_compute_aftersales_hazard_record",
        groups="hr.group_hr_user,aftersales_safety.group_aftersales_safety_officer",
    )

    @api.depends("user_id")
    def _compute_aftersales_hazard_record(self):
        Hazard = self.env["aftersales.safety.hazard"]
        users = self.user_id
        hazards = Hazard.search(
            [
                "|",
                ("reported_by", "in", users.ids),
                ("aftersales_caused_by_ids", "in", users.ids),
            ]
        )
        for employee in self:
            user = employee.user_id
            reported = (
                hazards.filtered(lambda h, u=user: h.reported_by == u)
                if user
                else Hazard
            )
            caused = (
                hazards.filtered(lambda h, u=user: u in h.aftersales_caused_by_ids)
                if user
                else Hazard
            )
            employee.aftersales_hazard_reported_ids = reported
            employee.aftersales_hazard_caused_ids = caused
            employee.aftersales_hazard_reported_count = len(reported)
            employee.aftersales_hazard_caused_count = len(caused)
