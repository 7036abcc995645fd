from collections import defaultdict

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

from .aftersales_safety_hazard import OFFICER_GROUP, OPEN_STATES

EQUIPMENT_MANAGER_GROUP = "maintenance.group_equipment_manager"


class MaintenanceEquipmentCategory(models.Model):
    _inherit = "maintenance.equipment.category"

    aftersales_calibration_required = fields.Boolean(
        string="Needs Calibration",
        help="Tools and instruments of this kind (an insulation tester, a gas "
        "detector) are usable only while their calibration or inspection is "
        "in date.",
    )


class MaintenanceEquipment(models.Model):
    """Technicians' tools and measuring instruments (工具登记) are Odoo's
    equipment assigned to the employee (``hr_maintenance``). Added: the
    calibration or inspection due date, an out-of-use state, the open hazards
    that keep a tool out of use, its losses and damages charged to the
    technician, and its handovers."""

    _name = "maintenance.equipment"
    _inherit = ["maintenance.equipment", "aftersales.protected.mixin"]

    aftersales_calibration_required = fields.Boolean(
        related="category_id.aftersales_calibration_required"
    )
    aftersales_calibrated_on = fields.Date(string="Calibrated On", tracking=True)
    aftersales_calibration_due = fields.Date(
        string="Calibration/Inspection Due",
        tracking=True,
        index="btree_not_null",
        help="From this day the tool cannot be used on a job until it is "
        "calibrated or inspected again.",
    )
    aftersales_calibration_certificate = fields.Char(
        string="Calibration Certificate", tracking=True
    )
    aftersales_out_of_use = fields.Boolean(
        string="Out of Use",
        readonly=True,
        copy=False,
        tracking=True,
        help="Taken out of use by a safety officer (damaged, lost, failed "
        "inspection): no job needing it starts.",
    )
    aftersales_out_of_use_reason = fields.Text(
        string="Out-of-Use Reason",
        tracking=True,
        help="Why the tool is (to be) taken out of use.",
    )
    aftersales_out_of_use_since = fields.Date(
        string="Out of Use Since", readonly=True, copy=False
    )
    aftersales_hazard_ids = fields.One2many(
        comodel_name="aftersales.safety.hazard",
        inverse_name="equipment_id",
        string="Hazards",
    )
    aftersales_open_hazard_count = fields.Integer(
        string="Open Hazards", compute="_compute_aftersales_open_hazard_count"
    )
    aftersales_unusable = fields.Char(
        string="Cannot Be Used",
        compute="_compute_aftersales_unusable",
        help="Why no job needing this tool can start today.",
    )
    aftersales_loss_ids = fields.One2many(
        comodel_name="aftersales.safety.tool.loss",
        inverse_name="equipment_id",
        string="Losses and Damages",
    )

    def _aftersales_protected_field_names(self):
        # Taken out of use and back by their actions only.
        return super()._aftersales_protected_field_names() | {
            "aftersales_out_of_use",
            "aftersales_out_of_use_since",
        }

    def _compute_aftersales_open_hazard_count(self):
        counts = self._aftersales_open_hazards()
        for equipment in self:
            equipment.aftersales_open_hazard_count = len(counts.get(equipment.id, []))

    @api.depends_context("uid")
    def _compute_aftersales_unusable(self):
        reasons = self._aftersales_unusable_reasons()
        for equipment in self:
            equipment.aftersales_unusable = reasons.get(equipment.id) or False

    def _aftersales_open_hazards(self):
        """``{equipment id: [hazard numbers]}`` of the open hazards on these
        (read whoever asks: a hazard keeps a tool out of use for everyone)."""
        if not self.ids:
            return {}
        groups = (
            self.env["aftersales.safety.hazard"]
            .sudo()
            ._read_group(
                [("equipment_id", "in", self.ids), ("state", "in", list(OPEN_STATES))],
                ["equipment_id"],
                ["name:array_agg"],
            )
        )
        return {equipment.id: names for equipment, names in groups}

    def _aftersales_unusable_reasons(self, day=None):
        """``{equipment id: reason}`` for each of these that cannot be used on
        ``day`` (default today): out of use, an open hazard, calibration or
        inspection overdue or never recorded. Usable ones are left out."""
        day = day or fields.Date.context_today(self)
        hazards = self._aftersales_open_hazards()
        result = {}
        for equipment in self.sudo():
            reason = False
            # Odoo's display name: "name/serial number".
            label = equipment.display_name
            if equipment.aftersales_out_of_use:
                reason = self.env._(
                    "%(tool)s is out of use: %(reason)s",
                    tool=label,
                    reason=equipment.aftersales_out_of_use_reason or "",
                )
            elif hazards.get(equipment.id):
                reason = self.env._(
                    "%(tool)s is out of use until hazard %(hazards)s is closed",
                    tool=label,
                    hazards=", ".join(sorted(hazards[equipment.id])),
                )
            elif equipment.aftersales_calibration_required:
                due = equipment.aftersales_calibration_due
                if not due:
                    reason = self.env._(
                        "%(tool)s has no calibration recorded: calibrate it and "
                        "record the next due date",
                        tool=label,
                    )
                elif due < day:
                    reason = self.env._(
                        "%(tool)s is out of calibration since %(due)s: calibrate "
                        "it and record the next due date",
                        tool=label,
                        due=due,
                    )
            if reason:
                result[equipment.id] = reason
        return result

    def _aftersales_unusable_reason(self, day=None):
        """Why this tool cannot be used on ``day`` (translated), or False."""
        self.ensure_one()
        return self._aftersales_unusable_reasons(day).get(self.id, False)

    def write(self, vals):
        # A tool moves from one technician to another by a signed handover.
        if "employee_id" in vals and not self._aftersales_is_authorized():
            moved = self.filtered(
                lambda e: e.employee_id and e.employee_id.id != vals["employee_id"]
            )
            if moved:
                raise UserError(
                    self.env._(
                        "%(tool)s is assigned to %(employee)s: it changes hands "
                        "by a tool handover signed by both (Tools > Handovers).",
                        tool=moved[0].display_name,
                        employee=moved[0].employee_id.name,
                    )
                )
        return super().write(vals)

    def _aftersales_require_manager(self):
        user = self.env.user
        if not (
            user.has_group(OFFICER_GROUP) or user.has_group(EQUIPMENT_MANAGER_GROUP)
        ):
            raise AccessError(
                self.env._(
                    "Only a safety officer or an equipment manager takes a tool "
                    "out of use or puts it back in use."
                )
            )

    def action_aftersales_take_out_of_use(self):
        self._aftersales_require_manager()
        for equipment in self:
            if not (equipment.aftersales_out_of_use_reason or "").strip():
                raise UserError(
                    self.env._(
                        "%(tool)s: write the Out-of-Use Reason first.",
                        tool=equipment.display_name,
                    )
                )
        self._aftersales_write(
            {
                "aftersales_out_of_use": True,
                "aftersales_out_of_use_since": fields.Date.context_today(self),
            }
        )
        return True

    def action_aftersales_back_in_use(self):
        """Back in use: what made it unusable was fixed (an open hazard keeps
        it out of use until the hazard is closed, whatever is done here)."""
        self._aftersales_require_manager()
        self._aftersales_write(
            {"aftersales_out_of_use": False, "aftersales_out_of_use_since": False}
        )
        for equipment in self:
            equipment.message_post(
                body=self.env._(
                    "Back in use (was: %(reason)s).",
                    reason=equipment.aftersales_out_of_use_reason or "",
                )
            )
        self.write({"aftersales_out_of_use_reason": False})
        return True

    def action_aftersales_hazards(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "aftersales_safety.action_aftersales_safety_hazard"
        )
        action["domain"] = [("equipment_id", "=", self.id)]
        action["context"] = {
            "default_equipment_id": self.id,
            "default_company_id": self.company_id.id,
        }
        return action


class HrEmployee(models.Model):
    _inherit = "hr.employee"

    def _aftersales_tool_blockers(self, categories, day):
        """``{employee id: [reason]}``: for each tool kind in ``categories``,
        the employee has no usable tool of that kind assigned on ``day`` (none
        at all, or each one out of use, under an open hazard or out of
        calibration)."""
        result = {employee.id: [] for employee in self}
        if not categories or not self:
            return result
        tools = (
            self.env["maintenance.equipment"]
            .sudo()
            .search(
                [
                    ("employee_id", "in", self.ids),
                    ("category_id", "in", categories.ids),
                ]
            )
        )
        unusable = tools._aftersales_unusable_reasons(day)
        held = defaultdict(lambda: tools.browse())
        for tool in tools:
            held[tool.employee_id.id, tool.category_id.id] |= tool
        for employee in self:
            for category in categories:
                mine = held[employee.id, category.id]
                if not mine:
                    result[employee.id].append(
                        self.env._(
                            "No %(kind)s assigned to %(employee)s: issue one "
                            "(Safety > Tools).",
                            kind=category.name,
                            employee=employee.name,
                        )
                    )
                elif all(tool.id in unusable for tool in mine):
                    result[employee.id].extend(unusable[tool.id] for tool in mine)
        return result


class AftersalesSafetyJobType(models.Model):
    _inherit = "aftersales.safety.job.type"

    tool_category_ids = fields.Many2many(
        comodel_name="maintenance.equipment.category",
        relation="aftersales_safety_job_type_tool_category_rel",
        string="Required Tools",
        help="Every technician sent must hold a usable tool of each kind "
        "(in calibration, not out of use, no open hazard) on the visit day.",
    )


class AftersalesVisit(models.Model):
    _inherit = "aftersales.visit"

    def _aftersales_safety_start_reasons(self):
        """Adds, for each technician on the visit, the required tools they do
        not hold usable today (Start Work is refused while any is listed)."""
        reasons = super()._aftersales_safety_start_reasons()
        categories = self.aftersales_job_type_ids.sudo().tool_category_ids
        if not categories:
            return reasons
        users = self.user_id | self.helper_ids
        employees = self.env["hr.employee"]._aftersales_for_users(
            users, self.company_id
        )
        found = (
            self.env["hr.employee"]
            .sudo()
            .browse([e.id for e in employees.values() if e])
        )
        by_employee = found._aftersales_tool_blockers(
            categories, fields.Date.context_today(self)
        )
        for user in users:
            employee = employees.get(user.id)
            if employee:
                reasons.extend(by_employee[employee.id])
            else:
                reasons.append(
                    self.env._(
                        "%(user)s has no employee file: the tools this job "
                        "needs are registered to the employee.",
                        user=user.name,
                    )
                )
        return reasons
