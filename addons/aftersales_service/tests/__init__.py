from . import (
    test_access,
    test_billing,
    test_concurrency,
    test_install,
    test_intake,
    test_migration,
    test_sla,
    test_visit,
    test_warranty,
)
