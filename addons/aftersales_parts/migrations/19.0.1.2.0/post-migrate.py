"""19.0.1.2.0: classify the spare parts of every company again, now that the
A/B/C figures are kept per company."""

from odoo import SUPERUSER_ID, api


def migrate(cr, version):
    if not version:
        return
    env = api.Environment(cr, SUPERUSER_ID, {})
    Product = env["product.product"]
    for company in env["res.company"].search([]):
        Product.with_company(company)._aftersales_abc_classify(company)
