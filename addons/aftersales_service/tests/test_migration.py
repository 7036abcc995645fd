import importlib.util
from datetime import datetime, timedelta

from freezegun import freeze_time

from odoo.modules.module import get_module_path
from odoo.tests import tagged
from odoo.tools import SQL

from .common import AftersalesDispatchCommon


def load_migration(version, step):
    path = f"{get_module_path('aftersales_service')}/migrations/{version}/{step}.py"
    name = f"odoo.addons.aftersales_service.migrations.{step.replace('-', '_')}"
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@tagged("post_install", "-at_install")
class TestNumberingMigration(AftersalesDispatchCommon):
    """19.0.1.1.0 on data the old numbering left: a request number given twice
    (two teams with the same code) and a visit number given again after a
    deletion. The test drops the new constraints inside its transaction to
    write that data, as it was before the update."""

    def _drop_constraints(self):
        self.env.flush_all()
        for table, name in (
            ("helpdesk_ticket", "helpdesk_ticket_aftersales_number_unique"),
            ("aftersales_visit", "aftersales_visit_name_unique"),
        ):
            self.env.cr.execute(
                SQL(
                    "ALTER TABLE %s DROP CONSTRAINT %s",
                    SQL.identifier(table),
                    SQL.identifier(name),
                )
            )

    def test_numbers_given_twice_are_made_unique(self):
        start = datetime(2030, 1, 8, 9, 0)
        with freeze_time("2026-11-05"):
            first, second = self._ticket(), self._ticket()
        signed_v1 = self._visit(first, start=start)
        v2 = self._visit(first, start=start + timedelta(days=1))
        reused = self._visit(first, start=start + timedelta(days=2))
        other = self._visit(second, start=start + timedelta(days=3))
        self._drop_constraints()
        number = first.number
        self.env.cr.execute(
            SQL(
                "UPDATE helpdesk_ticket SET number = %s WHERE id = %s",
                number,
                second.id,
            )
        )
        for visit, name in (
            (signed_v1, f"{number}-V1"),
            (v2, f"{number}-V2"),
            (reused, f"{number}-V2"),
            (other, f"{number}-V1"),
        ):
            self.env.cr.execute(
                SQL(
                    "UPDATE aftersales_visit SET name = %s, signed_at = %s "
                    "WHERE id = %s",
                    name,
                    "2030-01-08" if visit in (signed_v1, reused) else None,
                    visit.id,
                )
            )
        with self.assertLogs(
            "odoo.addons.aftersales_service.migrations", "WARNING"
        ) as logs:
            load_migration("19.0.1.1.0", "pre-migrate").migrate(
                self.env.cr, "19.0.1.0.0"
            )
        self.env.invalidate_all()
        self.assertEqual(first.number, number)
        self.assertEqual(second.number, f"{number}-2")
        self.assertEqual(signed_v1.name, f"{number}-V1")
        # Of two V2, the signed one keeps its number; the other gets the next.
        self.assertEqual(reused.name, f"{number}-V2")
        self.assertEqual(v2.name, f"{number}-V3")
        # The other request's visit follows its new number.
        self.assertEqual(other.name, f"{number}-2-V1")
        self.assertEqual(len(logs.output), 3)

        load_migration("19.0.1.1.0", "post-migrate").migrate(self.env.cr, "19.0.1.0.0")
        self.env.invalidate_all()
        self.assertEqual(first.aftersales_visit_number, 3)
        self.assertEqual(self._visit(first).name, f"{number}-V4")


@tagged("post_install", "-at_install")
class TestEventMigration(AftersalesDispatchCommon):
    """19.0.1.2.0: a deadline's Reached comes from its ticket's event. Before,
    it was written beside it, and a deadline made after the event (a policy
    changed after the first response) was left running."""

    def test_reached_computed_from_ticket(self):
        ticket = self._ticket()
        answered = datetime(2026, 11, 2, 9, 30)
        ticket._aftersales_reach("response", answered)
        line = ticket.aftersales_deadline_ids.filtered(lambda d: d.kind == "response")
        self.assertEqual(line.reached_at, answered)
        # As the old code left a line made after the event.
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                "UPDATE aftersales_ticket_deadline SET reached_at = NULL, "
                "state = 'running', deadline = %s WHERE id = %s",
                answered + timedelta(hours=24),
                line.id,
            )
        )
        self.env.invalidate_all()
        self.assertFalse(line.reached_at)
        load_migration("19.0.1.2.0", "post-migrate").migrate(self.env.cr, "19.0.1.1.0")
        self.env.invalidate_all()
        self.assertEqual(line.reached_at, answered)
        self.assertEqual(line.state, "met")
