from django import forms
from django.utils.translation import gettext_lazy as _

from unions.pickers import UnitField
from uploads.forms import ImportFileField


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


# --- Contests (issue 10) ---------------------------------------------------------------------

from .models import Contest, Winner  # noqa: E402

DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class ContestForm(forms.ModelForm):
    rules_body = forms.CharField(label=_("Thể lệ"), widget=forms.Textarea(attrs={"rows": 10}),
                                 help_text=_("Đối tượng dự thi, nội dung, hình thức, thời gian, cơ cấu giải thưởng, "
                                             "cách tính điểm. Mỗi lần sửa sau này là một phiên bản mới."))

    class Meta:
        model = Contest
        fields = ["kind", "title", "slug", "summary", "unit", "eligible_unit", "starts_at", "ends_at",
                  "winner_method", "is_public", "questions_per_attempt", "time_limit_seconds", "max_attempts",
                  "pass_percent", "entry_kind", "vote_scope", "jury_criteria"]
        widgets = {"starts_at": DATETIME, "ends_at": DATETIME, "jury_criteria": forms.Textarea(attrs={"rows": 3})}
        help_texts = {
            "slug": _("Chữ thường không dấu, số và gạch nối, ví dụ: tim-hieu-dai-hoi-xiii"),
            "pass_percent": _("Với cách chọn “quay số”: tỉ lệ câu đúng tối thiểu để được dự quay số."),
            "max_attempts": _("Cuộc thi có giải thưởng: 1 lượt."),
        }

    # Search-as-you-type fields, not a <select> of every unit in the officer's subtree (HQ's is the
    # whole federation).
    unit = UnitField(label=_("đơn vị tổ chức"), url_name="contest_unit_search", required=True)
    eligible_unit = UnitField(label=_("đối tượng dự thi (đơn vị và cấp dưới)"), url_name="contest_unit_search",
                              required=True)

    def __init__(self, *args, units, with_rules=True, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        self.fields["eligible_unit"].queryset = units
        if self.instance.pk and not self.is_bound:
            self.initial["unit"] = self.instance.unit.code
            self.initial["eligible_unit"] = self.instance.eligible_unit.code
        for name in ("starts_at", "ends_at"):
            self.fields[name].input_formats = ["%Y-%m-%dT%H:%M"]
        self.fields["entry_kind"].required = False
        if not with_rules:
            del self.fields["rules_body"]

    def clean_slug(self):
        return self.cleaned_data["slug"].lower()


class RulesForm(forms.Form):
    body = forms.CharField(label=_("Thể lệ (phiên bản mới)"), widget=forms.Textarea(attrs={"rows": 10}))
    note = forms.CharField(label=_("Nội dung thay đổi"), max_length=300, required=False)


class PrizeForm(forms.Form):
    name = forms.CharField(label=_("Tên giải"), max_length=120)
    quantity = forms.IntegerField(label=_("Số lượng"), min_value=1, max_value=1000, initial=1)
    value = forms.IntegerField(label=_("Trị giá mỗi giải (đồng)"), min_value=0, max_value=10**12)
    description = forms.CharField(label=_("Hiện vật, ghi chú"), max_length=200, required=False)


class QuestionForm(forms.Form):
    text = forms.CharField(label=_("Câu hỏi"), widget=forms.Textarea(attrs={"rows": 2}))
    choice_a = forms.CharField(label=_("Phương án A"), max_length=500)
    choice_b = forms.CharField(label=_("Phương án B"), max_length=500)
    choice_c = forms.CharField(label=_("Phương án C"), max_length=500, required=False)
    choice_d = forms.CharField(label=_("Phương án D"), max_length=500, required=False)
    correct = forms.ChoiceField(label=_("Phương án đúng"), choices=[(c, c) for c in "ABCD"])
    explanation = forms.CharField(label=_("Giải thích đáp án"), widget=forms.Textarea(attrs={"rows": 2}),
                                  required=False)

    def choices(self):
        d = self.cleaned_data
        return [(d[f"choice_{c.lower()}"], c == d["correct"]) for c in "ABCD"]


class ImportForm(forms.Form):
    sheet = ImportFileField(label=_("Tệp câu hỏi (CSV hoặc XLSX)"),
                            help_text=_("Các cột: câu hỏi, đáp án đúng (A–D), phương án A, B, C, D, giải thích."))

    def clean_sheet(self):
        sheet = self.cleaned_data["sheet"]
        if not sheet.name.lower().endswith((".csv", ".xlsx")):
            raise forms.ValidationError(_("Chỉ nhận tệp .csv hoặc .xlsx."))
        if sheet.size > 2 * 1024 * 1024:
            raise forms.ValidationError(_("Tệp tối đa 2 MB."))
        return sheet


class HandoverForm(forms.Form):
    handed_at = forms.DateTimeField(label=_("Trao lúc"), widget=DATETIME, input_formats=["%Y-%m-%dT%H:%M"])
    note = forms.CharField(label=_("Ghi chú"), max_length=300, required=False)


class WinnerDisplayForm(forms.Form):
    display = forms.ChoiceField(label=_("Tên công bố trên trang kết quả"), choices=Winner.Display.choices,
                                widget=forms.RadioSelect)
