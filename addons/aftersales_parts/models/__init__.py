# The mixin first: models below inherit it, and Odoo builds them in this order.
from . import aftersales_overdue_mixin  # noqa: I001
from . import (
    aftersales_charge_line,
    aftersales_kpi_fact,
    aftersales_loan,
    aftersales_part_return,
    aftersales_supplier_claim,
    aftersales_technician,
    aftersales_visit,
    helpdesk_ticket,
    product_product,
    product_template,
    res_company,
    res_config_settings,
    stock_location,
    stock_move,
    stock_picking,
    stock_picking_type,
    stock_warehouse,
    stock_warehouse_orderpoint,
)
