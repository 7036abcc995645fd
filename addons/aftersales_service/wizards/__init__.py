from . import aftersales_coverage_override
