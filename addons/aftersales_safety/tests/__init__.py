from . import (
    test_chain,
    test_checks,
    test_dispatch,
    test_hazard,
    test_install,
    test_kpi_safety,
    test_lockout,
    test_pm_dispatch,
    test_protected,
    test_query_counts,
    test_registers,
    test_training,
)
