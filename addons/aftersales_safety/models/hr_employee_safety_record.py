from odoo import api, fields, models

RECORD_GROUPS = "hr.group_hr_user,aftersales_safety.group_aftersales_safety_officer"


class HrEmployee(models.Model):
    """Each technician's safety record on one screen, for appraisal
    (安全绩效纳入考核): trainings, certificates, incidents involved in,
    stop-work raised, inspections made."""

    _inherit = "hr.employee"

    aftersales_incident_ids = fields.Many2many(
        comodel_name="aftersales.safety.incident",
        string="Incidents Involved In",
        compute="_compute_aftersales_safety_record",
        groups=RECORD_GROUPS,
    )
    aftersales_stop_work_ids = fields.Many2many(
        comodel_name="aftersales.safety.stop.work",
        string="Work Stopped",
        compute="_compute_aftersales_safety_record",
        groups=RECORD_GROUPS,
    )
    aftersales_inspection_ids = fields.Many2many(
        comodel_name="aftersales.safety.inspection",
        string="Inspections Made",
        compute="_compute_aftersales_safety_record",
        groups=RECORD_GROUPS,
    )
    aftersales_lesson_ack_ids = fields.Many2many(
        comodel_name="aftersales.safety.incident.ack",
        string="Lessons Acknowledged",
        compute="_compute_aftersales_safety_record",
        groups=RECORD_GROUPS,
    )
    aftersales_incident_count = fields.Integer(
        string="Incidents",
        compute="_compute_aftersales_safety_record",
        groups=RECORD_GROUPS,
    )
    aftersales_stop_work_count = fields.Integer(
        string="Stop-Work",
        compute="_compute_aftersales_safety_record",
        groups=RECORD_GROUPS,
    )
    aftersales_inspection_count = fields.Integer(
        string="Inspections",
        compute="_compute_aftersales_safety_record",
        groups=RECORD_GROUPS,
    )

    @api.depends("user_id")
    def _compute_aftersales_safety_record(self):
        """One search per register for the whole batch of employees."""
        users = self.user_id
        Incident = self.env["aftersales.safety.incident"]
        incidents = Incident.search([("involved_user_ids", "in", users.ids)])
        stops = self.env["aftersales.safety.stop.work"].search(
            [("user_id", "in", users.ids)]
        )
        inspections = self.env["aftersales.safety.inspection"].search(
            [("user_id", "in", users.ids), ("signed_at", "!=", False)]
        )
        acks = self.env["aftersales.safety.incident.ack"].search(
            [("user_id", "in", users.ids)]
        )
        for employee in self:
            user = employee.user_id
            mine = incidents.filtered(lambda i, u=user: u in i.involved_user_ids)
            employee.aftersales_incident_ids = mine if user else Incident
            employee.aftersales_incident_count = len(mine) if user else 0
            stopped = stops.filtered(lambda s, u=user: s.user_id == u and u)
            employee.aftersales_stop_work_ids = stopped
            employee.aftersales_stop_work_count = len(stopped)
            made = inspections.filtered(lambda s, u=user: s.user_id == u and u)
            employee.aftersales_inspection_ids = made
            employee.aftersales_inspection_count = len(made)
            employee.aftersales_lesson_ack_ids = acks.filtered(
                lambda a, u=user: a.user_id == u and u
            )

    def action_aftersales_safety_record(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Safety Record"),
            "res_model": "hr.employee",
            "res_id": self.id,
            "view_mode": "form",
            "views": [
                (
                    self.env.ref(
                        "aftersales_safety.hr_employee_view_form_aftersales_safety_record"
                    ).id,
                    "form",
                )
            ],
        }
