from . import (
    test_access,
    test_billing,
    test_install,
    test_intake,
    test_roles,
    test_sla,
    test_visit,
    test_warranty,
)
