from . import (
    test_chain,
    test_checks,
    test_dispatch,
    test_hazard,
    test_hazard_portal,
    test_install,
    test_lockout,
    test_protected,
    test_query_counts,
    test_tools,
    test_training,
)
