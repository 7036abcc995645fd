# Repository-level tests that need no Odoo: `make static` and `make rules`.
