from collections import defaultdict
from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..rules import pm

PM_LEVELS = [
    ("routine", "Routine (operator)"),
    ("level1", "Level 1"),
    ("level2", "Level 2"),
    ("level3", "Level 3"),
    ("seasonal", "Seasonal"),
]
# Levels 1-3 replace one another (a level-2 保养 includes level 1's tasks);
# seasonal work stands on its own; routine checks are the operator's own,
# recorded by the customer, never a request.
LEVEL_RANK = {"level1": 1, "level2": 2, "level3": 3}
INTERVAL_UNITS = [("days", "Days"), ("months", "Months"), ("hours", "Running Hours")]
TASK_TYPES = [
    ("clean", "Clean"),
    ("inspect", "Inspect"),
    ("tighten", "Tighten"),
    ("lubricate", "Lubricate"),
    ("adjust", "Adjust"),
    ("test", "Test"),
    ("replenish", "Replenish"),
]
PERFORMERS = [
    ("operator", "Operator"),
    ("mechanic", "Mechanic"),
    ("specialist", "Certified Specialist"),
]


class AftersalesPmPlan(models.Model):
    """A preventive maintenance (保养) plan: for one unit, or for every unit
    of a product or category under a contract, its levels with their
    intervals and tasks."""

    _name = "aftersales.pm.plan"
    _description = "Preventive Maintenance Plan"
    _inherit = ["mail.thread"]
    _order = "name, id"
    _check_company_auto = True

    name = fields.Char(required=True, tracking=True)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        comodel_name="res.company",
        required=True,
        default=lambda self: self.env.company,
        index=True,
    )
    contract_id = fields.Many2one(
        comodel_name="aftersales.contract",
        check_company=True,
        tracking=True,
        index=True,
        help="The contract whose terms the maintenance requests follow.",
    )
    partner_id = fields.Many2one(
        comodel_name="res.partner",
        string="Customer",
        compute="_compute_partner_id",
        store=True,
        readonly=False,
        precompute=True,
        required=True,
        check_company=True,
        index=True,
    )
    team_id = fields.Many2one(
        comodel_name="helpdesk.ticket.team",
        required=True,
        check_company=True,
        help="The team whose dispatchers plan the maintenance visits.",
    )
    lot_id = fields.Many2one(
        comodel_name="stock.lot",
        string="Unit",
        check_company=True,
        index=True,
        help="One unit. Empty: every unit of the product or category the "
        "customer owns.",
    )
    product_id = fields.Many2one(comodel_name="product.product", check_company=True)
    categ_id = fields.Many2one(comodel_name="product.category", string="Category")
    level_ids = fields.One2many(
        comodel_name="aftersales.pm.level", inverse_name="plan_id", string="Levels"
    )
    due_ids = fields.One2many(
        comodel_name="aftersales.pm.due", inverse_name="plan_id", string="Schedule"
    )
    checked_on = fields.Date(
        string="Scheduled On",
        readonly=True,
        copy=False,
        index=True,
        help="The day the cron last generated this plan's requests.",
    )

    @api.depends("contract_id", "lot_id")
    def _compute_partner_id(self):
        for plan in self:
            plan.partner_id = (
                plan.contract_id.partner_id
                or plan.lot_id.aftersales_customer_id
                or plan.partner_id
            )

    @api.constrains("lot_id", "product_id", "categ_id")
    def _check_scope(self):
        for plan in self:
            if not (plan.lot_id or plan.product_id or plan.categ_id):
                raise ValidationError(
                    self.env._(
                        "Plan %(plan)s applies to nothing: choose a unit, a "
                        "product or a product category.",
                        plan=plan.name,
                    )
                )
            if not plan.lot_id and not plan.contract_id:
                raise ValidationError(
                    self.env._(
                        "Plan %(plan)s covers all units of a product or "
                        "category: choose the contract they are under.",
                        plan=plan.name,
                    )
                )

    def _aftersales_lots(self):
        """The units of each plan, with as few searches as there are plans
        by product or category."""
        result = {}
        for plan in self:
            if plan.lot_id:
                result[plan] = plan.lot_id
                continue
            domain = [
                ("aftersales_customer_id", "child_of", plan.partner_id.ids),
            ]
            if plan.product_id:
                domain.append(("product_id", "=", plan.product_id.id))
            if plan.categ_id:
                domain.append(("product_id.categ_id", "child_of", plan.categ_id.ids))
            lots = self.env["stock.lot"].search(domain)
            if plan.contract_id.lot_ids or plan.contract_id.product_ids:
                contract = plan.contract_id
                lots = lots.filtered(
                    lambda lot, c=contract: (
                        lot in c.lot_ids or lot.product_id in c.product_ids
                    )
                )
            result[plan] = lots
        return result

    # ------------------------------------------------------------------
    # Generation
    # ------------------------------------------------------------------

    @api.model
    def _cron_aftersales_pm(self):
        """Daily: the maintenance requests due within each company's horizon,
        by batches of plans (each plan once a day)."""
        today = fields.Date.context_today(self)
        domain = [
            "|",
            ("checked_on", "=", False),
            ("checked_on", "<", today),
        ]
        self.env["ir.cron"]._aftersales_run_batches(
            self,
            domain,
            lambda plans: plans._aftersales_generate(today),
            batch_size=200,
            order="id",
        )

    def _aftersales_generate(self, today, horizon_days=None):
        """Create the PM occurrences and their requests due up to the
        horizon: never twice for a due date (each level continues after its
        last occurrence; a unique key refuses a repeat), a higher level due
        within the window replacing the lower. Returns the new occurrences."""
        Due = self.env["aftersales.pm.due"]
        if not self:
            return Due
        lots_by_plan = self._aftersales_lots()
        all_lots = self.env["stock.lot"].union(*lots_by_plan.values())
        readings = defaultdict(list)
        for reading in self.env["aftersales.meter.reading"].search_read(
            [("lot_id", "in", all_lots.ids)], ["lot_id", "date", "hours"], order="date"
        ):
            readings[reading["lot_id"][0]].append((reading["date"], reading["hours"]))
        last = {}
        for plan, lot, level, due_max, hours_max in Due._read_group(
            [("plan_id", "in", self.ids)],
            ["plan_id", "lot_id", "level_id"],
            ["due_date:max", "due_hours:max"],
        ):
            last[plan.id, lot.id, level.id] = (due_max, hours_max)
        self.level_ids.task_ids.fetch(["name", "task_type", "performer"])
        vals_list = []
        for plan in self:
            company = plan.company_id
            horizon = today + timedelta(
                days=company.aftersales_pm_horizon_days
                if horizon_days is None
                else horizon_days
            )
            window = company.aftersales_pm_window_days
            levels = plan.level_ids.filtered(lambda lv: lv.level != "routine")
            for lot in lots_by_plan[plan]:
                # Look one window past the horizon: a higher level due just
                # after it still replaces a lower one due just before.
                dues = []
                for level in levels:
                    dues += level._aftersales_dues(
                        lot,
                        readings.get(lot.id, []),
                        horizon + timedelta(days=window),
                        last,
                    )
                # Seasonal work is neither replaced nor replaces.
                ranked = [i for i, d in enumerate(dues) if d[0].level in LEVEL_RANK]
                outcome = [(False, day) for _level, day, _hours in dues]
                resolved = pm.resolve_replacements(
                    [(LEVEL_RANK[dues[i][0].level], dues[i][1]) for i in ranked],
                    window,
                )
                for i, result in zip(ranked, resolved, strict=True):
                    outcome[i] = result
                for (level, day, hours), (replaced, planned) in zip(
                    dues, outcome, strict=True
                ):
                    if day > horizon:
                        continue
                    vals_list.append(
                        {
                            "plan_id": plan.id,
                            "lot_id": lot.id,
                            "level_id": level.id,
                            "due_date": day,
                            "planned_date": planned,
                            "due_hours": hours,
                            "window_end": day + timedelta(days=window),
                            "replaced": replaced,
                        }
                    )
        self.with_context(tracking_disable=True).write({"checked_on": today})
        if not vals_list:
            return Due
        # The schedule is the job's record: written by this rule only (users
        # read it; a dispatcher running it for a plan goes through here).
        dues = Due.sudo().create(vals_list)
        dues.filtered(lambda d: not d.replaced)._aftersales_create_requests()
        return dues.with_env(self.env)


class AftersalesPmLevel(models.Model):
    """A level of a plan: its interval by calendar or running hours and its
    task list."""

    _name = "aftersales.pm.level"
    _description = "Preventive Maintenance Level"
    _order = "plan_id, sequence, id"

    plan_id = fields.Many2one(
        comodel_name="aftersales.pm.plan", required=True, ondelete="cascade", index=True
    )
    company_id = fields.Many2one(related="plan_id.company_id", store=True)
    sequence = fields.Integer(default=10)
    level = fields.Selection(selection=PM_LEVELS, required=True, default="level1")
    name = fields.Char(compute="_compute_name", store=True, readonly=False)
    interval = fields.Integer(required=True, default=3)
    interval_unit = fields.Selection(
        selection=INTERVAL_UNITS, required=True, default="months"
    )
    first_due_date = fields.Date(
        string="First Due",
        default=fields.Date.context_today,
        help="Calendar levels: the first due date; then every interval.",
    )
    start_hours = fields.Float(
        string="Hours at Start",
        help="Running-hours levels: the meter reading the intervals count from.",
    )
    task_ids = fields.One2many(
        comodel_name="aftersales.pm.task", inverse_name="level_id", string="Tasks"
    )

    _aftersales_interval_positive = models.Constraint(
        "CHECK(interval > 0)", "A maintenance interval must be positive."
    )

    @api.depends("level")
    def _compute_name(self):
        labels = dict(self._fields["level"]._description_selection(self.env))
        for level in self:
            level.name = level.name or labels.get(level.level)

    def _aftersales_dues(self, lot, readings, horizon, last):
        """This level's occurrences for ``lot`` up to ``horizon``, after the
        last one made: ``(level, due date, due hours)`` triples."""
        self.ensure_one()
        last_due, last_hours = last.get(
            (self.plan_id.id, lot.id, self.id), (None, None)
        )
        if self.interval_unit == "hours":
            if not readings:
                return []
            base = last_hours if last_hours else self.start_hours
            return [
                (self, day, hours)
                for day, hours in pm.hours_dues(base, self.interval, readings, horizon)
            ]
        first = self.first_due_date or fields.Date.context_today(self)
        return [
            (self, day, 0.0)
            for day in pm.calendar_dues(
                first, self.interval, self.interval_unit, horizon
            )
            if not last_due or day > last_due
        ]


class AftersalesPmTask(models.Model):
    _name = "aftersales.pm.task"
    _description = "Preventive Maintenance Task"
    _order = "level_id, sequence, id"

    level_id = fields.Many2one(
        comodel_name="aftersales.pm.level",
        required=True,
        ondelete="cascade",
        index=True,
    )
    company_id = fields.Many2one(related="level_id.company_id", store=True)
    sequence = fields.Integer(default=10)
    name = fields.Char(required=True, translate=True)
    task_type = fields.Selection(selection=TASK_TYPES, required=True, default="inspect")
    performer = fields.Selection(
        selection=PERFORMERS,
        string="Done By",
        required=True,
        default="mechanic",
        help="Who may do the task; a certified specialist's certificate is "
        "checked at dispatch.",
    )


class AftersalesPmDue(models.Model):
    """One occurrence of a level for a unit: its due date, the window it
    must be done in, and the request made for it (none when a higher level
    due in the same window replaced it)."""

    _name = "aftersales.pm.due"
    _description = "Preventive Maintenance Due"
    _order = "due_date, id"
    _check_company_auto = True

    plan_id = fields.Many2one(
        comodel_name="aftersales.pm.plan", required=True, ondelete="cascade", index=True
    )
    company_id = fields.Many2one(related="plan_id.company_id", store=True, index=True)
    partner_id = fields.Many2one(related="plan_id.partner_id", store=True)
    team_id = fields.Many2one(related="plan_id.team_id", store=True)
    lot_id = fields.Many2one(comodel_name="stock.lot", required=True, index=True)
    level_id = fields.Many2one(
        comodel_name="aftersales.pm.level",
        string="Plan Level",
        required=True,
        ondelete="cascade",
    )
    level = fields.Selection(related="level_id.level", store=True)
    due_date = fields.Date(required=True, index=True)
    planned_date = fields.Date(
        help="A higher level replacing a lower one due earlier is done on "
        "the earlier date."
    )
    due_hours = fields.Float(string="Due at Hours")
    window_end = fields.Date(string="Window Ends")
    replaced = fields.Boolean(
        string="Replaced by a Higher Level",
        help="A higher level due within the same window is done instead.",
    )
    ticket_id = fields.Many2one(
        comodel_name="helpdesk.ticket", string="Request", index=True, copy=False
    )
    overdue = fields.Boolean(compute="_compute_overdue", search="_search_overdue")

    _aftersales_due_unique = models.Constraint(
        "unique(plan_id, lot_id, level_id, due_date)",
        "A maintenance level is scheduled once for a unit and a due date.",
    )

    @api.depends("window_end", "ticket_id.stage_id")
    def _compute_overdue(self):
        today = fields.Date.context_today(self)
        for due in self:
            due.overdue = bool(
                not due.replaced
                and due.window_end
                and due.window_end < today
                and due.ticket_id
                and not due.ticket_id.closed
            )

    def _search_overdue(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise NotImplementedError
        domain = [
            ("replaced", "=", False),
            ("window_end", "<", fields.Date.context_today(self)),
            ("ticket_id.closed", "=", False),
        ]
        if (operator == "=") == value:
            return domain
        return ["!", "&", "&", *domain]

    def _aftersales_create_requests(self):
        """One maintenance request per occurrence, with its task list, on
        the contract's terms (the unit's contract applies as on any
        request); dispatch plans the visit like any other."""
        Ticket = self.env["helpdesk.ticket"].sudo()
        levels = dict(
            self.env["aftersales.pm.level"]
            ._fields["level"]
            ._description_selection(self.env)
        )
        vals_list = []
        tasks = {}  # level: its task list (the same for all its occurrences)
        for due in self:
            if due.level_id not in tasks:
                tasks[due.level_id] = due._aftersales_tasks()
            day = due.planned_date or due.due_date
            vals_list.append(
                {
                    "name": self.env._(
                        "Maintenance (保养) %(level)s: %(unit)s",
                        level=due.level_id.name or levels.get(due.level),
                        unit=due.lot_id.name,
                    ),
                    "description": self.env._(
                        "<p>Due on %(day)s, to be done by %(end)s.</p>",
                        day=day,
                        end=due.window_end,
                    ),
                    "team_id": due.plan_id.team_id.id,
                    "company_id": due.company_id.id,
                    "partner_id": (
                        due.lot_id.aftersales_customer_id or due.plan_id.partner_id
                    ).id,
                    "aftersales_lot_id": due.lot_id.id,
                    "aftersales_request_type": "maintenance",
                    "aftersales_pm_due_id": due.id,
                    "aftersales_pm_check_ids": [
                        (
                            0,
                            0,
                            {
                                "task_id": task.id,
                                "name": task.name,
                                "performer": task.performer,
                            },
                        )
                        for task in tasks[due.level_id]
                    ],
                }
            )
        tickets = Ticket.with_context(
            tracking_disable=True, mail_create_nolog=True, mail_notrack=True
        )._aftersales_create(vals_list)
        for due, ticket in zip(self, tickets, strict=True):
            due.ticket_id = ticket
        return tickets

    def _aftersales_tasks(self):
        """The level's tasks, and those of the lower levels it replaced."""
        self.ensure_one()
        tasks = self.level_id.task_ids
        if self.level in LEVEL_RANK:
            lower = self.plan_id.level_ids.filtered(
                lambda lv: (
                    lv.level in LEVEL_RANK
                    and LEVEL_RANK[lv.level] < LEVEL_RANK[self.level]
                )
            )
            tasks |= lower.task_ids
        return tasks


class AftersalesMeterReading(models.Model):
    """The running hours of a unit on a day: recorded at visits and by the
    customer; the usage rate forecasts hours-based maintenance."""

    _name = "aftersales.meter.reading"
    _description = "Meter Reading"
    _order = "lot_id, date desc, id desc"
    _check_company_auto = True

    lot_id = fields.Many2one(
        comodel_name="stock.lot",
        string="Unit",
        required=True,
        index=True,
        check_company=True,
    )
    company_id = fields.Many2one(
        comodel_name="res.company",
        compute="_compute_company_id",
        store=True,
        index=True,
    )
    date = fields.Date(required=True, default=fields.Date.context_today)
    hours = fields.Float(string="Running Hours", required=True)
    source = fields.Selection(
        selection=[("visit", "Visit"), ("customer", "Customer")],
        required=True,
        default="visit",
    )
    visit_id = fields.Many2one(comodel_name="aftersales.visit", check_company=True)

    _aftersales_hours_positive = models.Constraint(
        "CHECK(hours >= 0)", "Running hours cannot be negative."
    )

    @api.depends("lot_id", "visit_id")
    def _compute_company_id(self):
        for reading in self:
            reading.company_id = (
                reading.lot_id.company_id or reading.visit_id.company_id
            )

    @api.constrains("lot_id", "date", "hours")
    def _check_monotonic(self):
        for reading in self:
            earlier = self.search(
                [
                    ("lot_id", "=", reading.lot_id.id),
                    ("id", "!=", reading.id),
                    ("date", "<=", reading.date),
                    ("hours", ">", reading.hours),
                ],
                limit=1,
            )
            # A reading dated before a later, lower one runs backwards too.
            later = self.search(
                [
                    ("lot_id", "=", reading.lot_id.id),
                    ("id", "!=", reading.id),
                    ("date", ">", reading.date),
                    ("hours", "<", reading.hours),
                ],
                limit=1,
            )
            if earlier or later:
                first, then = (earlier, reading) if earlier else (reading, later)
                raise ValidationError(
                    self.env._(
                        "Unit %(unit)s read %(earlier)s hours on %(day)s, more "
                        "than %(hours)s on %(date)s: a meter does not run "
                        "backwards. Check the reading.",
                        unit=reading.lot_id.name,
                        earlier=first.hours,
                        day=first.date,
                        hours=then.hours,
                        date=then.date,
                    )
                )
