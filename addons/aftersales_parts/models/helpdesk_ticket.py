from odoo import Command, api, fields, models
from odoo.exceptions import UserError


class HelpdeskTicket(models.Model):
    """Parts issued to the job, loaners lent, the unit in the workshop."""

    _inherit = "helpdesk.ticket"

    aftersales_picking_ids = fields.One2many(
        comodel_name="stock.picking",
        inverse_name="aftersales_ticket_id",
        string="Transfers",
        readonly=True,
    )
    aftersales_picking_count = fields.Integer(
        string="Parts Transfers",
        compute="_compute_aftersales_picking_count",
        compute_sudo=True,
    )
    aftersales_loan_ids = fields.One2many(
        comodel_name="aftersales.loan",
        inverse_name="ticket_id",
        string="Loaners",
        readonly=True,
    )
    aftersales_part_return_ids = fields.One2many(
        comodel_name="aftersales.part.return",
        inverse_name="ticket_id",
        string="Defective Parts Due",
        readonly=True,
    )
    aftersales_unit_location = fields.Char(
        string="Unit Is",
        compute="_compute_aftersales_unit_location",
        compute_sudo=True,
        help="Where the customer's unit is: at the customer, expected in the "
        "workshop, in the workshop or on its way back.",
    )
    aftersales_unit_in_workshop = fields.Boolean(
        compute="_compute_aftersales_unit_location", compute_sudo=True
    )

    def _compute_aftersales_picking_count(self):
        counts = dict(
            self.env["stock.picking"]._read_group(
                [("aftersales_ticket_id", "in", self.ids)],
                groupby=["aftersales_ticket_id"],
                aggregates=["__count"],
            )
        )
        for ticket in self:
            ticket.aftersales_picking_count = counts.get(ticket, 0)

    @api.depends("aftersales_lot_id", "aftersales_picking_ids.state")
    def _compute_aftersales_unit_location(self):
        for ticket in self:
            lot = ticket.aftersales_lot_id
            workshop = ticket.aftersales_picking_ids.filtered(
                lambda p: (
                    p.aftersales_kind in ("repair_in", "repair_out")
                    and p.state not in ("done", "cancel")
                )
            )
            quant = lot.quant_ids.filtered(
                lambda q: q.quantity > 0 and q.location_id.usage == "internal"
            )[:1]
            ticket.aftersales_unit_in_workshop = bool(
                quant
                and quant.location_id
                == quant.location_id.warehouse_id.aftersales_repair_location_id
            )
            if not lot:
                ticket.aftersales_unit_location = False
            elif workshop[:1].aftersales_kind == "repair_in":
                ticket.aftersales_unit_location = self.env._(
                    "Expected in the workshop (%(receipt)s)",
                    receipt=workshop[:1].name,
                )
            elif workshop[:1].aftersales_kind == "repair_out":
                ticket.aftersales_unit_location = self.env._(
                    "Repaired, to deliver back (%(delivery)s)",
                    delivery=workshop[:1].name,
                )
            elif quant:
                ticket.aftersales_unit_location = quant.location_id.display_name
            else:
                ticket.aftersales_unit_location = self.env._("At the customer")

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------

    def action_aftersales_request_parts(self):
        self.ensure_one()
        if self.closed:
            raise UserError(
                self.env._(
                    "%(ticket)s is closed; reopen it to request parts.",
                    ticket=self.number,
                )
            )
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Request Parts"),
            "res_model": "aftersales.parts.request",
            "view_mode": "form",
            "target": "new",
            "context": {
                "default_ticket_id": self.id,
                "default_technician_user_id": self._aftersales_parts_technician().id,
                **self.env.context,
            },
        }

    def _aftersales_parts_technician(self):
        """Who takes the parts to the job and brings the defective ones back:
        the lead technician of the visit under way, else of the latest open
        visit. Never the ticket's assignee as such (often the service desk);
        nobody when no visit is open."""
        self.ensure_one()
        open_visits = self.aftersales_visit_ids.filtered(
            lambda v: v.state in ("planned", "travelling", "on_site")
        )
        visit = open_visits.sorted(
            lambda v: (v.state in ("travelling", "on_site"), v.planned_start),
            reverse=True,
        )[:1]
        return visit.user_id

    def action_aftersales_view_pickings(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "stock.action_picking_tree_all"
        )
        action["domain"] = [("aftersales_ticket_id", "=", self.id)]
        action["context"] = {"create": False}
        return action

    def action_aftersales_lend_loaner(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "aftersales.loan",
            "view_mode": "form",
            "context": {"default_ticket_id": self.id},
        }

    def action_aftersales_workshop_receive(self):
        """A receipt of the customer's unit into Customer Units in Repair
        (the goods-in register); the unit stays the customer's."""
        self.ensure_one()
        self._aftersales_check_workshop_unit()
        if self.aftersales_unit_in_workshop or self.aftersales_picking_ids.filtered(
            lambda p: (
                p.aftersales_kind in ("repair_in", "repair_out")
                and p.state not in ("done", "cancel")
            )
        ):
            raise UserError(
                self.env._(
                    "The unit of %(ticket)s is already in the workshop or has an "
                    "open workshop transfer: %(where)s.",
                    ticket=self.number,
                    where=self.aftersales_unit_location,
                )
            )
        warehouse = self.env["stock.warehouse"]._aftersales_main(self.company_id)
        picking = self._aftersales_workshop_picking(
            warehouse.aftersales_repair_in_type_id,
            self.env.ref("stock.stock_location_customers"),
            warehouse.aftersales_repair_location_id,
        )
        return self._aftersales_open(picking)

    def action_aftersales_workshop_return(self):
        """A delivery of the repaired unit back to its owner."""
        self.ensure_one()
        self._aftersales_check_workshop_unit()
        if not self.aftersales_unit_in_workshop:
            raise UserError(
                self.env._(
                    "The unit of %(ticket)s is not in the workshop (%(where)s); "
                    "receive it first.",
                    ticket=self.number,
                    where=self.aftersales_unit_location,
                )
            )
        warehouse = self.env["stock.warehouse"]._aftersales_main(self.company_id)
        picking = self._aftersales_workshop_picking(
            warehouse.aftersales_repair_out_type_id,
            warehouse.aftersales_repair_location_id,
            self.env.ref("stock.stock_location_customers"),
        )
        return self._aftersales_open(picking)

    def _aftersales_check_workshop_unit(self):
        lot = self.aftersales_lot_id
        if not lot or not lot.product_id.is_storable:
            raise UserError(
                self.env._(
                    "%(ticket)s has no serial-numbered unit to take to the "
                    "workshop. Enter the unit's serial number on the request first.",
                    ticket=self.number,
                )
            )

    def _aftersales_workshop_picking(self, picking_type, source, dest):
        owner = self.commercial_partner_id or self.partner_id
        product = self.aftersales_lot_id.product_id
        picking = self.env["stock.picking"].create(
            {
                "picking_type_id": picking_type.id,
                "partner_id": self.partner_id.id,
                "owner_id": owner.id,
                "location_id": source.id,
                "location_dest_id": dest.id,
                "origin": self.number,
                "aftersales_ticket_id": self.id,
                "company_id": self.company_id.id,
                "move_ids": [
                    Command.create(
                        {
                            "product_id": product.id,
                            "product_uom_qty": 1,
                            "product_uom": product.uom_id.id,
                            "location_id": source.id,
                            "location_dest_id": dest.id,
                            "company_id": self.company_id.id,
                            "restrict_partner_id": owner.id,
                        }
                    )
                ],
            }
        )
        picking.action_confirm()
        picking.move_ids._aftersales_set_lot(self.aftersales_lot_id, owner=owner)
        return picking

    def _aftersales_open(self, picking):
        return {
            "type": "ir.actions.act_window",
            "res_model": "stock.picking",
            "res_id": picking.id,
            "view_mode": "form",
        }
