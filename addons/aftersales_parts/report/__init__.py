from . import aftersales_kpi_workbook
