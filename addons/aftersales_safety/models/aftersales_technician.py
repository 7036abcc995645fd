from odoo import fields, models


class AftersalesTechnician(models.Model):
    _inherit = "aftersales.technician"

    def _aftersales_dispatch_blockers(
        self, ticket, start, end, visit=None, waived=frozenset()
    ):
        """Adds missing or expired certificates on the visit date and missing
        or overdue safety training (waived only by a safety officer's
        override, which the dispatch wizard checks and records on the
        visit)."""
        blockers = super()._aftersales_dispatch_blockers(
            ticket, start, end, visit=visit, waived=waived
        )
        if "safety" in waived:
            return blockers
        for key, reasons in self._aftersales_safety_blockers(
            ticket, start, visit=visit
        ).items():
            blockers.setdefault(key, []).extend(reasons)
        return blockers

    def _aftersales_safety_blockers(self, ticket, start, visit=None):
        """``{technician id: [safety reasons]}`` for a visit starting at
        ``start`` (the technician's local day)."""
        job_types = (
            visit.aftersales_job_type_ids
            if visit
            else self.env["aftersales.safety.job.type"]._aftersales_for_ticket(ticket)
        )
        needed_by = self._aftersales_specialist_certificates(ticket)
        skills = job_types.skill_ids | self.env["hr.skill"].browse(list(needed_by))
        employees = self.env["hr.employee"]._aftersales_for_users(
            self.user_id, ticket.company_id
        )
        day = fields.Date.context_today(self, start)
        found = (
            self.env["hr.employee"]
            .sudo()
            .browse([e.id for e in employees.values() if e])
        )
        by_employee = found._aftersales_safety_blockers(
            skills, day, needed_by=needed_by
        )
        # The required tools each one lacks on that day (the tool register).
        categories = job_types.sudo().tool_category_ids
        tools = found._aftersales_tool_blockers(categories, day) if categories else {}
        result = {}
        for technician in self:
            employee = employees.get(technician.user_id.id)
            if employee:
                result[technician.id] = [
                    *by_employee[employee.id],
                    *(tools[employee.id] if categories else []),
                ]
            elif skills or ticket.company_id.aftersales_safety_training_months:
                result[technician.id] = [
                    self.env._(
                        "No employee file: certificates and safety training are "
                        "kept on the employee linked to this user."
                    )
                ]
            else:
                result[technician.id] = []
        return result

    def _aftersales_specialist_certificates(self, ticket):
        """``{certificate (hr.skill) id: [task names]}``: the certificates
        the ticket's maintenance tasks for a certified specialist require
        (issue 18: a PM task a specialist must do is checked at dispatch,
        like a job type's certificates)."""
        tasks = ticket.sudo().aftersales_pm_check_ids.task_id.filtered(
            lambda task: task.performer == "specialist" and task.certificate_id
        )
        result = {}
        for task in tasks:
            result.setdefault(task.certificate_id.id, []).append(task.name)
        return result
