from . import (
    test_abc,
    test_access_matrix,
    test_concurrency,
    test_install,
    test_issue,
    test_kpi_parts,
    test_loaner_workshop,
    test_old_for_new,
    test_query_counts,
    test_returns,
    test_returns_links,
    test_zh_cn,
)
