from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.once import FormTokenField
from unions.models import Union
from uploads.checks import UploadRejected, check_upload
from uploads.forms import CheckedFileField, CheckedFilesField

from .models import (
    HotIssue,
    Kind,
    MisinfoStatus,
    Platform,
    Rating,
    Severity,
    Status,
    TakedownOutcome,
)

MAX_FILES = 10
FILE_KINDS = ("image", "document")


def MultipleFileField(**kwargs):  # noqa: N802 - reads as the field class it makes
    """Images and PDFs in one input, checked in the form's clean() (:func:`check_files`)."""
    return CheckedFilesField(kinds=None, max_files=1000, accept="image/*,application/pdf", **kwargs)


class DateTimeLocalInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


def reporting_units(scope):
    """Units an officer reports for: the units of their roles and the units right below them."""
    if scope.sees_everything and not scope.role_unit_ids():
        base = scope.top_units()
    else:
        base = Union.objects.filter(pk__in=scope.role_unit_ids())
    ids = set(base.values_list("pk", flat=True))
    ids |= set(Union.objects.filter(parent_id__in=ids).values_list("pk", flat=True)[:300])
    return Union.objects.filter(pk__in=ids).current().order_by("depth", "name")


def check_files(form, name, files, kinds=FILE_KINDS):
    checked = []
    if len(files) > MAX_FILES:
        form.add_error(name, _("Tối đa %(n)s tệp mỗi lần.") % {"n": MAX_FILES})
        return checked
    for uploaded in files:
        try:
            checked.append((uploaded, check_upload(uploaded, kinds=kinds)))
        except UploadRejected as exc:
            form.add_error(name, str(exc))
    return checked


class HotIssueForm(forms.ModelForm):
    form_token = FormTokenField()
    files = MultipleFileField(label=_("Ảnh, tài liệu kèm theo (ảnh hoặc PDF)"))

    class Meta:
        model = HotIssue
        fields = ["unit", "title", "kind", "employer", "ownership", "workplace", "province", "workers_involved",
                  "started_at", "severity", "description", "source_links"]
        widgets = {
            "started_at": DateTimeLocalInput(),
            "description": forms.Textarea(attrs={"rows": 5}),
            "source_links": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, scope, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = reporting_units(scope)
        self.fields["unit"].empty_label = None
        self.fields["started_at"].initial = timezone.localtime().replace(second=0, microsecond=0)

    def clean_started_at(self):
        value = self.cleaned_data["started_at"]
        if value and value > timezone.now() + timezone.timedelta(hours=1):
            raise forms.ValidationError(_("Thời điểm bắt đầu không được ở tương lai."))
        return value

    def clean(self):
        data = super().clean()
        data["checked_files"] = check_files(self, "files", data.get("files") or [])
        return data


class ActionForm(forms.Form):
    note = forms.CharField(label=_("Ghi chú, kết quả hoặc lý do"), required=False, max_length=4000,
                           widget=forms.Textarea(attrs={"rows": 2}))


class UpdateForm(forms.Form):
    body = forms.CharField(label=_("Diễn biến mới"), required=False, max_length=8000,
                           widget=forms.Textarea(attrs={"rows": 3}))
    files = MultipleFileField(label=_("Ảnh, tài liệu kèm theo (ảnh hoặc PDF)"))

    def clean(self):
        data = super().clean()
        data["checked_files"] = check_files(self, "files", data.get("files") or [])
        return data


class IncidentFilterForm(forms.Form):
    q = forms.CharField(label=_("Tìm doanh nghiệp, nơi làm việc"), required=False, max_length=100)
    status = forms.ChoiceField(label=_("Trạng thái"), required=False,
                               choices=[("", _("Tất cả trạng thái")), ("open", _("Đang mở")), *Status.choices])
    kind = forms.ChoiceField(label=_("Loại"), required=False, choices=[("", _("Mọi loại")), *Kind.choices])
    severity = forms.ChoiceField(label=_("Mức độ"), required=False,
                                 choices=[("", _("Mọi mức độ")), *Severity.choices])


class MisinformationForm(forms.Form):
    unit = forms.ModelChoiceField(label=_("Đơn vị phát hiện"), queryset=Union.objects.none(), empty_label=None)
    source_url = forms.URLField(label=_("Đường dẫn bài đăng"), max_length=1000, assume_scheme="https")
    platform = forms.ChoiceField(label=_("Nền tảng"), choices=Platform.choices)
    claim = forms.CharField(label=_("Nội dung thông tin sai (tóm tắt luận điệu)"), max_length=4000,
                            widget=forms.Textarea(attrs={"rows": 3}))
    rating = forms.ChoiceField(label=_("Đánh giá"), choices=Rating.choices)
    found_at = forms.DateTimeField(label=_("Phát hiện lúc"), widget=DateTimeLocalInput(), required=False)
    screenshot = CheckedFileField(label=_("Ảnh chụp màn hình"), required=False, kinds=("image",))
    confirm = forms.BooleanField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, scope, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = reporting_units(scope)

    def clean(self):
        data = super().clean()
        data["checked_screenshot"] = data.get("screenshot")  # (uploaded, checked) or None
        return data


class MisinfoStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Trạng thái"), choices=MisinfoStatus.choices)


class MisinfoFilterForm(forms.Form):
    q = forms.CharField(label=_("Tìm trong nội dung"), required=False, max_length=100)
    status = forms.ChoiceField(label=_("Trạng thái"), required=False,
                               choices=[("", _("Tất cả trạng thái")), *MisinfoStatus.choices])
    rating = forms.ChoiceField(label=_("Đánh giá"), required=False, choices=[("", _("Mọi đánh giá")), *Rating.choices])


class RebuttalForm(forms.Form):
    title = forms.CharField(label=_("Tiêu đề bài phản bác"), max_length=200)
    summary = forms.CharField(label=_("Kết luận ngắn"), max_length=300,
                              help_text=_("Một câu nêu sự thật, hiện trên thẻ chia sẻ."))
    body = forms.CharField(label=_("Nội dung"), max_length=50000, widget=forms.Textarea(attrs={"rows": 8}))
    sources = forms.CharField(label=_("Nguồn chính thống (mỗi dòng một liên kết)"), required=False, max_length=4000,
                              widget=forms.Textarea(attrs={"rows": 3}))

    def clean_sources(self):
        from django.core.validators import URLValidator

        validate = URLValidator(schemes=["http", "https"])
        lines = [line.strip() for line in self.cleaned_data["sources"].splitlines() if line.strip()]
        for line in lines:
            try:
                validate(line)
            except forms.ValidationError:
                raise forms.ValidationError(_("“%(line)s” không phải đường dẫn hợp lệ.") % {"line": line[:100]}) from None
        return "\n".join(lines)


class RebuttalDecideForm(forms.Form):
    decision = forms.ChoiceField(choices=[("approve", _("Duyệt đăng")), ("return", _("Trả lại để sửa"))])
    reason = forms.CharField(label=_("Lý do trả lại"), required=False, max_length=2000,
                             widget=forms.Textarea(attrs={"rows": 2}))


class TakedownForm(forms.Form):
    platform = forms.ChoiceField(label=_("Gửi tới nền tảng"), choices=Platform.choices)
    channel = forms.CharField(label=_("Kênh gửi (biểu mẫu, email, công văn)"), required=False, max_length=255)
    reference = forms.CharField(label=_("Số hiệu, mã yêu cầu"), required=False, max_length=100)
    sent_at = forms.DateTimeField(label=_("Gửi lúc"), widget=DateTimeLocalInput(), required=False)


class TakedownOutcomeForm(forms.Form):
    outcome = forms.ChoiceField(label=_("Kết quả"),
                                choices=[c for c in TakedownOutcome.choices if c[0] != TakedownOutcome.PENDING])
    note = forms.CharField(label=_("Ghi chú"), required=False, max_length=2000)
