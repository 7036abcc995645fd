# The mixins first: the models below inherit them.
from . import aftersales_protected_mixin  # isort: skip
from . import aftersales_signed_mixin  # isort: skip
from . import aftersales_signed_line_mixin  # isort: skip

from . import (
    account_move,
    account_move_line,
    aftersales_cash_handover,
    aftersales_charge_line,
    aftersales_component_warranty,
    aftersales_contract,
    aftersales_exclusion,
    aftersales_fee,
    aftersales_goodwill,
    aftersales_goodwill_level,
    aftersales_service_zone,
    aftersales_signed_chain,
    aftersales_sla_policy,
    aftersales_sla_target,
    aftersales_technician,
    aftersales_ticket_deadline,
    aftersales_visit,
    helpdesk_ticket,
    helpdesk_ticket_billing,
    helpdesk_ticket_stage,
    helpdesk_ticket_team,
    ir_actions_report,
    ir_attachment,
    ir_sequence,
    mail_activity,
    product_category,
    product_template,
    res_company,
    res_config_settings,
    res_partner,
    stock_lot,
    stock_move,
)
