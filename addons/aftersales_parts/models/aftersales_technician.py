from odoo import api, fields, models


class AftersalesTechnician(models.Model):
    _inherit = "aftersales.technician"

    aftersales_van_location_id = fields.Many2one(
        comodel_name="stock.location",
        string="Van",
        check_company=True,
        copy=False,
        readonly=True,
        help="The technician's van: a stock location under Service Vans, "
        "replenished by internal transfers.",
    )

    @api.model_create_multi
    def create(self, vals_list):
        technicians = super().create(vals_list)
        technicians._aftersales_ensure_van()
        return technicians

    def _aftersales_ensure_van(self):
        """A van location for each profile without one, in its company's main
        warehouse."""
        Warehouse = self.env["stock.warehouse"].sudo()
        for technician in self.sudo().filtered(
            lambda t: not t.aftersales_van_location_id
        ):
            warehouse = Warehouse._aftersales_main(technician.company_id)
            if not warehouse:
                continue
            if not warehouse.aftersales_van_location_id:
                warehouse._aftersales_setup_parts()
            technician.aftersales_van_location_id = (
                self.env["stock.location"]
                .sudo()
                .create(
                    {
                        "name": technician.name or technician.user_id.name,
                        "usage": "internal",
                        "location_id": warehouse.aftersales_van_location_id.id,
                        "company_id": technician.company_id.id,
                        "aftersales_technician_id": technician.id,
                    }
                )
            )

    def action_aftersales_van_stock(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "aftersales_parts.aftersales_van_stock_action"
        )
        action["domain"] = [
            ("location_id", "child_of", self.aftersales_van_location_id.ids)
        ]
        action["context"] = {"search_default_productgroup": 0}
        action["display_name"] = self.env._(
            "Van stock of %(technician)s", technician=self.name
        )
        return action

    def action_aftersales_replenish_van(self):
        """A new internal transfer from the main store into the van."""
        self.ensure_one()
        warehouse = self.env["stock.warehouse"]._aftersales_main(self.company_id)
        return {
            "type": "ir.actions.act_window",
            "res_model": "stock.picking",
            "view_mode": "form",
            "target": "current",
            "context": {
                "default_picking_type_id": warehouse.int_type_id.id,
                "default_location_id": warehouse.lot_stock_id.id,
                "default_location_dest_id": self.aftersales_van_location_id.id,
            },
        }
