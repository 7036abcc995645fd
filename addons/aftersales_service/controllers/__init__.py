from . import portal, portal_units
