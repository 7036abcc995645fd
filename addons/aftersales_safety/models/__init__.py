# The mixins first: the models below inherit them.
from . import aftersales_safety_lock_mixin  # isort: skip
from . import aftersales_safety_visit_record_mixin  # isort: skip
from . import aftersales_safety_answer_mixin  # isort: skip
from . import aftersales_safety_checklist_record_mixin  # isort: skip

from . import (
    aftersales_action,
    aftersales_kpi_fact,
    aftersales_pm_task,
    aftersales_safety_check,
    aftersales_safety_check_hazard,
    aftersales_safety_checklist_template,
    aftersales_safety_emergency,
    aftersales_safety_hazard,
    aftersales_safety_incident,
    aftersales_safety_inspection,
    aftersales_safety_inspection_hazard,
    aftersales_safety_isolation,
    aftersales_safety_job_type,
    aftersales_safety_stop_work,
    aftersales_safety_tool,
    aftersales_safety_training,
    aftersales_signed_mixin,
    aftersales_technician,
    aftersales_visit,
    hr_employee,
    hr_employee_safety_record,
    hr_employee_skill,
    maintenance_equipment,
    res_company,
    res_company_registers,
    res_config_settings,
)
