# Pure business rules: plain values in, plain values out, no Odoo import.
# Models import them as ``from ..rules import warranty``; tests/rules loads
# them by file path.
