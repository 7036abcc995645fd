import re

from odoo.exceptions import UserError
from odoo.tests import Form, tagged

from .common import PartsCommon


@tagged("post_install", "-at_install")
class TestSetup(PartsCommon):
    def test_warehouse_locations_and_types(self):
        wh = self.warehouse
        self.assertEqual(wh.aftersales_van_location_id.usage, "view")
        for location in (
            wh.aftersales_defective_location_id,
            wh.aftersales_loaner_location_id,
            wh.aftersales_repair_location_id,
        ):
            self.assertEqual(location.usage, "internal")
            # Not under WH/Stock: never reserved for an issue.
            self.assertFalse(location._child_of(self.stock))
        self.assertEqual(wh.aftersales_issue_type_id.aftersales_kind, "issue")
        self.assertEqual(wh.aftersales_issue_type_id.code, "outgoing")
        self.assertTrue(
            wh.aftersales_issue_type_id.sequence_id.aftersales_monthly_range
        )

    def test_new_warehouse_and_technician_get_theirs(self):
        wh = self.env["stock.warehouse"].create({"name": "North Depot", "code": "NTH"})
        self.assertTrue(wh.aftersales_defective_location_id)
        self.assertTrue(wh.aftersales_repair_in_type_id)
        self.assertEqual(
            self.van.location_id, self.warehouse.aftersales_van_location_id
        )
        self.assertEqual(self.van.aftersales_technician_id, self.profile)
        # Setup again changes nothing.
        before = wh.aftersales_issue_type_id
        self.env["stock.warehouse"]._aftersales_setup_parts_all()
        self.assertEqual(wh.aftersales_issue_type_id, before)

    def test_issue_numbered_per_month(self):
        ticket = self._job()
        picking = self._request(ticket, [(self.fan, 1)])
        self.assertRegex(
            picking.name, re.escape(self.warehouse.code) + r"/SPI-\d{4}-\d{2,}$"
        )


@tagged("post_install", "-at_install")
class TestIssue(PartsCommon):
    def test_issue_from_store_charges_the_ticket(self):
        ticket = self._job()
        picking = self._request(ticket, [(self.compressor, 1), (self.fan, 2)])
        self.assertEqual(
            picking.picking_type_id, self.warehouse.aftersales_issue_type_id
        )
        self.assertEqual(picking.location_id, self.stock)
        self.assertEqual(picking.state, "assigned", "reserved when requested")
        self.assertEqual(picking.create_uid, self.technician, "who asked")
        # The technician reads the issue made for them.
        self.assertEqual(picking.with_user(self.technician).name, picking.name)
        self.assertFalse(ticket.aftersales_charge_line_ids)
        self._validate(picking)
        lines = ticket.aftersales_charge_line_ids
        self.assertEqual(len(lines), 2)
        compressor = lines.filtered(lambda line: line.product_id == self.compressor)
        self.assertEqual(compressor.charge_type, "part")
        self.assertEqual(compressor.unit_cost, 1000.0)
        self.assertEqual(compressor.price_unit, 1400.0, "cost + 40 %")
        # The compressor is within its own 36-month component warranty.
        self.assertEqual(compressor.payer, "warranty")
        fan = lines.filtered(lambda line: line.product_id == self.fan)
        self.assertEqual(fan.quantity, 2)
        self.assertEqual(fan.payer, fan._aftersales_default_payer())
        self.assertEqual(self.compressor.with_company(self.company).qty_available, 1)

    def test_issue_from_van(self):
        ticket = self._job()
        picking = self._request(ticket, [(self.fan, 2)], source="van")
        self.assertEqual(picking.location_id, self.van)
        self._validate(picking)
        self.assertEqual(
            self.env["stock.quant"]._get_available_quantity(self.fan, self.van), 1
        )
        self.assertEqual(ticket.aftersales_charge_line_ids.quantity, 2)

    def test_van_needs_a_van(self):
        ticket = self._job()
        with self.assertRefused(UserError, "has no van"):
            self.env["aftersales.parts.request"].create(
                {
                    "ticket_id": ticket.id,
                    "technician_user_id": self.dispatcher.id,
                    "source": "van",
                    "line_ids": [(0, 0, {"product_id": self.fan.id, "quantity": 1})],
                }
            ).action_confirm()

    def test_more_than_on_hand_is_refused(self):
        ticket = self._job()
        picking = self._request(ticket, [(self.compressor, 3)])
        picking.move_ids.quantity = 3
        with self.assertRefused(UserError, "Only 2.0"):
            self._validate(picking)
        self.assertFalse(ticket.aftersales_charge_line_ids)
        self.assertEqual(self.compressor.qty_available, 2)

    def test_negative_allowed_by_setting(self):
        self.company.aftersales_parts_allow_negative = True
        ticket = self._job()
        picking = self._request(ticket, [(self.compressor, 3)])
        picking.move_ids.quantity = 3
        self._validate(picking)
        self.assertEqual(self.compressor.qty_available, -1)

    def test_return_reverses_the_charge(self):
        ticket = self._job()
        picking = self._validate(self._request(ticket, [(self.fan, 3)]))
        line = ticket.aftersales_charge_line_ids
        self.assertTrue(line.aftersales_issued)
        # Partial return: the charge follows.
        self._return(picking, 1)
        self.assertEqual(line.quantity, 2)
        self._return(picking, 2)
        self.assertFalse(line.exists())
        self.assertEqual(self.fan.qty_available, 13)

    def test_return_of_invoiced_part_is_refused(self):
        ticket = self._job()
        picking = self._validate(self._request(ticket, [(self.fan, 1)]))
        line = ticket.aftersales_charge_line_ids
        self.env.flush_all()
        self.env.cr.execute(
            "UPDATE aftersales_charge_line SET invoiced = TRUE WHERE id = %s",
            [line.id],
        )
        line.invalidate_recordset()
        with self.assertRefused(UserError, "Cancel or credit the invoice first"):
            self._return(picking, 1)
        self.assertEqual(line.quantity, 1)

    def test_issued_charge_follows_stock(self):
        ticket = self._job()
        self._validate(self._request(ticket, [(self.fan, 1)]))
        line = ticket.aftersales_charge_line_ids
        with self.assertRefused(UserError, "follow the stock"):
            line.quantity = 5
        with self.assertRefused(UserError, "cannot be deleted"):
            line.unlink()
        with self.assertRefused(UserError, "stocked spare part"):
            self.env["aftersales.charge.line"].create(
                {"ticket_id": ticket.id, "product_id": self.fan.id}
            )
        self.assertEqual(len(ticket.aftersales_charge_line_ids), 1)

    def test_visit_request(self):
        ticket = self._ticket()
        visit = self._visit(ticket)
        action = visit.with_user(self.technician).action_aftersales_request_parts()
        self.assertEqual(action["context"]["default_visit_id"], visit.id)
        picking = self._request(ticket, [(self.fan, 1)], visit=visit)
        self._validate(picking)
        self.assertEqual(ticket.aftersales_charge_line_ids.visit_id, visit)

    def test_request_form_as_dispatcher(self):
        ticket = self._job()
        action = ticket.with_user(self.dispatcher).action_aftersales_request_parts()
        form = Form(
            self.env[action["res_model"]]
            .with_user(self.dispatcher)
            .with_context(**action["context"])
        )
        with form.line_ids.new() as line:
            line.product_id = self.fan
            line.quantity = 1
        form.save().action_confirm()
        self.assertEqual(ticket.sudo().aftersales_picking_count, 1)

    def test_request_proposes_the_visit_technician_not_the_desk(self):
        """The desk took the request (it is assigned to them); Request Parts
        proposes the lead technician of the open visit, who brings the
        defective part back."""
        ticket = self._ticket(user_id=self.desk.id)
        action = ticket.with_user(self.desk).action_aftersales_request_parts()
        self.assertFalse(action["context"]["default_technician_user_id"])
        self._visit(ticket, user=self.technician_2)
        action = ticket.with_user(self.desk).action_aftersales_request_parts()
        self.assertEqual(
            action["context"]["default_technician_user_id"], self.technician_2.id
        )
        form = Form(
            self.env[action["res_model"]]
            .with_user(self.desk)
            .with_context(**action["context"])
        )
        self.assertEqual(form.technician_user_id, self.technician_2)
        with form.line_ids.new() as line:
            line.product_id = self.compressor
            line.quantity = 1
        form.save().action_confirm()
        picking = ticket.sudo().aftersales_picking_ids
        self.assertEqual(picking.aftersales_technician_user_id, self.technician_2)

    def _return(self, picking, quantity):
        wizard = (
            self.env["stock.return.picking"]
            .with_user(self.clerk)
            .with_context(active_id=picking.id, active_model="stock.picking")
            .create({"picking_id": picking.id})
        )
        wizard.product_return_moves.quantity = quantity
        action = wizard.action_create_returns()
        back = self.env["stock.picking"].browse(action["res_id"])
        return self._validate(back)
