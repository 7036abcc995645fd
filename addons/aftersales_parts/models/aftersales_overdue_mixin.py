import logging

from odoo import api, fields, models

_logger = logging.getLogger(__name__)


class AftersalesOverdueMixin(models.AbstractModel):
    """Something of a company due back by a date (a defective part, a loaner
    unit), with its chatter and its protected fields: once overdue, a daily
    cron gives the person who must bring it back a to-do, once; the to-do is
    marked done when it comes back or is closed otherwise. The models set
    ``_check_company_auto`` and their ``state``, ``due_date`` and ``overdue``."""

    _name = "aftersales.overdue.mixin"
    _description = "Due Back by a Date"
    _inherit = ["mail.thread", "mail.activity.mixin", "aftersales.protected.mixin"]

    # The state while the thing is still out; set by the models.
    _aftersales_open_state = None
    _aftersales_overdue_batch = 500

    company_id = fields.Many2one(
        comodel_name="res.company",
        required=True,
        index=True,
        default=lambda self: self.env.company,
    )
    overdue_notified = fields.Boolean(
        string="Overdue To-Do Given",
        copy=False,
        readonly=True,
        help="The responsible person got a to-do when this became overdue.",
    )

    # The models declare ``overdue = fields.Boolean(compute="_compute_overdue",
    # search="_search_overdue")`` next to their own ``state`` and ``due_date``.
    @api.depends("state", "due_date")
    def _compute_overdue(self):
        today = fields.Date.context_today(self)
        for record in self:
            record.overdue = (
                record.state == self._aftersales_open_state and record.due_date < today
            )

    def _search_overdue(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            return NotImplemented
        today = fields.Date.context_today(self)
        open_state = self._aftersales_open_state
        if (operator == "=") == value:
            return [("state", "=", open_state), ("due_date", "<", today)]
        return ["|", ("state", "!=", open_state), ("due_date", ">=", today)]

    def _aftersales_overdue_user(self):
        """Who gets the to-do."""
        raise NotImplementedError

    def _aftersales_overdue_summary(self):
        raise NotImplementedError

    def write(self, vals):
        if "due_date" in vals:
            # A new due date: a new to-do if that one is missed too.
            vals = {**vals, "overdue_notified": False}
        result = super().write(vals)
        if "state" in vals and vals["state"] != self._aftersales_open_state:
            self._aftersales_close_overdue_activities()
        elif "due_date" in vals:
            self.filtered(
                lambda record: not record.overdue
            )._aftersales_close_overdue_activities()
        return result

    def _aftersales_close_overdue_activities(self):
        bring_back = self._aftersales_bring_back()
        activities = self.sudo().activity_ids.filtered(
            lambda activity: activity.activity_type_id == bring_back
        )
        if activities:
            activities.action_feedback(
                feedback=self.env._("Closed: no longer overdue.")
            )

    def _aftersales_bring_back(self):
        return self.env.ref("aftersales_parts.mail_activity_type_bring_back")

    @api.model
    def _cron_aftersales_overdue(self):
        """Daily: a to-do per newly overdue record, in committed batches; a
        record that fails is logged and skipped (not marked as notified), so
        the next run tries it again."""
        domain = [("overdue", "=", True), ("overdue_notified", "=", False)]
        records_sudo = self.sudo()
        self.env["ir.cron"]._aftersales_run_batches(
            records_sudo,
            domain,
            lambda records: records._aftersales_notify_overdue(),
            self._aftersales_overdue_batch,
            total=records_sudo.search_count(domain),
        )

    def _aftersales_notify_overdue(self):
        todo = self._aftersales_bring_back()
        model_id = self.env["ir.model"]._get_id(self._name)
        vals_list = []
        for record in self:
            user = record._aftersales_overdue_user()
            if not user:
                _logger.info("%s is overdue but nobody is responsible", record)
                continue
            vals_list.append(
                {
                    "res_model_id": model_id,
                    "res_id": record.id,
                    "activity_type_id": todo.id,
                    "user_id": user.id,
                    # In the language of whoever reads it.
                    "summary": record.with_context(
                        lang=user.lang
                    )._aftersales_overdue_summary()[:250],
                    "date_deadline": fields.Date.context_today(record),
                }
            )
        self.env["mail.activity"]._aftersales_create_quietly(vals_list)
        self.write({"overdue_notified": True})
