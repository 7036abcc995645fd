from odoo import models


class SurveyUserInput(models.Model):
    _inherit = "survey.user_input"

    def _mark_done(self):
        result = super()._mark_done()
        callbacks = (
            self.env["aftersales.callback"]
            .sudo()
            .search([("survey_user_input_id", "in", self.ids)])
        )
        if callbacks:
            callbacks._aftersales_record_survey()
        return result

    def _aftersales_callback_answers(self):
        """This answer sheet as the answers of a follow-up call."""
        self.ensure_one()
        answers = {
            "score": 0,
            "explained_care": False,
            "right_first_time": False,
            "comment": False,
        }
        keys = {
            "care": "explained_care",
            "first_time": "right_first_time",
        }
        for line in self.user_input_line_ids.filtered(
            lambda answer_line: not answer_line.skipped
        ):
            role = line.question_id.aftersales_role
            if role == "score" and line.answer_type == "scale":
                answers["score"] = line.value_scale
            elif role in keys and line.suggested_answer_id:
                answers[keys[role]] = (
                    "yes" if line.suggested_answer_id.aftersales_yes else "no"
                )
            elif role == "comment":
                answers["comment"] = line.value_text_box or line.value_char_box
        return answers
