from odoo import api, fields, models

from ..rules import gating


class HrEmployee(models.Model):
    _inherit = "hr.employee"

    aftersales_training_attendee_ids = fields.One2many(
        comodel_name="aftersales.safety.training.attendee",
        inverse_name="employee_id",
        string="Safety Trainings",
        groups="hr.group_hr_user,aftersales_safety.group_aftersales_safety_officer",
    )
    aftersales_last_training_date = fields.Date(
        string="Last Safety Training",
        compute="_compute_aftersales_training",
        groups="hr.group_hr_user,aftersales_safety.group_aftersales_safety_officer",
        help="The last signed safety training this person passed.",
    )
    aftersales_training_due_date = fields.Date(
        string="Next Safety Training Due",
        compute="_compute_aftersales_training",
        groups="hr.group_hr_user,aftersales_safety.group_aftersales_safety_officer",
    )

    def _compute_aftersales_training(self):
        last = self._aftersales_last_trainings()
        for employee in self:
            employee.aftersales_last_training_date = last.get(employee.id)
            employee.aftersales_training_due_date = gating.training_due(
                last.get(employee.id),
                employee.company_id.aftersales_safety_training_months,
            )

    def _aftersales_last_trainings(self):
        """``{employee id: date of the last passed, signed training}``."""
        rows = (
            self.env["aftersales.safety.training.attendee"]
            .sudo()
            ._read_group(
                [
                    ("employee_id", "in", self.ids),
                    ("result", "=", "passed"),
                    ("training_id.signed_at", "!=", False),
                ],
                groupby=["employee_id"],
                aggregates=["date:max"],
            )
        )
        return {employee.id: day for employee, day in rows}

    def _aftersales_certificates(self):
        """``{employee id: [gating.Certificate]}`` of certification skills."""
        skills = (
            self.env["hr.employee.skill"]
            .sudo()
            .search([("employee_id", "in", self.ids), ("is_certification", "=", True)])
        )
        result = {employee.id: [] for employee in self}
        for skill in skills:
            result[skill.employee_id.id].append(
                gating.Certificate(
                    skill=skill.skill_id.id,
                    valid_from=skill.valid_from or None,
                    valid_to=skill.valid_to or None,
                )
            )
        return result

    def _aftersales_safety_blockers(self, skills, day, needed_by=None):
        """``{employee id: [reason]}``: certificates in ``skills`` not valid
        on ``day``, periodic training missing or overdue on ``day``.
        ``needed_by``: ``{skill id: [maintenance task names]}``, named in
        the reason so the dispatcher sees why the certificate is needed."""
        needed_by = needed_by or {}
        certificates = self._aftersales_certificates()
        trainings = self._aftersales_last_trainings()
        result = {}
        for employee in self:
            reasons = []
            for code, skill_id in gating.certificate_blockers(
                skills.ids, certificates[employee.id], day
            ):
                skill = skills.browse(skill_id)
                if code == gating.MISSING:
                    reasons.append(
                        self.env._(
                            "No %(certificate)s certificate: record it on the "
                            "employee's Certifications tab.",
                            certificate=skill.name,
                        )
                    )
                elif code == gating.EXPIRED:
                    reasons.append(
                        self.env._(
                            "%(certificate)s certificate expired before %(day)s: "
                            "record the renewed certificate.",
                            certificate=skill.name,
                            day=day,
                        )
                    )
                else:
                    reasons.append(
                        self.env._(
                            "%(certificate)s certificate is not valid yet on %(day)s.",
                            certificate=skill.name,
                            day=day,
                        )
                    )
                if skill_id in needed_by:
                    reasons[-1] += " " + self.env._(
                        "Needed by the certified specialist's maintenance "
                        "tasks: %(tasks)s.",
                        tasks=", ".join(needed_by[skill_id]),
                    )
            training = gating.training_blocker(
                trainings.get(employee.id),
                employee.company_id.aftersales_safety_training_months,
                day,
            )
            if training and training[0] == gating.TRAINING_NEVER:
                reasons.append(
                    self.env._(
                        "No passed safety training on file: training comes "
                        "before the first job."
                    )
                )
            elif training:
                reasons.append(
                    self.env._(
                        "Safety training overdue since %(due)s.", due=training[1]
                    )
                )
            result[employee.id] = reasons
        return result

    def _aftersales_certificate_summary(self, day):
        """One line per certificate with its validity on ``day``: stored with
        a signature as the signer's qualification at that time."""
        self.ensure_one()
        lines = []
        for certificate in self._aftersales_certificates()[self.id]:
            skill = self.env["hr.skill"].browse(certificate.skill)
            lines.append(
                self.env._(
                    "%(certificate)s: %(start)s to %(end)s, %(state)s on %(day)s",
                    certificate=skill.name,
                    start=certificate.valid_from or "-",
                    end=certificate.valid_to or "-",
                    state=self.env._("valid")
                    if certificate.valid_on(day)
                    else self.env._("not valid"),
                    day=day,
                )
            )
        return "\n".join(lines) or self.env._(
            "%(employee)s holds no certificate.", employee=self.name
        )

    @api.model
    def _aftersales_for_users(self, users, company):
        """Each user's employee file in ``company`` (any company as fallback),
        read as superuser: dispatchers need not be HR officers."""
        employees_sudo = self.sudo().search([("user_id", "in", users.ids)])
        result = {}
        for user in users:
            mine = employees_sudo.filtered(lambda e, u=user: e.user_id == u)
            result[user.id] = (
                mine.filtered(lambda e: e.company_id == company)[:1] or mine[:1]
            )
        return result
