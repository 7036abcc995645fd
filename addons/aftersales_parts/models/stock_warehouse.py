from odoo import api, fields, models

# (warehouse field, location name, usage)
LOCATIONS = [
    ("aftersales_van_location_id", "Service Vans", "view"),
    ("aftersales_defective_location_id", "Defective Parts", "internal"),
    ("aftersales_loaner_location_id", "Loaners", "internal"),
    ("aftersales_repair_location_id", "Customer Units in Repair", "internal"),
]
# (warehouse field, kind, name, code, sequence code, source, destination);
# source and destination: a warehouse field or "customer".
PICKING_TYPES = [
    (
        "aftersales_issue_type_id",
        "issue",
        "Service Parts Issue",
        "outgoing",
        "SPI",
        "lot_stock_id",
        "customer",
    ),
    (
        "aftersales_defective_type_id",
        "defective",
        "Defective Parts Return",
        "incoming",
        "SPR",
        "customer",
        "aftersales_defective_location_id",
    ),
    (
        "aftersales_loan_out_type_id",
        "loan_out",
        "Loaner Delivery",
        "outgoing",
        "LNO",
        "aftersales_loaner_location_id",
        "customer",
    ),
    (
        "aftersales_loan_in_type_id",
        "loan_in",
        "Loaner Return",
        "incoming",
        "LNI",
        "customer",
        "aftersales_loaner_location_id",
    ),
    (
        "aftersales_repair_in_type_id",
        "repair_in",
        "Workshop Receipt",
        "incoming",
        "WSI",
        "customer",
        "aftersales_repair_location_id",
    ),
    (
        "aftersales_repair_out_type_id",
        "repair_out",
        "Workshop Return",
        "outgoing",
        "WSO",
        "aftersales_repair_location_id",
        "customer",
    ),
]


class StockWarehouse(models.Model):
    _inherit = "stock.warehouse"

    aftersales_van_location_id = fields.Many2one(
        comodel_name="stock.location",
        string="Service Vans",
        check_company=True,
        copy=False,
        help="Parent of the technicians' van locations.",
    )
    aftersales_defective_location_id = fields.Many2one(
        comodel_name="stock.location",
        string="Defective Parts",
        check_company=True,
        copy=False,
        help="Quarantine for defective parts brought back old-for-new.",
    )
    aftersales_loaner_location_id = fields.Many2one(
        comodel_name="stock.location",
        string="Loaners",
        check_company=True,
        copy=False,
    )
    aftersales_repair_location_id = fields.Many2one(
        comodel_name="stock.location",
        string="Customer Units in Repair",
        check_company=True,
        copy=False,
    )
    aftersales_issue_type_id = fields.Many2one(
        comodel_name="stock.picking.type",
        string="Service Parts Issue",
        check_company=True,
        copy=False,
    )
    aftersales_defective_type_id = fields.Many2one(
        comodel_name="stock.picking.type",
        string="Defective Parts Return",
        check_company=True,
        copy=False,
    )
    aftersales_loan_out_type_id = fields.Many2one(
        comodel_name="stock.picking.type",
        string="Loaner Delivery",
        check_company=True,
        copy=False,
    )
    aftersales_loan_in_type_id = fields.Many2one(
        comodel_name="stock.picking.type",
        string="Loaner Return",
        check_company=True,
        copy=False,
    )
    aftersales_repair_in_type_id = fields.Many2one(
        comodel_name="stock.picking.type",
        string="Workshop Receipt",
        check_company=True,
        copy=False,
    )
    aftersales_repair_out_type_id = fields.Many2one(
        comodel_name="stock.picking.type",
        string="Workshop Return",
        check_company=True,
        copy=False,
    )

    @api.model_create_multi
    def create(self, vals_list):
        warehouses = super().create(vals_list)
        warehouses._aftersales_setup_parts()
        return warehouses

    @api.model
    def _aftersales_setup_parts_all(self):
        """Every warehouse gets its service locations and operation types,
        every technician profile its van. Safe to run again."""
        self.sudo().search([("active", "in", (True, False))])._aftersales_setup_parts()
        self.env["aftersales.technician"].sudo().search(
            [("aftersales_van_location_id", "=", False)]
        )._aftersales_ensure_van()

    def _aftersales_setup_parts(self):
        customers = self.env.ref("stock.stock_location_customers")
        labels = self._aftersales_labels()
        Location = self.env["stock.location"].sudo()
        for warehouse in self.sudo():
            location_vals = {}
            for field, name, usage in LOCATIONS:
                if not warehouse[field]:
                    location_vals[field] = Location.create(
                        {
                            "name": labels[name],
                            "usage": usage,
                            "location_id": warehouse.view_location_id.id,
                            "company_id": warehouse.company_id.id,
                        }
                    ).id
            if location_vals:
                warehouse.write(location_vals)
            type_vals = {}
            for field, kind, name, code, seq_code, source, dest in PICKING_TYPES:
                if warehouse[field]:
                    continue
                sequence = (
                    self.env["ir.sequence"]
                    .sudo()
                    .create(
                        {
                            "name": self.env._(
                                "%(warehouse)s: %(type)s",
                                warehouse=warehouse.name,
                                type=labels[name],
                            ),
                            "prefix": f"{warehouse.code}/{seq_code}-%(range_y)s"
                            "%(range_month)s-",
                            "padding": 2,
                            "use_date_range": True,
                            "aftersales_monthly_range": True,
                            "company_id": warehouse.company_id.id,
                            "implementation": "standard",
                        }
                    )
                )
                type_vals[field] = (
                    self.env["stock.picking.type"]
                    .sudo()
                    .create(
                        {
                            "name": labels[name],
                            "code": code,
                            "aftersales_kind": kind,
                            "sequence_code": seq_code,
                            "sequence_id": sequence.id,
                            "warehouse_id": warehouse.id,
                            "company_id": warehouse.company_id.id,
                            "default_location_src_id": (
                                customers.id
                                if source == "customer"
                                else warehouse[source].id
                            ),
                            "default_location_dest_id": (
                                customers.id
                                if dest == "customer"
                                else warehouse[dest].id
                            ),
                            "use_create_lots": kind in ("defective", "repair_in"),
                            "use_existing_lots": True,
                            "sequence": 50,
                        }
                    )
                    .id
                )
            if type_vals:
                warehouse.write(type_vals)

    def _aftersales_labels(self):
        """The names above, translated."""
        return {
            "Service Vans": self.env._("Service Vans"),
            "Defective Parts": self.env._("Defective Parts"),
            "Loaners": self.env._("Loaners"),
            "Customer Units in Repair": self.env._("Customer Units in Repair"),
            "Service Parts Issue": self.env._("Service Parts Issue"),
            "Defective Parts Return": self.env._("Defective Parts Return"),
            "Loaner Delivery": self.env._("Loaner Delivery"),
            "Loaner Return": self.env._("Loaner Return"),
            "Workshop Receipt": self.env._("Workshop Receipt"),
            "Workshop Return": self.env._("Workshop Return"),
        }

    @api.model
    def _aftersales_main(self, company):
        """The warehouse service parts come from by default."""
        return self.search([("company_id", "=", company.id)], limit=1)
