import logging
import re
from collections import Counter
from contextlib import contextmanager
from datetime import date, datetime, timedelta
from unittest.mock import patch

from odoo.http import Request
from odoo.sql_db import Cursor
from odoo.tests import new_test_user

from odoo.addons.base.tests.common import BaseCommon

_logger = logging.getLogger(__name__)


def _query_shape(query):
    """A query without its values (ids, dates, lists of ids): the queries
    of two runs on other records compare by shape."""
    shape = re.sub(r"\d+", "0", query)
    return re.sub(r"0(, 0)+", "0", shape)[:200]


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

    @classmethod
    def _billing_setup(cls, threshold, accountant_login):
        """A chart of accounts, cost-plus pricing (40 %), the quote threshold
        and an accountant with Invoicing rights only."""
        if not cls.company.chart_template:
            cls.env["account.chart.template"].try_loading(
                "generic_coa", company=cls.company, install_demo=False
            )
        cls.company.write(
            {
                "aftersales_pricing_method": "cost_plus",
                "aftersales_quote_markup": 40.0,
                "aftersales_quote_threshold": threshold,
            }
        )
        cls.accountant = new_test_user(
            cls.env,
            login=accountant_login,
            groups="account.group_account_invoice",
            name="Accountant Qian",
        )

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

    def _count_queries(self, run, ignore=None):
        """The queries ``run()`` makes (flushed), less those matching the
        regular expression ``ignore``."""
        executed = []
        execute = Cursor.execute

        def spy(cr, query, params=None, log_exceptions=True):
            executed.append(str(query))
            return execute(cr, query, params, log_exceptions)

        # random: no bus garbage collection in the middle (as assertQueryCount)
        with patch.object(Cursor, "execute", spy), patch("random.random", lambda: 1):
            run()
            self.env.flush_all()
        pattern = re.compile(ignore) if ignore else None
        return [query for query in executed if not (pattern and pattern.search(query))]

    def assertQueriesFlat(
        self, make, run, count=3, factor=10, ignore=None, baseline=None, slack=10
    ):
        """``run(make(n))`` on ``count`` and ``factor`` times as many records
        takes no more queries: a query per record (a search or a write in a
        loop) fails it. Each run starts from an empty cache, as a cron does.
        ``ignore``: a regular expression of queries that are one per record by
        design (e.g. the PostgreSQL sequence of each numbering range).
        ``baseline(records)``: what Odoo itself does for the same records (e.g.
        create the invoices), subtracted, on another ``make(n)``: only what
        our code adds must not grow. ``slack``: the noise of Odoo's batching
        (a split prefetch, a savepoint); a query per record adds
        ``count * (factor - 1)``, 27 by default."""
        runs = []
        for size in (count, count * factor):
            records = make(size)
            self.env.flush_all()
            self.env.invalidate_all()
            runs.append(
                self._count_queries(lambda records=records: run(records), ignore=ignore)
            )
            if baseline:
                records = make(size)
                self.env.flush_all()
                self.env.invalidate_all()
                core = self._count_queries(
                    lambda records=records: baseline(records), ignore=ignore
                )
                runs[-1] = list(
                    (
                        Counter(map(_query_shape, runs[-1]))
                        - Counter(map(_query_shape, core))
                    ).elements()
                )
        counts = [len(queries) for queries in runs]
        _logger.info(
            "%s: %s queries for %s records, %s for %s",
            self.id(),
            counts[0],
            count,
            counts[1],
            count * factor,
        )
        if counts[1] > counts[0] + slack:
            # Name the queries that came more often: where the loop is.
            shapes = [Counter(map(_query_shape, queries)) for queries in runs]
            grown = "\n".join(
                f"{times - shapes[0][shape]:+d} x {shape}"
                for shape, times in shapes[1].most_common()
                if times > shapes[0][shape]
            )
            self.fail(
                f"{counts[0]} queries for {count} records but {counts[1]} for "
                f"{count * factor}: a query per record. More often:\n{grown}"
            )
        return counts

    @contextmanager
    def assertRefused(self, exception, text):
        """Odoo's assertRaises (it rolls back to a savepoint, so the test can
        check that nothing changed) plus a check of the message."""
        with self.assertRaises(exception) as caught:
            yield caught
        self.assertIn(text, str(caught.exception))


class AftersalesDispatchCommon(AftersalesCommon):
    """A team calendar (Mon-Fri 8-12, 13-17 UTC, a public holiday), zones,
    technician profiles with skills, a dispatcher and a manager on the team."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.calendar = cls.env["resource.calendar"].create(
            {
                "name": "Service hours",
                "tz": "UTC",
                "attendance_ids": [
                    (0, 0, {**slot, "dayofweek": str(day), "name": f"{day}{part}"})
                    for day in range(5)
                    for part, slot in (
                        (
                            "am",
                            {"hour_from": 8, "hour_to": 12, "day_period": "morning"},
                        ),
                        (
                            "pm",
                            {"hour_from": 13, "hour_to": 17, "day_period": "afternoon"},
                        ),
                    )
                ],
            }
        )
        # Monday 23 November 2026 is a public holiday in these tests.
        cls.env["resource.calendar.leaves"].create(
            {
                "name": "Public holiday",
                "calendar_id": cls.calendar.id,
                "date_from": datetime(2026, 11, 23, 0, 0),
                "date_to": datetime(2026, 11, 23, 23, 59, 59),
            }
        )
        Zone = cls.env["aftersales.service.zone"]
        cls.zone_city = Zone.create({"name": "Downtown", "zone_type": "city"})
        cls.zone_suburb = Zone.create({"name": "Suburbs", "zone_type": "suburb"})
        cls.zone_remote = Zone.create({"name": "Mountains", "zone_type": "remote"})
        cls.technician_2 = new_test_user(
            cls.env,
            login="as_tech2",
            groups="aftersales_service.group_aftersales_technician",
            name="Tech Wu",
        )
        cls.team.write(
            {
                "aftersales_calendar_id": cls.calendar.id,
                "aftersales_dispatcher_id": cls.dispatcher.id,
                "aftersales_manager_id": cls.manager.id,
                "user_ids": [(4, cls.dispatcher.id), (4, cls.technician_2.id)],
            }
        )
        Technician = cls.env["aftersales.technician"]
        cls.profile = Technician.create(
            {
                "user_id": cls.technician.id,
                "categ_ids": [(6, 0, cls.categ_ac.ids)],
                "zone_ids": [(6, 0, cls.zone_city.ids)],
                "calendar_id": cls.calendar.id,
            }
        )
        cls.profile_2 = Technician.create(
            {
                "user_id": cls.technician_2.id,
                "zone_ids": [(6, 0, cls.zone_suburb.ids)],
                "calendar_id": cls.calendar.id,
            }
        )

    def _visit(self, ticket, start=None, hours=2, user=None, **vals):
        start = start or datetime(2030, 1, 8, 9, 0)
        # A visit as dispatched (the dispatch rules have their own tests).
        return self.env["aftersales.visit"]._aftersales_create(
            [
                {
                    "ticket_id": ticket.id,
                    "user_id": (user or self.technician).id,
                    "planned_start": start,
                    "planned_end": start + timedelta(hours=hours),
                    **vals,
                }
            ]
        )


class AftersalesPortalMixin:
    """For HttpCase classes on the portal (with AftersalesCommon): a portal
    user at each customer company (``portal_a`` at ``customer``,
    ``portal_b`` at ``other_customer``), and a form POST with its CSRF
    token."""

    @classmethod
    def _aftersales_portal_users(cls, login, name_a, name_b):
        """``portal_a`` and ``portal_b``, logins ``<login>_a`` and
        ``<login>_b`` (each also their password)."""
        for user_field, suffix, name, company in (
            ("portal_a", "a", name_a, cls.customer),
            ("portal_b", "b", name_b, cls.other_customer),
        ):
            user = new_test_user(
                cls.env,
                login=f"{login}_{suffix}",
                groups="base.group_portal",
                name=name,
            )
            user.partner_id.parent_id = company
            setattr(cls, user_field, user)

    def _post(self, url, data, files=None):
        return self.url_open(
            url,
            data={**data, "csrf_token": Request.csrf_token(self)},
            files=files,
            allow_redirects=False,
        )
