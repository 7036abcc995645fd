from odoo import Command, api, fields, models
from odoo.exceptions import UserError


class AftersalesPartsRequest(models.TransientModel):
    """A technician or dispatcher asks the store for parts for a job: the
    stock clerk gets a Service Parts Issue picking, already reserved."""

    _name = "aftersales.parts.request"
    _description = "Parts Request"

    ticket_id = fields.Many2one(
        comodel_name="helpdesk.ticket", string="Service Request", required=True
    )
    visit_id = fields.Many2one(
        comodel_name="aftersales.visit",
        domain="[('ticket_id', '=', ticket_id)]",
    )
    technician_user_id = fields.Many2one(
        comodel_name="res.users",
        string="Technician",
        help="Takes the parts to the job and brings defective ones back.",
    )
    source = fields.Selection(
        selection=[("store", "Main Store"), ("van", "Technician's Van")],
        string="Issue From",
        required=True,
        default="store",
    )
    line_ids = fields.One2many(
        comodel_name="aftersales.parts.request.line",
        inverse_name="request_id",
        string="Parts",
    )

    def action_confirm(self):
        self.ensure_one()
        # The caller must see the ticket; the picking is then made as
        # superuser, since technicians do not manage stock.
        self.ticket_id.check_access("read")
        if self.visit_id:
            self.visit_id.check_access("read")
        if not self.line_ids:
            raise UserError(self.env._("Add at least one part to request."))
        picking = self._aftersales_create_issue()
        if self.env.user.has_group("stock.group_stock_user"):
            return {
                "type": "ir.actions.act_window",
                "res_model": "stock.picking",
                "res_id": picking.id,
                "view_mode": "form",
            }
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "success",
                "message": self.env._(
                    "Parts requested: issue %(issue)s is with the stock clerk.",
                    issue=picking.name,
                ),
                "next": {"type": "ir.actions.act_window_close"},
            },
        }

    def _aftersales_create_issue(self):
        ticket_sudo = self.ticket_id.sudo()
        company = ticket_sudo.company_id
        warehouse = self.env["stock.warehouse"].sudo()._aftersales_main(company)
        picking_type = warehouse.aftersales_issue_type_id
        if not picking_type:
            raise UserError(
                self.env._(
                    "Company %(company)s has no warehouse with a Service Parts "
                    "Issue operation type. Ask a stock manager to create a "
                    "warehouse.",
                    company=company.name,
                )
            )
        technician = self.technician_user_id
        if self.source == "van":
            profile = (
                self.env["aftersales.technician"]
                .sudo()
                .search(
                    [
                        ("user_id", "=", technician.id),
                        ("company_id", "=", company.id),
                    ],
                    limit=1,
                )
            )
            source = profile.aftersales_van_location_id
            if not source:
                raise UserError(
                    self.env._(
                        "%(technician)s has no van in %(company)s. Choose the "
                        "technician who carries the parts, or issue from the "
                        "main store.",
                        technician=technician.name
                        or self.env._("No technician chosen"),
                        company=company.name,
                    )
                )
        else:
            source = picking_type.default_location_src_id
        dest = picking_type.default_location_dest_id
        partner = ticket_sudo.aftersales_site_partner_id or ticket_sudo.partner_id
        picking = (
            self.env["stock.picking"]
            .sudo()
            .with_company(company)
            .create(
                {
                    "picking_type_id": picking_type.id,
                    "partner_id": partner.id,
                    "location_id": source.id,
                    "location_dest_id": dest.id,
                    "origin": ticket_sudo.number,
                    "aftersales_ticket_id": ticket_sudo.id,
                    "aftersales_visit_id": self.visit_id.id,
                    "aftersales_technician_user_id": technician.id,
                    "company_id": company.id,
                    "user_id": False,
                    "move_ids": [
                        Command.create(
                            {
                                "product_id": line.product_id.id,
                                "product_uom_qty": line.quantity,
                                "product_uom": line.product_id.uom_id.id,
                                "location_id": source.id,
                                "location_dest_id": dest.id,
                                "company_id": company.id,
                            }
                        )
                        for line in self.line_ids
                    ],
                }
            )
        )
        picking.action_confirm()
        picking.action_assign()
        # Who asked is the picking's creator (its "Transfer created" message).
        return picking.sudo(False)


class AftersalesPartsRequestLine(models.TransientModel):
    _name = "aftersales.parts.request.line"
    _description = "Requested Part"

    request_id = fields.Many2one(
        comodel_name="aftersales.parts.request", required=True, ondelete="cascade"
    )
    product_id = fields.Many2one(
        comodel_name="product.product",
        string="Part",
        required=True,
        domain="[('is_storable', '=', True)]",
    )
    quantity = fields.Float(required=True, default=1.0, digits="Product Unit")

    @api.constrains("quantity")
    def _check_quantity(self):
        for line in self:
            if line.quantity <= 0:
                raise UserError(
                    self.env._(
                        "%(part)s: request a positive quantity.",
                        part=line.product_id.display_name,
                    )
                )
