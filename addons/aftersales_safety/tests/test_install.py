from odoo.tests import new_test_user, tagged

from odoo.addons.base.tests.common import BaseCommon


@tagged("post_install", "-at_install")
class TestSafetyInstall(BaseCommon):
    def test_safety_officer_group_and_menu(self):
        group = self.env.ref("aftersales_safety.group_aftersales_safety_officer")
        self.assertEqual(
            group.privilege_id, self.env.ref("aftersales_service.privilege_aftersales")
        )
        officer = new_test_user(
            self.env,
            login="as_safety",
            groups="aftersales_safety.group_aftersales_safety_officer",
        )
        technician = new_test_user(
            self.env,
            login="as_safety_tech",
            groups="aftersales_service.group_aftersales_technician",
        )
        self.assertTrue(
            officer.has_group("aftersales_service.group_aftersales_technician")
        )
        menu = self.env.ref("aftersales_safety.aftersales_safety_menu")
        Menu = self.env["ir.ui.menu"]
        # the Safety menu has no action of its own yet: it shows once the
        # safety records give it children; its group decides who may see it
        self.assertEqual(menu.group_ids, group)
        self.assertTrue(
            officer.has_group("aftersales_safety.group_aftersales_safety_officer")
        )
        self.assertFalse(
            technician.has_group("aftersales_safety.group_aftersales_safety_officer")
        )
        self.assertIn(
            self.env.ref("aftersales_service.aftersales_menu_root").id,
            Menu.with_user(officer)._visible_menu_ids(),
        )
