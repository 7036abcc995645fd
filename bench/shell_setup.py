"""The set-up shared by the benchmarks that run inside ``odoo-bin shell``
(``run.py`` feeds them on stdin and names this folder in ``BENCH_DIR``):

    sys.path.insert(0, os.environ["BENCH_DIR"])
    from shell_setup import Setup

    setup = Setup(env, "pm", default_size=10000)
    ids = setup.create_in_batches(lambda start, count: ...records...)

BENCH_N (the size) comes from the environment. Records are made with
tracking and creation messages off (``setup.env``); the cron under test runs
in the shell's own environment (``setup.cron_env``). The set-up is committed:
the database is throwaway.
"""

import os
import time


class Setup:
    def __init__(self, env, name, default_size, batch=1000):
        self.total = int(os.environ.get("BENCH_N", str(default_size)))
        self.batch = batch
        self.cron_env = env
        self.env = env(
            context=dict(env.context, tracking_disable=True, mail_create_nolog=True)
        )
        self.prefix = f"{name}_{self.total}"  # the figures' names
        self.tag = f"{self.total}-{int(time.time())}"  # unique record names
        self.started = time.perf_counter()
        self.elapsed = None

    def create_in_batches(self, create):
        """``create(start, count)`` for each batch of ``self.batch`` up to the
        size, each flushed and dropped from the cache; then commit. The ids
        of the records the calls returned; ``elapsed`` is the set-up's time."""
        ids = []
        for start in range(0, self.total, self.batch):
            ids += create(start, min(self.batch, self.total - start)).ids
            self.env.flush_all()
            self.env.invalidate_all()
        self.env.cr.commit()
        self.elapsed = time.perf_counter() - self.started
        return ids

    def measure_batches(self, model, method):
        """Wrap ``model``'s ``method`` (one batch of a cron) so that each call
        appends (records, results, queries, seconds) to the list returned;
        ``del type(model).<method>`` restores it."""
        cls = type(model)
        original = getattr(cls, method)
        batches = []

        def measured(records, *args, **kwargs):
            cr = records.env.cr
            before, started = cr.sql_log_count, time.perf_counter()
            result = original(records, *args, **kwargs)
            batches.append(
                (
                    len(records),
                    len(result),
                    cr.sql_log_count - before,
                    time.perf_counter() - started,
                )
            )
            return result

        setattr(cls, method, measured)
        return batches
