from odoo import api, fields, models
from odoo.exceptions import AccessError

from ..rules import gating

OFFICER_GROUP = "aftersales_safety.group_aftersales_safety_officer"
# Kept when hr_skills replaces a certificate by a new version of it.
CERTIFICATE_FIELDS = [
    "aftersales_number",
    "aftersales_issuer",
    "aftersales_proof",
    "aftersales_proof_filename",
    "aftersales_review_date",
    "aftersales_verified_uid",
]


class HrEmployeeSkill(models.Model):
    """hr_skills certifications (skill types flagged "certification", with
    validity dates) plus what a safety certificate needs as evidence."""

    _inherit = "hr.employee.skill"

    aftersales_number = fields.Char(string="Certificate Number")
    aftersales_issuer = fields.Char(
        string="Issued By", help="The authority that issued the certificate."
    )
    aftersales_proof = fields.Binary(
        string="Scanned Certificate", attachment=True, copy=False
    )
    aftersales_proof_filename = fields.Char()
    aftersales_review_date = fields.Date(
        string="Review Date", help="When the certificate must be reviewed again."
    )
    aftersales_verified_uid = fields.Many2one(
        comodel_name="res.users",
        string="Verified By",
        help="Who checked the original certificate.",
    )
    aftersales_reminded = fields.Boolean(
        string="Expiry Reminder Sent",
        readonly=True,
        copy=False,
        help="Reset when the validity end changes.",
    )

    def _get_passive_fields(self):
        return super()._get_passive_fields() + CERTIFICATE_FIELDS

    @api.model_create_multi
    def create(self, vals_list):
        skills = super().create(vals_list)
        skills._aftersales_check_certificate_rights()
        return skills

    def write(self, vals):
        self._aftersales_check_certificate_rights()
        if "valid_to" in vals and "aftersales_reminded" not in vals:
            vals = {**vals, "aftersales_reminded": False}
        result = super().write(vals)
        if "skill_type_id" in vals:
            self._aftersales_check_certificate_rights()
        return result

    @api.ondelete(at_uninstall=False)
    def _unlink_except_certificate_by_officer(self):
        self._aftersales_check_certificate_rights()

    def _aftersales_check_certificate_rights(self):
        """Certificates decide who may be sent on which job: only the safety
        officer records, changes or removes them, not the technician whose
        file it is."""
        if self.env.su or self.env.user.has_group(OFFICER_GROUP):
            return
        certificates = self.filtered("is_certification")
        if certificates:
            raise AccessError(
                self.env._(
                    "Only the safety officer records, changes or removes "
                    "certificates (%(certificate)s of %(employee)s). Give the "
                    "certificate to the safety officer to record it.",
                    certificate=certificates[0].skill_id.name,
                    employee=certificates[0].employee_id.name,
                )
            )

    def action_aftersales_verify(self):
        self.write({"aftersales_verified_uid": self.env.uid})

    @api.model
    def _cron_aftersales_expiry_reminders(self, batch_size=200):
        """Certificates ending within each company's lead time: an activity
        for the technician and one for the company's safety officer, once per
        expiry date. Batches commit through the cron progress API; a record
        that fails is logged and skipped."""
        today = fields.Date.context_today(self)
        companies = self.env["res.company"].search(
            [("aftersales_safety_reminder_days", ">", 0)]
        )
        for company in companies:
            window = gating.reminder_window(
                today, company.aftersales_safety_reminder_days
            )
            if window is None:
                continue
            domain = [
                ("is_certification", "=", True),
                ("employee_id.company_id", "=", company.id),
                ("employee_id.active", "=", True),
                ("aftersales_reminded", "=", False),
                ("valid_to", ">=", window[0]),
                ("valid_to", "<=", window[1]),
            ]
            _failed, complete = self.env["ir.cron"]._aftersales_run_batches(
                self,
                domain,
                lambda skills, company=company: skills._aftersales_remind(company),
                batch_size,
                order="valid_to, id",
                total=self.search_count(domain),
            )
            if not complete:
                return False
        return True

    def _aftersales_remind(self, company):
        """Remind each certificate, then mark them reminded (a certificate
        whose reminder failed is not marked, so it is tried again). The
        activities of the whole batch are created at once."""
        vals_list = []
        for skill in self:
            vals_list += skill._aftersales_remind_one(company)
        self.env["mail.activity"]._aftersales_create_quietly(vals_list)
        self.write({"aftersales_reminded": True})

    def _aftersales_remind_one(self, company):
        """The values of the reminders of one certificate: a to-do on the
        employee for the technician and for the safety officer."""
        self.ensure_one()
        employee = self.employee_id
        summary = self.env._(
            "%(certificate)s certificate of %(employee)s expires on %(date)s",
            certificate=self.skill_id.name,
            employee=employee.name,
            date=self.valid_to,
        )
        note = self.env._(
            "Renew it and record the new certificate (number, issuer, scan) "
            "before it expires: after that date the technician cannot be sent "
            "on jobs that need it."
        )
        # Both cached: no query per certificate.
        todo_id = self.env["ir.model.data"]._xmlid_to_res_id(
            "mail.mail_activity_data_todo"
        )
        model_id = self.env["ir.model"]._get_id("hr.employee")
        return [
            {
                "res_model_id": model_id,
                "res_id": employee.id,
                "activity_type_id": todo_id,
                "date_deadline": self.valid_to,
                "summary": summary,
                "note": note,
                "user_id": user.id,
            }
            for user in employee.user_id | company.aftersales_safety_officer_id
        ]
