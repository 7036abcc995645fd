from . import (
    test_access,
    test_billing,
    test_china_calendar,
    test_install,
    test_intake,
    test_protected,
    test_roles,
    test_signed,
    test_sla,
    test_visit,
    test_warranty,
)
