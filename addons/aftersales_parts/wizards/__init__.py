from . import aftersales_parts_request
