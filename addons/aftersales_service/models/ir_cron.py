import logging

from odoo import api, models

_logger = logging.getLogger(__name__)


class IrCron(models.Model):
    """One way for every after-sales cron to work through records: committed
    batches reported through the cron progress API, and one bad record
    logged and skipped, never stopping the run nor marked as done."""

    _inherit = "ir.cron"

    @api.model
    def _aftersales_run_guarded(self, records, process):
        """``process(records)`` in a savepoint; if it fails, again record by
        record, each in its own savepoint. A record that still fails is logged
        and rolled back (whatever ``process`` marks on it is not kept).
        Returns the records that failed."""
        if not records:
            return records
        try:
            with self.env.cr.savepoint():
                process(records)
            return records.browse()
        except Exception:  # pylint: disable=broad-except
            _logger.info(
                "%s: batch of %s records failed; retrying one by one",
                records._name,
                len(records),
            )
        failed_ids = []
        for record in records:
            try:
                with self.env.cr.savepoint():
                    process(record)
            except Exception:  # pylint: disable=broad-except
                _logger.exception("%s skipped: it failed", record)
                failed_ids.append(record.id)
        return records.browse(failed_ids)

    @api.model
    def _aftersales_run_batches(
        self, records_model, domain, process, batch_size, order=None, total=None
    ):
        """Search ``domain`` by ``batch_size``, ``process`` each batch through
        ``_aftersales_run_guarded`` and commit the progress after each batch.
        ``process`` must take the records it handled out of ``domain`` (mark
        them done); failed records are left out of the next searches.

        ``total``: the number of records to report as remaining at the start
        (the remaining count is then given with each batch); without it, the
        caller has reported the total and each batch decrements it.

        Returns ``(failed records, complete)``; ``complete`` is False when
        the cron ran out of time and stopped before the end."""
        failed = records_model.browse()
        processed = 0
        while True:
            batch = records_model.search(
                domain + [("id", "not in", failed.ids)], limit=batch_size, order=order
            )
            if not batch:
                return failed, True
            failed |= self._aftersales_run_guarded(batch, process)
            processed += len(batch)
            if total is None:
                time_left = self._commit_progress(len(batch))
            else:
                time_left = self._commit_progress(
                    len(batch), remaining=max(total - processed, 0)
                )
            if not time_left:
                return failed, False

    @api.model
    def _aftersales_run_jobs(self, records_model, jobs, batch_size=None):
        """Run ``jobs``, ``[(domain, process), ...]`` on ``records_model``,
        one after the other through ``_aftersales_run_batches`` (by
        ``batch_size``; default: parameter
        ``aftersales_service.deadline_cron_batch``, 500). The progress counts
        the records of every job first; when the cron runs out of time, the
        jobs left wait for its next run. Returns the records that failed."""
        batch_size = batch_size or int(
            self.env["ir.config_parameter"]
            .sudo()
            .get_param("aftersales_service.deadline_cron_batch", 500)
        )
        self._commit_progress(
            remaining=sum(records_model.search_count(domain) for domain, _p in jobs)
        )
        failed = records_model.browse()
        for domain, process in jobs:
            job_failed, complete = self._aftersales_run_batches(
                records_model, domain, process, batch_size
            )
            failed |= job_failed
            if not complete:
                break
        return failed
