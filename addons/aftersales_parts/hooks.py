def post_init_hook(env):
    """Existing warehouses get the service locations and operation types, and
    existing technician profiles their van."""
    env["stock.warehouse"]._aftersales_setup_parts_all()
