from datetime import date, timedelta
from unittest.mock import patch

from odoo import Command, fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user, tagged

from odoo.addons.aftersales_service.tests.test_protected import ANY_CONTEXT

from .common import PNG, AftersalesSafetyCommon

COMMIT = "odoo.addons.base.models.ir_cron.IrCron._commit_progress"


@tagged("post_install", "-at_install")
class TestSafetyRegisters(AftersalesSafetyCommon):
    """Inspections, incidents, emergency plans and the safety record, each
    rule tried by the least-privileged user who meets it."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.aftersales_safety_inspection_horizon_days = 30
        cls.inspection_template = cls.env[
            "aftersales.safety.checklist.template"
        ].create(
            {
                "name": "First-aid kit and extinguisher",
                "kind": "first_aid",
                "item_ids": [
                    Command.create(
                        {
                            "sequence": 1,
                            "question": "Kit complete",
                            "answer_type": "pass_fail",
                            "photo_policy": "on_fail",
                        }
                    ),
                    Command.create(
                        {
                            "sequence": 2,
                            "question": "Extinguisher gauge green",
                            "answer_type": "pass_fail",
                        }
                    ),
                ],
            }
        )
        cls.inspection_template.action_publish()
        cls.today = fields.Date.context_today(cls.env["res.users"])
        cls.plan = (
            cls.env["aftersales.safety.inspection.plan"]
            .with_user(cls.officer)
            .create(
                {
                    "name": "Van 1 first aid",
                    "template_id": cls.inspection_template.id,
                    "user_id": cls.technician.id,
                    "place": "Van 1",
                    "interval": 10,
                    "interval_unit": "days",
                    "next_due": cls.today,
                }
            )
        )
        cls.injury = cls.env.ref("aftersales_safety.incident_type_injury")
        cls.near_miss = cls.env.ref("aftersales_safety.incident_type_near_miss")

    def _as(self, record, user=None):
        return record.with_user(user or self.technician).with_context(**ANY_CONTEXT)

    def _run_cron(self):
        with patch(COMMIT, return_value=1.0):
            self.env["aftersales.safety.inspection.plan"]._cron_aftersales_inspections()

    def _inspections(self):
        return self.env["aftersales.safety.inspection"].search(
            [("plan_id", "=", self.plan.id)], order="due_date"
        )

    # ------------------------------------------------------------------
    # Inspections
    # ------------------------------------------------------------------

    def test_inspection_generated_once_per_due_date(self):
        self._run_cron()
        inspections = self._inspections()
        self.assertEqual(
            inspections.mapped("due_date"),
            [self.today + timedelta(days=d) for d in (0, 10, 20, 30)],
        )
        self.assertEqual(self.plan.next_due, self.today + timedelta(days=40))
        self.assertEqual(inspections[0].user_id, self.technician)
        self.assertEqual(len(inspections[0].line_ids), 2)
        # A second run: nothing to do.
        self._run_cron()
        self.assertEqual(self._inspections(), inspections)
        # The officer moves the plan back: what exists is not made again.
        self.plan.with_user(self.officer).next_due = self.today
        self._run_cron()
        self.assertEqual(self._inspections(), inspections)
        self.assertEqual(self.plan.next_due, self.today + timedelta(days=40))
        # Nobody creates one for a due date directly, not even the officer.
        with self.assertRefused(UserError, "cannot be set directly"):
            self._as(self.env["aftersales.safety.inspection"], self.officer).create(
                {
                    "plan_id": self.plan.id,
                    "template_id": self.inspection_template.id,
                    "user_id": self.technician.id,
                    "due_date": self.today,
                }
            )
        self.assertEqual(self._inspections(), inspections)

    def test_inspect_now_once_a_day(self):
        self.plan.with_user(self.officer).action_inspect_now()
        self.plan.with_user(self.officer).action_inspect_now()
        self.assertEqual(len(self._inspections()), 1)
        self._run_cron()
        self.assertEqual(
            len(self._inspections().filtered(lambda i: i.due_date == self.today)), 1
        )

    def test_signed_inspection_is_immutable(self):
        self._run_cron()
        inspection = self._inspections()[0]
        kit, gauge = inspection.line_ids
        self._as(gauge).write({"answer": "pass"})
        self._as(kit).write({"answer": "fail", "comment": "No bandages"})
        with self.assertRefused(UserError, "take the photo"):
            inspection.with_user(self.technician).action_sign()
        self._as(kit).write({"photo": PNG})
        # Only the inspector signs.
        with self.assertRefused(UserError, "signed by its inspector"):
            inspection.with_user(self.officer).action_sign()
        inspection.with_user(self.technician).action_sign()
        self.assertEqual(inspection.state, "signed")
        self.assertEqual(inspection.result, "failed")
        self.assertTrue(inspection.chain_hash)
        for record, vals in (
            (kit, {"answer": "pass"}),
            (kit, {"comment": "fine"}),
            (inspection, {"note": "All fine"}),
            (inspection, {"user_id": self.technician_2.id}),
        ):
            with self.assertRefused(UserError, "is locked"):
                self._as(record).write(vals)
        with self.assertRefused(UserError, "is locked"):
            self._as(inspection, self.officer).unlink()
        kit.invalidate_recordset()
        self.assertEqual(kit.answer, "fail")
        self.assertEqual(kit.comment, "No bandages")
        count, broken = self.env[
            "aftersales.safety.inspection"
        ]._aftersales_verify_chain(self.company)
        self.assertGreaterEqual(count, 1)
        self.assertFalse(broken)

    def test_inspection_protected_fields(self):
        self._run_cron()
        inspection = self._inspections()[0]
        now = fields.Datetime.now()
        for vals in (
            {"due_date": self.today + timedelta(days=3)},
            {"plan_id": False},
            {"template_id": self.pre_template.id},
            {"state": "signed"},
            {"signed_at": now, "signed_uid": self.technician.id},
        ):
            with self.assertRefused(UserError, "cannot be set directly"):
                self._as(inspection).write(vals)
        with self.assertRefused(UserError, "cannot be set directly"):
            self._as(inspection.line_ids[:1]).write({"question": "Anything"})
        inspection.invalidate_recordset()
        self.assertEqual(inspection.due_date, self.today)
        self.assertEqual(inspection.plan_id, self.plan)
        self.assertEqual(inspection.state, "todo")
        self.assertFalse(inspection.signed_at)

    def test_technician_sees_only_own_inspections(self):
        self._run_cron()
        Inspection = self.env["aftersales.safety.inspection"]
        self.assertEqual(
            Inspection.with_user(self.technician).search_count(
                [("plan_id", "=", self.plan.id)]
            ),
            4,
        )
        self.assertEqual(
            Inspection.with_user(self.technician_2).search_count(
                [("plan_id", "=", self.plan.id)]
            ),
            0,
        )

    # ------------------------------------------------------------------
    # Incidents
    # ------------------------------------------------------------------

    def _report(self, user=None, incident_type=None, **vals):
        return (
            self.env["aftersales.safety.incident"]
            .with_user(user or self.technician)
            .create(
                {
                    "type_id": (incident_type or self.near_miss).id,
                    "happened_at": fields.Datetime.now() - timedelta(hours=2),
                    "place": "Roof, building 3",
                    "description": "Ladder slipped on wet tiles",
                    "involved_user_ids": [Command.set(self.technician.ids)],
                    **vals,
                }
            )
        )

    def test_anyone_reports_an_incident(self):
        clerk = new_test_user(
            self.env, login="as_clerk_incident", groups="base.group_user"
        )
        incident = self._report(user=clerk, involved_user_ids=[])
        self.assertEqual(incident.reported_by_id, clerk)
        self.assertTrue(incident.name.startswith("SG-"))
        self.assertEqual(incident.state, "reported")
        # The reporter sees it; another technician does not; officers do.
        Incident = self.env["aftersales.safety.incident"]
        self.assertEqual(
            Incident.with_user(clerk).search([("id", "=", incident.id)]), incident
        )
        self.assertFalse(
            Incident.with_user(self.technician_2).search([("id", "=", incident.id)])
        )
        self.assertEqual(
            Incident.with_user(self.officer).search([("id", "=", incident.id)]),
            incident,
        )
        # The officer got a to-do.
        self.assertIn(self.officer, incident.activity_ids.user_id)

    def test_incident_protected_fields(self):
        incident = self._report()
        for vals in (
            {"state": "closed"},
            {"closed_by_id": self.technician.id},
            {"authority_reported_at": fields.Datetime.now()},
            {"lessons_shared_at": fields.Datetime.now()},
            {"name": "SG-FAKE"},
        ):
            with self.assertRefused(UserError, "cannot be set directly"):
                self._as(incident).write(vals)
        with self.assertRefused(UserError, "cannot be set directly"):
            self._report(state="closed")
        incident.invalidate_recordset()
        self.assertEqual(incident.state, "reported")
        self.assertFalse(incident.closed_by_id or incident.authority_reported_at)
        with self.assertRefused(AccessError, "safety officer"):
            incident.with_user(self.technician).action_investigate()
        with self.assertRefused(AccessError, "not allowed to delete"):
            self._as(incident, self.officer).unlink()
        with self.assertRefused(UserError, "never delete"):
            incident.sudo().unlink()

    def test_incident_close_refused_until_actions_verified(self):
        incident = self._report(incident_type=self.injury)
        self.assertTrue(incident.authority_report_required)
        self.assertEqual(
            incident.authority_deadline, incident.happened_at + timedelta(hours=1)
        )
        self.assertTrue(incident.authority_overdue)
        officer_incident = incident.with_user(self.officer)
        with self.assertRefused(UserError, "investigation team"):
            officer_incident.action_investigate()
        officer_incident.write(
            {
                "team_ids": [Command.set(self.officer.ids)],
                "root_cause": "No anti-slip feet on the ladder",
                "action_ids": [
                    Command.create(
                        {
                            "name": "Anti-slip feet on every ladder",
                            "user_id": self.technician.id,
                            "date_deadline": date.today() + timedelta(days=7),
                        }
                    )
                ],
            }
        )
        action = officer_incident.action_ids
        self.assertEqual(action.res_model, "aftersales.safety.incident")
        self.assertEqual(action.res_id, incident.id)
        officer_incident.action_investigate()
        manager_incident = incident.with_user(self.manager)
        with self.assertRefused(UserError, "not verified yet"):
            manager_incident.action_close()
        action.with_user(self.technician).action_done()
        with self.assertRefused(UserError, "not verified yet"):
            manager_incident.action_close()
        with self.assertRefused(UserError, "cannot verify it"):
            action.with_user(self.technician).action_verify()
        action.with_user(self.officer).action_verify()
        # Verified, but the authorities were not told.
        with self.assertRefused(UserError, "reported to the authorities"):
            manager_incident.action_close()
        with self.assertRefused(UserError, "Authority Report Reference"):
            officer_incident.action_report_authority()
        officer_incident.authority_reference = (
            "District work-safety bureau, tel. log 0412"
        )
        officer_incident.action_report_authority()
        self.assertFalse(incident.authority_overdue)
        # Only a manager approves closing.
        with self.assertRefused(AccessError, "manager approves"):
            officer_incident.action_close()
        manager_incident.action_close()
        self.assertEqual(incident.state, "closed")
        self.assertEqual(incident.closed_by_id, self.manager)

    def test_lessons_shared_and_acknowledged(self):
        incident = self._report()
        officer_incident = incident.with_user(self.officer)
        with self.assertRefused(UserError, "lessons learned"):
            officer_incident.action_share_lessons()
        officer_incident.lessons = "Check the ladder's feet before climbing."
        officer_incident.action_share_lessons()
        acks = officer_incident.ack_ids
        self.assertIn(self.technician, acks.user_id)
        self.assertIn(self.technician_2, acks.user_id)
        self.assertEqual(incident.ack_done_count, 0)
        mine = (
            self.env["aftersales.safety.incident.ack"]
            .with_user(self.technician)
            .search([])
        )
        self.assertEqual(mine.user_id, self.technician)
        theirs = acks.filtered(lambda a: a.user_id == self.technician_2)
        with self.assertRefused(AccessError, ""):
            theirs.with_user(self.technician).action_acknowledge()
        with self.assertRefused(UserError, "cannot be set directly"):
            self._as(mine).write({"acknowledged_at": fields.Datetime.now()})
        mine.action_acknowledge()
        self.assertTrue(mine.acknowledged_at)
        officer_incident.invalidate_recordset()
        self.assertEqual(officer_incident.ack_done_count, 1)
        # Sharing again reaches only the technicians not reached yet.
        officer_incident.action_share_lessons()
        self.assertEqual(officer_incident.ack_ids, acks)

    # ------------------------------------------------------------------
    # Emergency plans, the safety record
    # ------------------------------------------------------------------

    def test_emergency_plan_shown_at_pre_job_check(self):
        self.env["aftersales.safety.emergency.plan"].with_user(self.officer).create(
            {
                "name": "Electric shock",
                "emergency": "electric_shock",
                "job_type_ids": [Command.set(self.job_type.ids)],
                "step_ids": [
                    Command.create({"instruction": "Cut the supply at the isolator."})
                ],
                "contact_ids": [Command.create({"name": "Ambulance", "phone": "120"})],
            }
        )
        visit = self._on_site_visit()
        self.assertIn(self.job_type, visit.aftersales_job_type_ids)
        check = self._open_checks(visit)
        summary = check.with_user(self.technician).emergency_summary
        self.assertIn("Cut the supply at the isolator.", summary)
        self.assertIn("120", summary)
        drill = (
            self.env["aftersales.safety.drill"]
            .with_user(self.officer)
            .create(
                {
                    "name": "Shock drill",
                    "plan_id": visit.aftersales_emergency_plan_ids[:1].id,
                    "attendee_ids": [Command.set(self.technician.ids)],
                }
            )
        )
        self.assertEqual(drill.attendee_count, 1)
        with self.assertRefused(UserError, "who attended"):
            drill.with_user(self.officer).attendee_ids = [Command.clear()]

    def test_safety_record_on_one_screen(self):
        self._report()
        self._run_cron()
        inspection = self._inspections()[0]
        for line in inspection.line_ids:
            self._as(line).write({"answer": "pass"})
        inspection.with_user(self.technician).action_sign()
        employee = self.employee.with_user(self.officer)
        self.assertEqual(employee.aftersales_incident_count, 1)
        self.assertEqual(employee.aftersales_inspection_count, 1)
        self.assertTrue(employee.aftersales_training_attendee_ids)
        action = employee.action_aftersales_safety_record()
        self.assertEqual(action["res_id"], self.employee.id)

    # ------------------------------------------------------------------
    # Failed inspection items raise hazards (the hazard register)
    # ------------------------------------------------------------------

    def test_failed_inspection_items_raise_hazards_in_one_step(self):
        tester = self.env["maintenance.equipment"].create(
            {"name": "Insulation tester #7", "company_id": self.company.id}
        )
        self.plan.with_user(self.officer).equipment_id = tester
        self._run_cron()
        inspection = self._inspections()[0]
        self.assertEqual(inspection.equipment_id, tester)
        kit, gauge = inspection.line_ids
        self._as(kit).write({"answer": "fail", "photo": PNG, "comment": "Empty"})
        self._as(gauge).write({"answer": "fail"})
        inspection.with_user(self.technician).action_sign()
        hazards = self.env["aftersales.safety.hazard"].search(
            [
                ("res_model", "=", "aftersales.safety.inspection.line"),
                ("res_id", "in", inspection.line_ids.ids),
            ]
        )
        self.assertEqual(len(hazards), 2)
        self.assertEqual(set(hazards.mapped("res_id")), set((kit | gauge).ids))
        self.assertEqual(hazards.reported_by, self.technician)
        self.assertEqual(hazards.equipment_id, tester)
        self.assertEqual(set(hazards.mapped("place")), {"Van 1"})
        self.assertTrue(hazards.filtered(lambda h: h.res_id == kit.id).photo_ids)
        self.assertEqual(inspection.hazard_count, 2)
        # The signed item keeps its own photo as evidence.
        self.assertTrue(kit.photo)
        # The technician's safety record counts them as reported.
        employee = self.employee.with_user(self.officer)
        self.assertEqual(employee.aftersales_hazard_reported_count, 2)
        # A passed inspection raises none.
        second = self._inspections()[1]
        for line in second.line_ids:
            self._as(line).write({"answer": "pass"})
        second.with_user(self.technician).action_sign()
        self.assertEqual(second.hazard_count, 0)
