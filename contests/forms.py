from django import forms
from django.utils.translation import gettext_lazy as _


class QuizForm(forms.Form):
    """One radio group per question (``q_<id>``); what the member chose is kept on error."""

    def __init__(self, *args, quiz, **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = list(quiz.questions.all())
        for number, question in enumerate(self.questions, start=1):
            self.fields[f"q_{question.pk}"] = forms.TypedChoiceField(
                label=f"{number}. {question.text}",
                choices=[(c.pk, c.text) for c in question.choices.all()],
                coerce=int,
                widget=forms.RadioSelect,
                error_messages={"required": _("Hãy chọn một phương án cho câu này.")},
            )

    def answers(self):
        return {q.pk: self.cleaned_data[f"q_{q.pk}"] for q in self.questions}
