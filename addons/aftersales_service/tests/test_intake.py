from datetime import date
from unittest.mock import patch

from freezegun import freeze_time
from psycopg2 import IntegrityError

from odoo import Command
from odoo.exceptions import AccessError, ValidationError
from odoo.tests import Form, tagged
from odoo.tools import mute_logger

from .common import AftersalesCommon


@tagged("post_install", "-at_install")
class TestNumbering(AftersalesCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # Numbers run per company and code: a company of its own keeps the
        # demo requests (SJ numbers of the current month) out of the count.
        company = cls.env["res.company"].create({"name": "Numbering Co"})
        (cls.env.user | cls.desk).write(
            {"company_ids": [Command.link(company.id)], "company_id": company.id}
        )
        cls.env = cls.env(
            context=dict(cls.env.context, allowed_company_ids=[company.id])
        )
        cls.company = company
        cls.team.company_id = company
        cls.lot = cls.env["stock.lot"].create(
            {"name": "NUM-0001", "product_id": cls.ac.id, "company_id": company.id}
        )

    def test_department_code_month_and_restart(self):
        with freeze_time("2026-11-05"):
            first = self._ticket(self.desk)
            second = self._ticket(self.desk)
        with freeze_time("2026-12-01"):
            december = self._ticket(self.desk)
        self.assertEqual(first.number, "SJ-2611-01")
        self.assertEqual(second.number, "SJ-2611-02")
        self.assertEqual(december.number, "SJ-2612-01")

    def test_hundredth_number_does_not_wrap(self):
        with freeze_time("2026-11-05"):
            self._ticket()
            date_range = self.team.aftersales_sequence_id.date_range_ids.filtered(
                lambda r: r.date_from <= date(2026, 11, 5) <= r.date_to
            )
            self.assertEqual(date_range.date_from, date(2026, 11, 1))
            self.assertEqual(date_range.date_to, date(2026, 11, 30))
            date_range.number_next_actual = 100
            ticket = self._ticket()
        self.assertEqual(ticket.number, "SJ-2611-100")

    def test_code_change_and_bad_code(self):
        self.team.aftersales_department_code = "WX"
        with freeze_time("2026-11-05"):
            self.assertTrue(self._ticket().number.startswith("WX-2611-"))
        with self.assertRefused(ValidationError, "department code"):
            self.team.aftersales_department_code = "W X!"
        self.assertEqual(self.team.aftersales_department_code, "WX")

    def test_team_without_code_uses_company_code(self):
        team = self.env["helpdesk.ticket.team"].create({"name": "Plain"})
        with freeze_time("2026-11-05"):
            self.assertEqual(self._ticket(team_id=team.id).number, "SJ-2611-01")
            self.company.aftersales_department_code = "KF"
            # KF's own first request of the month (numbers run per code).
            self.assertEqual(self._ticket(team_id=team.id).number, "KF-2611-01")
            no_team = self._ticket(team_id=False)
        self.assertFalse(no_team.number.startswith(("SJ-", "KF-")))

    def test_teams_sharing_a_code_share_its_numbers(self):
        Team = self.env["helpdesk.ticket.team"]
        own_sj = Team.create(
            {"name": "Compressors", "aftersales_department_code": "sj"}
        )
        default_sj = Team.create({"name": "Front desk"})
        self.assertEqual(
            own_sj.aftersales_sequence_id | default_sj.aftersales_sequence_id,
            self.team.aftersales_sequence_id,
        )
        with freeze_time("2026-11-05"):
            numbers = [
                self._ticket(team_id=team.id).number
                for team in (self.team, own_sj, default_sj, self.team)
            ]
        self.assertEqual(
            numbers, ["SJ-2611-01", "SJ-2611-02", "SJ-2611-03", "SJ-2611-04"]
        )

    def test_numbering_made_before_the_first_request(self):
        with freeze_time("2026-11-05"):
            team = self.env["helpdesk.ticket.team"].create(
                {"name": "Boilers", "aftersales_department_code": "GL"}
            )
        sequence = team.aftersales_sequence_id
        self.assertEqual(sequence.aftersales_ticket_code, "GL")
        self.assertEqual(sequence.company_id, self.company)
        self.assertEqual(
            sequence.date_range_ids.sorted("date_from").mapped(
                lambda r: (r.date_from, r.date_to)
            ),
            [
                (date(2026, 11, 1), date(2026, 11, 30)),
                (date(2026, 12, 1), date(2026, 12, 31)),
            ],
        )
        # The daily job prepares the next month ahead, once.
        cron = type(self.env["ir.cron"])
        with (
            freeze_time("2026-12-20"),
            patch.object(cron, "_commit_progress", return_value=1.0) as progress,
        ):
            self.env["ir.sequence"]._cron_aftersales_prepare_ranges()
            self.env["ir.sequence"]._cron_aftersales_prepare_ranges()
        self.assertEqual(progress.call_count, 2)
        self.assertEqual(
            sequence.date_range_ids.sorted("date_from")[-1].date_from, date(2027, 1, 1)
        )
        self.assertEqual(len(sequence.date_range_ids), 3)

    def test_numbers_continue_after_those_already_given(self):
        """A code used again (or requests numbered before the shared
        sequences) goes on after the company's highest number of the month."""
        with freeze_time("2026-11-05"):
            self._ticket(number="QA-2611-07")
            team = self.env["helpdesk.ticket.team"].create(
                {"name": "Quality", "aftersales_department_code": "QA"}
            )
            self.assertEqual(self._ticket(team_id=team.id).number, "QA-2611-08")

    def test_number_unique_per_company(self):
        with freeze_time("2026-11-05"):
            first = self._ticket()
            with self.assertRaises(IntegrityError), mute_logger("odoo.sql_db"):
                self._ticket(number=first.number)


@tagged("post_install", "-at_install")
@freeze_time("2026-11-20")
class TestIntake(AftersalesCommon):
    def test_serial_fills_product_and_customer(self):
        form = Form(self.env["helpdesk.ticket"].with_user(self.desk))
        form.name = "Noise"
        form.description = "<p>Loud</p>"
        form.team_id = self.team
        form.aftersales_lot_id = self.lot
        self.assertEqual(form.aftersales_product_id, self.ac)
        self.assertEqual(form.partner_id, self.customer)
        form.aftersales_failure_date = date(2025, 12, 1)
        ticket = form.save()
        self.assertEqual(ticket.aftersales_coverage, "free")
        self.assertEqual(ticket.aftersales_site_partner_id, self.customer)

    def test_serial_of_other_customer_warns_without_change(self):
        form = Form(self.env["helpdesk.ticket"].with_user(self.desk))
        form.name = "Noise"
        form.description = "<p>Loud</p>"
        form.partner_id = self.other_customer
        with self.assertLogs("odoo.tests.form.onchange", "WARNING") as logs:
            form.aftersales_lot_id = self.lot
        self.assertIn("belongs to Sunrise Hotel", logs.output[0])
        self.assertEqual(form.partner_id, self.other_customer)
        self.assertIn("belongs to", form.aftersales_lot_warning)
        ticket = form.save()
        self.assertEqual(ticket.partner_id, self.other_customer)
        self.assertEqual(self.lot.aftersales_customer_id, self.customer)

    def test_email_detects_known_serial(self):
        ticket = self.env["helpdesk.ticket"].message_new(
            {
                "subject": "Broken unit AC-0001 please help",
                "body": "<p>It stopped.</p>",
                "from": "zhou@example.com",
            },
            {"team_id": self.team.id},
        )
        self.assertEqual(ticket.aftersales_lot_id, self.lot)
        self.assertEqual(ticket.aftersales_product_id, self.ac)
        unknown = self.env["helpdesk.ticket"].message_new(
            {"subject": "Broken", "body": "<p>serial XYZ-999</p>", "from": "a@b.c"},
            {"team_id": self.team.id},
        )
        self.assertFalse(unknown.aftersales_lot_id)

    def test_repeat_repair_flag_and_counts(self):
        first = self._ticket(
            aftersales_failure_date=date(2026, 9, 1),
            aftersales_component_id=self.compressor.id,
        )
        second = self._ticket(
            aftersales_failure_date=date(2026, 10, 1),
            aftersales_component_id=self.compressor.id,
        )
        other_part = self._ticket(
            aftersales_failure_date=date(2026, 10, 2),
            aftersales_component_id=self.fan.id,
        )
        self.assertFalse(first.aftersales_repeat)
        self.assertTrue(second.aftersales_repeat)
        self.assertFalse(other_part.aftersales_repeat)
        self.assertEqual(self.lot.aftersales_repair_count, 3)
        self.assertEqual(self.lot.aftersales_repeat_repair_count, 1)
        self.company.aftersales_repeat_repair_days = 10
        late = self._ticket(
            aftersales_failure_date=date(2026, 11, 1),
            aftersales_component_id=self.compressor.id,
        )
        self.assertFalse(late.aftersales_repeat)

    def test_customer_file(self):
        own = self._ticket(partner_id=self.customer_contact.id)
        other = self._ticket(
            partner_id=self.other_customer.id,
            aftersales_lot_id=self._lot("AC-9", customer=self.other_customer).id,
        )
        action = self.customer.with_user(self.desk).action_aftersales_service_history()
        found = self.env["helpdesk.ticket"].search(action["domain"])
        self.assertIn(own, found)
        self.assertNotIn(other, found)
        unit_action = own.action_aftersales_customer_file()
        self.assertIn(own, self.env["helpdesk.ticket"].search(unit_action["domain"]))
        self.assertEqual(self.customer.aftersales_lot_count, 1)


@tagged("post_install", "-at_install")
@freeze_time("2026-11-20")
class TestAccess(AftersalesCommon):
    def test_technician_reads_lot_cannot_edit(self):
        # A technician reads a customer's unit once sent on a job for it.
        self._ticket(user_id=self.technician.id)
        lot = self.lot.with_user(self.technician)
        self.assertEqual(lot.aftersales_warranty_start, date(2025, 1, 15))
        with self.assertRaises(AccessError):
            lot.aftersales_serial_condition = "altered"

    def test_desk_registers_customer_unit(self):
        lot = (
            self.env["stock.lot"]
            .with_user(self.desk)
            .create(
                {
                    "name": "AC-NEW",
                    "product_id": self.ac.id,
                    "aftersales_factory_date": date(2026, 1, 1),
                    "aftersales_customer_id": self.customer.id,
                }
            )
        )
        self.assertEqual(lot.aftersales_warranty_start, date(2026, 4, 1))

    def test_exclusions_configured_by_manager_only(self):
        with self.assertRaises(AccessError):
            self.env["aftersales.exclusion"].with_user(self.dispatcher).create(
                {"name": "Rodents", "code": "RAT"}
            )
        self.env["aftersales.exclusion"].with_user(self.manager).create(
            {"name": "Rodents", "code": "RAT"}
        )

    def test_portal_sees_only_own_contracts(self):
        self.portal_user.partner_id.parent_id = self.customer
        Contract = self.env["aftersales.contract"]
        mine = Contract.create(
            {
                "partner_id": self.customer.id,
                "date_start": date(2026, 1, 1),
                "date_end": date(2026, 12, 31),
            }
        )
        theirs = Contract.create(
            {
                "partner_id": self.other_customer.id,
                "date_start": date(2026, 1, 1),
                "date_end": date(2026, 12, 31),
            }
        )
        visible = Contract.with_user(self.portal_user).search([])
        self.assertIn(mine, visible)
        self.assertNotIn(theirs, visible)

    def test_multi_company_contract_isolation(self):
        other_company = self.env["res.company"].create({"name": "Mining Service Co"})
        contract = (
            self.env["aftersales.contract"]
            .with_company(other_company)
            .create(
                {
                    "partner_id": self.customer.id,
                    "company_id": other_company.id,
                    "date_start": date(2026, 1, 1),
                    "date_end": date(2026, 12, 31),
                }
            )
        )
        visible = self.env["aftersales.contract"].with_user(self.manager).search([])
        self.assertNotIn(contract, visible)
