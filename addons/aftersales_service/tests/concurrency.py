import logging
import threading
from functools import partial
from unittest.mock import patch

import odoo
from odoo import api
from odoo.modules.registry import DummyRLock, Registry
from odoo.service.model import retrying
from odoo.tools import mute_logger

_logger = logging.getLogger(__name__)


class ConcurrentClients:
    """Mixin for TransactionCase: several real database connections, each in
    its own thread, doing the same thing at the same moment, as RPC clients
    would. Each call runs through ``odoo.service.model.retrying`` like an
    RPC call does: a serialization failure or a ``ConcurrencyError`` rolls
    back and runs the call again, the success commits. Data committed this
    way must be removed by the test."""

    def _connection(self):
        cr = odoo.sql_db.db_connect(self.env.cr.dbname).cursor()
        cr.execute("SET lock_timeout = '20s'")
        return cr, api.Environment(cr, odoo.SUPERUSER_ID, {"tracking_disable": True})

    def _at_once(self, work, clients=4):
        """Run ``work(env)`` in ``clients`` transactions at once; returns
        their results and how many attempts they needed in all."""
        barrier = threading.Barrier(clients)
        results = [None] * clients
        errors = []
        attempts = []

        def attempt(env):
            attempts.append(1)
            return work(env)

        # Environments are made here: making the first one of a cursor looks
        # up the registry, whose lock the test runner holds.
        connections = [self._connection() for _index in range(clients)]

        def client(index):
            cr, env = connections[index]
            try:
                barrier.wait(timeout=30)
                results[index] = retrying(partial(attempt, env), env)
            except Exception as error:  # reported by the test below
                _logger.info("Concurrent client %s failed", index, exc_info=True)
                errors.append(error)
            finally:
                cr.rollback()
                cr.close()

        threads = [
            threading.Thread(target=client, args=(index,), name=f"client-{index}")
            for index in range(clients)
        ]
        # The test runner holds the registry lock, which ``retrying`` takes to
        # reset a failed transaction: no lock, as Odoo's HttpCase does. The
        # conflicts are expected; PostgreSQL's complaints about them are muted.
        with patch.object(Registry, "_lock", DummyRLock()), mute_logger("odoo.sql_db"):
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join(timeout=120)
        self.assertFalse(
            any(thread.is_alive() for thread in threads), "no client hangs"
        )
        self.assertFalse(errors, "every client succeeds, retried if needed")
        _logger.info("%s clients at once: %s attempts", clients, len(attempts))
        return results, len(attempts)
