from odoo import fields, models


class SurveyQuestion(models.Model):
    _inherit = "survey.question"

    aftersales_role = fields.Selection(
        selection=[
            ("score", "Satisfaction score"),
            ("care", "Use and care explained"),
            ("first_time", "Done right first time"),
            ("comment", "Comment"),
        ],
        string="After-Sales Answer",
        help="Which answer of a follow-up call this question gives (the "
        "satisfaction questionnaire of the rating link).",
    )


class SurveyQuestionAnswer(models.Model):
    _inherit = "survey.question.answer"

    aftersales_yes = fields.Boolean(
        string="Means Yes",
        help="For a yes/no question of the satisfaction questionnaire: this "
        "choice is the yes.",
    )
