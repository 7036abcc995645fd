# The signing mixins first: Odoo builds models in definition order, and the
# safety records below inherit them.
from . import aftersales_safety_signed_line_mixin, aftersales_safety_signed_mixin

# isort: split
from . import (
    aftersales_safety_check,
    aftersales_safety_checklist_template,
    aftersales_safety_isolation,
    aftersales_safety_job_type,
    aftersales_safety_stop_work,
    aftersales_safety_training,
    aftersales_technician,
    aftersales_visit,
    hr_employee,
    hr_employee_skill,
    ir_attachment,
    res_company,
    res_config_settings,
)
