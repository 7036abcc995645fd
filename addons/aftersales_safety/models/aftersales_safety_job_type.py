from odoo import api, fields, models

from odoo.addons.aftersales_service.models.helpdesk_ticket import REQUEST_TYPES


class AftersalesSafetyJobType(models.Model):
    """What a kind of job needs to be done safely: certificates, PPE,
    checklists, lockout/tagout, work-at-height measures. Matched to tickets by
    the unit's product category and the request type."""

    _name = "aftersales.safety.job.type"
    _description = "Safety Job Type"
    _order = "sequence, name, id"
    _check_company_auto = True

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        comodel_name="res.company",
        help="Empty: used by every company.",
    )
    categ_ids = fields.Many2many(
        comodel_name="product.category",
        string="Product Categories",
        help="Units of these categories (sub-categories included) need this job "
        "type. Empty: any category.",
    )
    request_type = fields.Selection(
        selection=REQUEST_TYPES,
        help="Only requests of this type. Empty: any type.",
    )
    skill_ids = fields.Many2many(
        comodel_name="hr.skill",
        string="Required Certificates",
        domain="[('skill_type_id.is_certification', '=', True)]",
        help="Every technician sent must hold these certificates, valid on the "
        "visit date.",
    )
    ppe = fields.Text(
        string="PPE", translate=True, help="Personal protective equipment to wear."
    )
    measures = fields.Text(
        string="Safety Measures",
        translate=True,
        help="Work-at-height, gas-check and other measures to take.",
    )
    work_at_height = fields.Boolean()
    lockout_required = fields.Boolean(
        string="Lockout/Tagout Required",
        help="Work cannot start until every energy source is isolated, locked, "
        "tagged and verified dead.",
    )
    pre_template_ids = fields.Many2many(
        comodel_name="aftersales.safety.checklist.template",
        relation="aftersales_safety_job_type_pre_template_rel",
        string="Pre-job Checklists",
        domain="[('kind', '=', 'pre'), ('state', '!=', 'draft')]",
        check_company=True,
        help="The latest published version of each is used.",
    )
    post_template_ids = fields.Many2many(
        comodel_name="aftersales.safety.checklist.template",
        relation="aftersales_safety_job_type_post_template_rel",
        string="Post-job Checklists",
        domain="[('kind', '=', 'post'), ('state', '!=', 'draft')]",
        check_company=True,
    )

    @api.model
    def _aftersales_for_ticket(self, ticket):
        """Job types matching the ticket's unit category and request type."""
        job_types = self.search([("company_id", "in", [False, ticket.company_id.id])])
        categ = ticket.aftersales_product_id.categ_id
        return job_types.filtered(
            lambda job: (
                (
                    not job.request_type
                    or job.request_type == ticket.aftersales_request_type
                )
                and (
                    not job.categ_ids
                    or (
                        categ
                        and any(
                            categ.parent_path.startswith(c.parent_path)
                            for c in job.categ_ids
                        )
                    )
                )
            )
        )
