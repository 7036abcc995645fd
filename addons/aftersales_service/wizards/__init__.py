from . import (
    aftersales_callback_outcome,
    aftersales_coverage_override,
    aftersales_dispatch,
    aftersales_dispatch_candidate,
    aftersales_holiday_load,
    aftersales_kpi_period,
    aftersales_quote_approval,
    aftersales_signed_verify,
    aftersales_visit_rating,
    aftersales_visit_reschedule,
    aftersales_visit_sign,
    mail_compose_message,
)
