from contextlib import contextmanager
from datetime import date

from odoo.tests import new_test_user

from odoo.addons.base.tests.common import BaseCommon


class AftersalesCommon(BaseCommon):
    """Users of each role, a product line with component warranties, customers
    and serial numbers. No demo data is used."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.env.company
        cls.company.write(
            {
                "aftersales_factory_grace_months": 3,
                "aftersales_repeat_repair_days": 90,
                "aftersales_warranty_start_event": "delivery",
            }
        )
        groups = "aftersales_service.group_aftersales_%s"
        cls.technician = new_test_user(
            cls.env, login="as_tech", groups=groups % "technician", name="Tech Li"
        )
        cls.desk = new_test_user(
            cls.env, login="as_desk", groups=groups % "user", name="Desk Wang"
        )
        cls.dispatcher = new_test_user(
            cls.env,
            login="as_dispatch",
            groups=groups % "dispatcher",
            name="Dispatch Zhao",
        )
        cls.manager = new_test_user(
            cls.env, login="as_manager", groups=groups % "manager", name="Boss Chen"
        )
        cls.portal_user = new_test_user(
            cls.env, login="as_portal", groups="base.group_portal", name="Portal Sun"
        )
        cls.team = cls.env["helpdesk.ticket.team"].create(
            {
                "name": "HVAC Service",
                "aftersales_department_code": "SJ",
                "user_ids": [(6, 0, (cls.technician | cls.desk | cls.manager).ids)],
            }
        )
        Category = cls.env["product.category"]
        cls.categ_parts = Category.create({"name": "Compressors"})
        cls.categ_ac = Category.create(
            {
                "name": "Commercial AC",
                "aftersales_warranty_months": 12,
                "aftersales_component_warranty_ids": [
                    (0, 0, {"component_categ_id": cls.categ_parts.id, "months": 36})
                ],
            }
        )
        cls.compressor = cls.env["product.product"].create(
            {"name": "Compressor C-9", "categ_id": cls.categ_parts.id}
        )
        cls.fan = cls.env["product.product"].create({"name": "Fan motor"})
        cls.ac = cls.env["product.product"].create(
            {
                "name": "Rooftop AC 12kW",
                "categ_id": cls.categ_ac.id,
                "is_storable": True,
                "tracking": "serial",
            }
        )
        cls.untracked = cls.env["product.product"].create(
            {"name": "Kettle", "is_storable": True, "tracking": "none"}
        )
        cls.customer = cls.env["res.partner"].create(
            {"name": "Sunrise Hotel", "is_company": True}
        )
        cls.customer_contact = cls.env["res.partner"].create(
            {"name": "Mr Zhou", "parent_id": cls.customer.id}
        )
        cls.other_customer = cls.env["res.partner"].create(
            {"name": "Harbour Mall", "is_company": True}
        )
        cls.lot = cls._lot("AC-0001", date(2025, 1, 15))
        cls.exclusion = cls.env.ref("aftersales_service.exclusion_misuse")

    @classmethod
    def _lot(cls, name, start=None, factory=None, customer=None, **extra):
        vals = {
            "name": name,
            "product_id": cls.ac.id,
            "aftersales_customer_id": (customer or cls.customer).id,
            "aftersales_factory_date": factory,
            **extra,
        }
        if start:
            vals.update(
                aftersales_warranty_start=start,
                aftersales_warranty_start_source="card",
            )
        return cls.env["stock.lot"].create(vals)

    def _ticket(self, user=None, **vals):
        env = self.env(user=user) if user else self.env
        defaults = {
            "name": "Unit does not cool",
            "description": "<p>Blows warm air.</p>",
            "team_id": self.team.id,
            "partner_id": self.customer.id,
            "aftersales_lot_id": self.lot.id,
        }
        return env["helpdesk.ticket"].create({**defaults, **vals})

    @contextmanager
    def assertRefused(self, exception, text):
        """Odoo's assertRaises (it rolls back to a savepoint, so the test can
        check that nothing changed) plus a check of the message."""
        with self.assertRaises(exception) as caught:
            yield caught
        self.assertIn(text, str(caught.exception))
