import base64
from datetime import date, datetime

from odoo import Command
from odoo.tests import new_test_user

from odoo.addons.aftersales_service.tests.common import AftersalesDispatchCommon

# A 1x1 PNG: a photo or a signature, in miniature.
PNG = base64.b64encode(
    bytes.fromhex(
        "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
        "1f15c4890000000d49444154789c6360000002000001e221bc330000000049454e44ae426082"
    )
)
# Tuesday 8 January 2030, 9:00 UTC: a working day in the common calendar.
VISIT_START = datetime(2030, 1, 8, 9, 0)


class AftersalesSafetyCommon(AftersalesDispatchCommon):
    """The dispatch fixtures plus: a safety officer, employee files for both
    technicians with a valid electrician certificate and a passed training,
    an electrical job type for the AC category (certificate, lockout/tagout,
    its own pre-job and post-job checklists)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.write(
            {
                "aftersales_safety_training_months": 12,
                "aftersales_safety_reminder_days": 30,
            }
        )
        cls.officer = new_test_user(
            cls.env,
            login="as_officer",
            name="Officer Sun",
            groups="aftersales_safety.group_aftersales_safety_officer,"
            "aftersales_service.group_aftersales_dispatcher",
        )
        cls.company.aftersales_safety_officer_id = cls.officer
        cls.team.write({"user_ids": [Command.link(cls.officer.id)]})
        SkillType = cls.env["hr.skill.type"]
        cls.cert_type = SkillType.create(
            {
                "name": "Test certificates",
                "is_certification": True,
                "skill_level_ids": [
                    Command.create({"name": "Certified", "default_level": True})
                ],
                "skill_ids": [
                    Command.create({"name": "Test electrician"}),
                    Command.create({"name": "Test height"}),
                ],
            }
        )
        cls.electrician, cls.height = cls.cert_type.skill_ids.sorted("id")
        Employee = cls.env["hr.employee"]
        cls.employee = Employee.create(
            {"name": "Tech Li", "user_id": cls.technician.id}
        )
        cls.employee_2 = Employee.create(
            {"name": "Tech Wu", "user_id": cls.technician_2.id}
        )
        cls.cert = cls._certificate(cls.employee, cls.electrician)
        cls.cert_2 = cls._certificate(cls.employee_2, cls.electrician)
        cls.training = cls.env["aftersales.safety.training"].create(
            {
                "name": "Annual safety training",
                "trainer": "Officer Sun",
                "date": date(2029, 6, 1),
                "hours": 4,
                "attendee_ids": [
                    Command.create(
                        {"employee_id": cls.employee.id, "result": "passed"}
                    ),
                    Command.create(
                        {"employee_id": cls.employee_2.id, "result": "passed"}
                    ),
                ],
            }
        )
        cls.training.action_sign()
        Template = cls.env["aftersales.safety.checklist.template"]
        cls.pre_template = Template.create(
            {
                "name": "Electrical pre-job",
                "kind": "pre",
                "item_ids": [
                    Command.create(
                        {
                            "sequence": 1,
                            "question": "Isolator locked and tagged",
                            "answer_type": "pass_fail",
                            "blocking": True,
                        }
                    ),
                    Command.create(
                        {
                            "sequence": 2,
                            "question": "Voltage at work point",
                            "answer_type": "number",
                            "min_value": 0,
                            "max_value": 0,
                            "blocking": True,
                        }
                    ),
                    Command.create(
                        {
                            "sequence": 3,
                            "question": "Cabinet tidy",
                            "answer_type": "yes_no",
                            "expected_answer": "yes",
                            "photo_policy": "on_fail",
                        }
                    ),
                ],
            }
        )
        cls.post_template = Template.create(
            {
                "name": "Electrical post-job",
                "kind": "post",
                "item_ids": [
                    Command.create(
                        {
                            "question": "Guards and covers back",
                            "answer_type": "pass_fail",
                            "blocking": True,
                        }
                    ),
                ],
            }
        )
        (cls.pre_template | cls.post_template).action_publish()
        cls.job_type = cls.env["aftersales.safety.job.type"].create(
            {
                "name": "Electrical cabinet",
                "categ_ids": [Command.set(cls.categ_ac.ids)],
                "skill_ids": [Command.set(cls.electrician.ids)],
                "lockout_required": True,
                "pre_template_ids": [Command.set(cls.pre_template.ids)],
                "post_template_ids": [Command.set(cls.post_template.ids)],
            }
        )

    @classmethod
    def _certificate(
        cls, employee, skill, start=date(2029, 1, 1), end=date(2031, 12, 31)
    ):
        return cls.env["hr.employee.skill"].create(
            {
                "employee_id": employee.id,
                "skill_type_id": skill.skill_type_id.id,
                "skill_id": skill.id,
                "skill_level_id": skill.skill_type_id.skill_level_ids[:1].id,
                "valid_from": start,
                "valid_to": end,
                "aftersales_number": f"CERT-{employee.id}-{skill.id}-{start}",
            }
        )

    def _dispatch(self, ticket, user=None, start=VISIT_START, **vals):
        return (
            self.env["aftersales.dispatch"]
            .with_user(user or self.dispatcher)
            .create(
                {
                    "ticket_id": ticket.id,
                    "planned_start": start,
                    "duration": 2,
                    "technician_id": self.profile.id,
                    **vals,
                }
            )
        )

    def _on_site_visit(self, ticket=None):
        ticket = ticket or self._ticket()
        visit = self._visit(ticket, start=VISIT_START)
        visit.with_user(self.technician).action_check_in()
        return visit

    def _open_checks(self, visit, kind="pre"):
        visit.with_user(self.technician)._aftersales_open_checks(kind)
        return visit.aftersales_check_ids.filtered(
            lambda c: c.kind == kind and not c.signed_at
        )

    def _answer(self, check, **answers):
        """Answer every line passing unless ``answers`` maps a question's
        first word to other values."""
        for line in check.line_ids:
            values = answers.get(line.question.split()[0])
            if values is None:
                if line.answer_type == "pass_fail":
                    values = {"answer": "pass"}
                elif line.answer_type == "yes_no":
                    values = {"answer": line.expected_answer}
                elif line.answer_type == "number":
                    values = {"value_number": line.min_value}
                elif line.answer_type == "text":
                    values = {"value_text": "ok"}
                elif line.answer_type == "photo":
                    values = {"photo": PNG}
                else:
                    values = {"signature": PNG}
            line.with_user(self.technician).write(values)

    def _passed_check(self, visit, kind="pre"):
        check = self._open_checks(visit, kind)
        self._answer(check)
        check.with_user(self.technician).action_sign()
        return check

    def _isolated(self, visit):
        isolation = (
            self.env["aftersales.safety.isolation"]
            .with_user(self.technician)
            .create(
                {
                    "visit_id": visit.id,
                    "primary_user_id": self.technician.id,
                    "point_ids": [
                        Command.create(
                            {
                                "equipment": "Main isolator Q1",
                                "energy_type": "electrical",
                                "magnitude": "380 V",
                                "isolating_device": "Rotary isolator",
                                "lock_number": "L-07",
                                "tag_number": "T-07",
                            }
                        )
                    ],
                }
            )
        )
        point = isolation.point_ids
        point.with_user(self.technician).action_apply()
        point.with_user(self.technician).write(
            {
                "stored_energy_released": True,
                "verification_method": "Two-pole voltage test",
                "tester": "Fluke T150 #12",
            }
        )
        point.with_user(self.technician).action_verify()
        return isolation
