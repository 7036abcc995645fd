from odoo.tests import tagged

from odoo.addons.base.tests.common import BaseCommon


@tagged("post_install", "-at_install")
class TestPartsInstall(BaseCommon):
    def test_parts_menu_for_stock_clerks(self):
        menu = self.env.ref("aftersales_parts.aftersales_parts_menu")
        self.assertEqual(
            menu.parent_id, self.env.ref("aftersales_service.aftersales_menu_root")
        )
        self.assertEqual(menu.group_ids, self.env.ref("stock.group_stock_user"))
        module = self.env["ir.module.module"].search(
            [("name", "=", "aftersales_parts")]
        )
        self.assertEqual(module.state, "installed")
        self.assertIn("aftersales_service", module.dependencies_id.mapped("name"))
