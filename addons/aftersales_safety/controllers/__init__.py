from . import portal_hazard
