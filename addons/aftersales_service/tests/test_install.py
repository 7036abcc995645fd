from odoo.tests import tagged

from .common import AftersalesCommon


@tagged("post_install", "-at_install")
class TestInstall(AftersalesCommon):
    def test_groups_chain_under_one_privilege(self):
        privilege = self.env.ref("aftersales_service.privilege_aftersales")
        technician = self.env.ref("aftersales_service.group_aftersales_technician")
        user = self.env.ref("aftersales_service.group_aftersales_user")
        dispatcher = self.env.ref("aftersales_service.group_aftersales_dispatcher")
        manager = self.env.ref("aftersales_service.group_aftersales_manager")
        groups = technician | user | dispatcher | manager
        self.assertEqual(groups.privilege_id, privilege)
        self.assertIn(technician, user.implied_ids)
        self.assertIn(user, dispatcher.implied_ids)
        self.assertIn(dispatcher, manager.implied_ids)
        self.assertTrue(
            self.manager.has_group("aftersales_service.group_aftersales_user")
        )
        self.assertFalse(
            self.technician.has_group("aftersales_service.group_aftersales_user")
        )

    def test_menus_visible_by_role(self):
        root = self.env.ref("aftersales_service.aftersales_menu_root")
        config = self.env.ref("aftersales_service.aftersales_menu_config")
        requests = self.env.ref("aftersales_service.helpdesk_ticket_menu")
        Menu = self.env["ir.ui.menu"]
        for user in (self.technician, self.desk, self.manager):
            visible = Menu.with_user(user)._visible_menu_ids()
            self.assertIn(root.id, visible, user.login)
            self.assertIn(requests.id, visible, user.login)
        self.assertNotIn(config.id, Menu.with_user(self.desk)._visible_menu_ids())
        self.assertIn(config.id, Menu.with_user(self.manager)._visible_menu_ids())
        internal = self.env["res.users"].create(
            {
                "name": "Plain",
                "login": "as_plain",
                "group_ids": [(6, 0, self.env.ref("base.group_user").ids)],
            }
        )
        self.assertNotIn(root.id, Menu.with_user(internal)._visible_menu_ids())

    def test_settings_have_regulation_defaults(self):
        company = self.env["res.company"].create({"name": "New Service Co"})
        self.assertEqual(company.aftersales_factory_grace_months, 3)
        self.assertEqual(company.aftersales_warranty_start_event, "delivery")
        self.assertEqual(company.aftersales_department_code, "SJ")
        settings = self.env["res.config.settings"].create({})
        self.assertEqual(settings.aftersales_factory_grace_months, 3)
