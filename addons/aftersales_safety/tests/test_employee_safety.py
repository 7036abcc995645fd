from datetime import timedelta

from odoo import fields
from odoo.exceptions import AccessError
from odoo.tests import Form, new_test_user, tagged

from .common import AftersalesSafetyCommon


@tagged("post_install", "-at_install")
class TestEmployeeSafetyReports(AftersalesSafetyCommon):
    """An employee in no After-Sales group reports incidents and hazards from
    the Maintenance app, follows their own, and reads the corrective actions
    of their hazards, and no other action."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.employee_user = new_test_user(
            cls.env, login="as_safety_employee", groups="base.group_user"
        )
        cls.colleague = new_test_user(
            cls.env, login="as_safety_colleague", groups="base.group_user"
        )

    def _action(self, **vals):
        return (
            self.env["aftersales.action"]
            .with_user(self.officer)
            .create(
                {
                    "name": "Replace the cable",
                    "user_id": self.technician.id,
                    "date_deadline": fields.Date.today() + timedelta(days=3),
                    **vals,
                }
            )
        )

    def _hazard_action(self, hazard, **vals):
        return self._action(res_model=hazard._name, res_id=hazard.id, **vals)

    def test_menus_lead_to_their_incidents_and_hazards(self):
        visible = (
            self.env["ir.ui.menu"].with_user(self.employee_user)._visible_menu_ids()
        )
        for xmlid in (
            "maintenance.menu_maintenance_title",
            "aftersales_safety.maintenance_hazard_menu",
            "aftersales_safety.maintenance_incident_menu",
        ):
            self.assertIn(self.env.ref(xmlid).id, visible, xmlid)
        self.assertNotIn(
            self.env.ref("aftersales_safety.aftersales_safety_my_menu").id, visible
        )
        # Through the forms those menus open.
        with Form(
            self.env["aftersales.safety.incident"].with_user(self.employee_user)
        ) as form:
            form.type_id = self.env.ref("aftersales_safety.incident_type_near_miss")
            form.place = "Store room"
            form.description = "A box fell from the top shelf"
        incident = form.record
        with Form(
            self.env["aftersales.safety.hazard"].with_user(self.employee_user)
        ) as form:
            form.description = "The top shelf is not fixed to the wall"
            form.place = "Store room"
        hazard = form.record
        self.assertEqual(incident.reported_by_id, self.employee_user)
        self.assertEqual(hazard.reported_by, self.employee_user)
        # Their own only, in the lists.
        theirs = self.env["aftersales.safety.incident"].with_user(self.colleague)
        self.assertFalse(theirs.search([("id", "=", incident.id)]))
        self.assertEqual(
            self.env["aftersales.safety.incident"]
            .with_user(self.employee_user)
            .search([("id", "=", incident.id)]),
            incident,
        )
        # Their incident opens again (its actions are for technicians).
        Form(incident.with_user(self.employee_user))

    def test_reads_the_actions_of_their_hazards_only(self):
        Hazard = self.env["aftersales.safety.hazard"]
        mine = Hazard.with_user(self.employee_user).create(
            {"description": "Exposed wires", "place": "Workshop"}
        )
        theirs = Hazard.with_user(self.colleague).create(
            {"description": "Blocked exit", "place": "Workshop"}
        )
        my_action = self._hazard_action(mine)
        their_action = self._hazard_action(theirs, name="Clear the exit")
        complaint = self._action(
            name="Call the customer back", ticket_id=self._ticket().id
        )
        everything = my_action | their_action | complaint
        Action = self.env["aftersales.action"]
        self.assertEqual(my_action.hazard_id, mine)
        self.assertFalse(complaint.hazard_id)
        # On the hazard form, read-only.
        form = Form(mine.with_user(self.employee_user))
        self.assertEqual(len(form.action_ids), 1)
        self.assertEqual(
            mine.with_user(self.employee_user).action_ids.mapped("name"),
            ["Replace the cable"],
        )
        with self.assertRaises(AssertionError):
            form.action_ids.new()
        self.assertEqual(
            Action.with_user(self.employee_user).search([("id", "in", everything.ids)]),
            my_action,
        )
        # Not the others: a colleague's hazard, a customer's complaint.
        for action in (their_action, complaint):
            with self.assertRaises(AccessError):
                action.with_user(self.employee_user).read(["name"])
        # Read, never work them.
        with self.assertRaises(AccessError):
            my_action.with_user(self.employee_user).write({"name": "Nothing to do"})
        with self.assertRaises(AccessError):
            my_action.with_user(self.employee_user).unlink()
        with self.assertRaises(AccessError):
            Action.with_user(self.employee_user).create(
                {
                    "name": "Self-made action",
                    "res_model": mine._name,
                    "res_id": mine.id,
                    "date_deadline": fields.Date.today(),
                }
            )
        my_action.invalidate_recordset()
        self.assertEqual(my_action.name, "Replace the cable")
        self.assertEqual(Action.search_count([("hazard_id", "=", mine.id)]), 1)
        # Technicians and up still read every action of their company.
        self.assertEqual(
            Action.with_user(self.technician).search([("id", "in", everything.ids)]),
            everything,
        )

    def test_reads_the_actions_of_their_incidents_only(self):
        Incident = self.env["aftersales.safety.incident"]
        near_miss = self.env.ref("aftersales_safety.incident_type_near_miss")
        mine = Incident.with_user(self.employee_user).create(
            {
                "type_id": near_miss.id,
                "place": "Store room",
                "description": "A box fell from the top shelf",
            }
        )
        theirs = Incident.with_user(self.colleague).create(
            {
                "type_id": near_miss.id,
                "place": "Workshop",
                "description": "A ladder slipped",
            }
        )
        my_action = self._action(res_model=mine._name, res_id=mine.id)
        their_action = self._action(
            res_model=theirs._name, res_id=theirs.id, name="Fit ladder feet"
        )
        Action = self.env["aftersales.action"]
        self.assertEqual(my_action.incident_id, mine)
        self.assertFalse(my_action.hazard_id)
        # On the incident form, read-only.
        form = Form(mine.with_user(self.employee_user))
        self.assertEqual(len(form.action_ids), 1)
        with self.assertRaises(AssertionError):
            form.action_ids.new()
        self.assertEqual(
            Action.with_user(self.employee_user).search(
                [("id", "in", (my_action | their_action).ids)]
            ),
            my_action,
        )
        with self.assertRaises(AccessError):
            their_action.with_user(self.employee_user).read(["name"])
        with self.assertRaises(AccessError):
            my_action.with_user(self.employee_user).write({"name": "Nothing to do"})
        my_action.invalidate_recordset()
        self.assertEqual(my_action.name, "Replace the cable")
