from collections import defaultdict

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models

from ..rules import abc


class ProductProduct(models.Model):
    _inherit = "product.product"

    @api.model
    def _cron_aftersales_abc_classify(self):
        """Daily: classify the spare parts of every company, one company per
        batch (one committed step each)."""
        companies = self.env["res.company"].search([("active", "=", True)])
        cron = self.env["ir.cron"]
        for index, company in enumerate(companies):
            # One bad company is logged and skipped; the others go on.
            cron._aftersales_run_guarded(
                company,
                lambda company: self.with_company(company)._aftersales_abc_classify(
                    company
                ),
            )
            if not cron._commit_progress(1, remaining=len(companies) - index - 1):
                break

    @api.model
    def _aftersales_abc_consumption(self, company, date_from):
        """``{product: quantity}`` consumed since ``date_from`` in the product's
        unit: done moves from internal locations to customers or production,
        less what came back by returns."""
        Move = self.env["stock.move"].sudo()
        base = [
            ("company_id", "=", company.id),
            ("state", "=", "done"),
            ("date", ">=", date_from),
            ("product_id.aftersales_spare_part", "=", True),
        ]
        consumed = defaultdict(float)
        for sign, domain in (
            (
                1,
                [
                    ("location_id.usage", "=", "internal"),
                    ("location_dest_id.usage", "in", ("customer", "production")),
                ],
            ),
            (
                -1,
                [
                    ("origin_returned_move_id", "!=", False),
                    ("location_id.usage", "in", ("customer", "production")),
                    ("location_dest_id.usage", "=", "internal"),
                ],
            ),
        ):
            for product, uom, quantity in Move._read_group(
                base + domain,
                groupby=["product_id", "product_uom"],
                aggregates=["quantity:sum"],
            ):
                consumed[product] += sign * uom._compute_quantity(
                    quantity, product.uom_id, round=False
                )
        return consumed

    @api.model
    def _aftersales_abc_classify(self, company):
        """Classify the company's spare parts (templates) A/B/C by consumption
        value over the company's window, for that company only (the class is
        per company); suggest min/max reordering rules for A and B parts."""
        today = fields.Date.context_today(self)
        months = company.aftersales_abc_months or 12
        date_from = today - relativedelta(months=months)
        window_days = (today - date_from).days
        consumed = self._aftersales_abc_consumption(company, date_from)
        Template = self.env["product.template"].sudo().with_company(company)
        templates = Template.search(
            [
                ("aftersales_spare_part", "=", True),
                ("company_id", "in", (company.id, False)),
            ]
        )
        quantity = defaultdict(float)
        value = defaultdict(float)
        for product, qty in consumed.items():
            qty = max(qty, 0.0)
            template = product.product_tmpl_id
            quantity[template.id] += qty
            value[template.id] += qty * product.with_company(company).standard_price
        classes = abc.classify(
            {template.id: value.get(template.id, 0.0) for template in templates},
            company.aftersales_abc_a_percent,
            company.aftersales_abc_b_percent,
        )
        # One write per distinct result: most parts share one (class C, no
        # consumption), so a catalogue of thousands costs a few writes.
        by_result = defaultdict(list)
        for template in templates:
            result = (
                classes[template.id],
                value.get(template.id, 0.0),
                quantity.get(template.id, 0.0),
            )
            current = (
                template.aftersales_abc_class,
                template.aftersales_abc_value,
                template.aftersales_abc_quantity,
            )
            if result != current or template.aftersales_abc_date != today:
                by_result[result].append(template.id)
        # Each write marks the variants' dependent fields: read them all once.
        templates.fetch(["product_variant_ids"])
        for (klass, amount, qty), template_ids in by_result.items():
            Template.browse(template_ids).write(
                {
                    "aftersales_abc_class": klass,
                    "aftersales_abc_value": amount,
                    "aftersales_abc_quantity": qty,
                    "aftersales_abc_date": today,
                }
            )
        self.env["stock.warehouse.orderpoint"]._aftersales_suggest(
            company,
            templates,
            {
                product: max(qty, 0.0)
                for product, qty in consumed.items()
                if classes.get(product.product_tmpl_id.id) in ("a", "b")
            },
            window_days,
        )
        return classes
