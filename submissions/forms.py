from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from campaigns.models import Campaign
from core.once import FormTokenField
from unions.pickers import UnitField
from uploads.checks import UploadRejected, check_upload
from uploads.forms import CheckedFilesField

from . import extensions
from .models import (
    MAX_PHOTOS,
    REVIEW_DECISIONS,
    AspirationTopic,
    Decision,
    Kind,
    allowed_media,
    media_rule_errors,
)
from .selectors import AGE_CHOICES, PUBLIC_KINDS

TEXT_KINDS = (Kind.GOOD_DEED, Kind.CREATIVE, Kind.WORKER_LIFE, Kind.UNION_ACTIVITY, Kind.ARTICLE, Kind.ASPIRATION)


class SubmissionForm(forms.Form):
    """The member's form. ``submitting`` (the "Gửi duyệt" button) adds the rules for sending.

    Each chosen file is checked by content here (``uploads.checks``), before anything is stored.
    """

    form_token = FormTokenField()
    kind = forms.ChoiceField(label=_("Loại bài"), choices=Kind.choices)
    unit = forms.ModelChoiceField(label=_("Gửi tới công đoàn"), queryset=None, empty_label=None)
    title = forms.CharField(label=_("Tiêu đề"), max_length=200)
    body = forms.CharField(
        label=_("Nội dung"),
        required=False,
        max_length=50000,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("Viết như bình thường; để trống một dòng giữa các đoạn. Có thể dùng định dạng đậm, nghiêng, danh sách."),
    )
    topic = forms.ModelChoiceField(
        label=_("Chủ đề (với tâm tư, nguyện vọng)"), queryset=AspirationTopic.objects.filter(is_active=True),
        required=False,
    )
    campaign = forms.ModelChoiceField(
        label=_("Thuộc chiến dịch"), queryset=Campaign.objects.public(), required=False,
        empty_label=_("— Không thuộc chiến dịch nào —"),
    )
    # The kinds allowed depend on the submission's kind: checked in clean() (uploads.forms.check_files).
    files = CheckedFilesField(
        label=_("Ảnh, video hoặc âm thanh"), kinds=None, max_files=100, accept="image/*,video/*,audio/*",
    )
    remove_media = forms.MultipleChoiceField(label=_("Bỏ tệp đã gửi"), required=False, widget=forms.CheckboxSelectMultiple)
    consent_publication = forms.BooleanField(
        label=_("Tôi đồng ý cho công đoàn đăng bài này (kèm ảnh, video, âm thanh) trên cổng và các trang của công đoàn."),
        required=False,
    )
    consent_people = forms.BooleanField(
        label=_("Tôi xác nhận những người xuất hiện trong ảnh, video, âm thanh đã đồng ý."), required=False
    )
    anonymous = forms.BooleanField(label=_("Không nêu tên tôi khi công bố, tổng hợp công khai."), required=False)

    def __init__(self, *args, units, submitting=False, instance=None, user=None, query=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.submitting = submitting
        self.instance = instance
        self.user = user
        # Fields of the apps above (``submissions.extensions``), e.g. the contest to enter.
        self.extension_names = {}
        added = extensions.form_fields(user=user, submission=instance, query=query,
                                       data=self.data if self.is_bound else None)
        for key, fields in added.items():
            for name, field in fields.items():
                self.fields[name] = field
            self.extension_names[key] = list(fields)
        # Built per request: a lazy string formatted at import time would never be translated.
        caps = settings.UPLOAD_MAX_MB
        self.fields["files"].help_text = " ".join([
            _("Tối đa %(n)s ảnh và một video (gửi cùng nhau được), hoặc riêng một tệp âm thanh.") % {"n": MAX_PHOTOS},
            _("Mỗi ảnh tối đa %(image)s MB, video tối đa %(video)s MB, âm thanh tối đa %(audio)s MB.") % caps,
        ])
        self.fields["unit"].queryset = units
        if instance is not None:
            del self.fields["unit"]
            self.existing = list(instance.media.all())
            self.fields["remove_media"].choices = [(str(m.pk), str(m)) for m in self.existing]
        else:
            self.existing = []
            del self.fields["remove_media"]
            choices = list(units[:2])
            self.single_unit = choices[0] if len(choices) == 1 else None
            if self.single_unit is not None:  # a member of one union: nothing to choose
                self.fields["unit"].widget = forms.HiddenInput()
                self.fields["unit"].initial = self.single_unit.pk
                self.fields["unit"].required = False

    @property
    def extension_fields(self):
        return [self[name] for names in self.extension_names.values() for name in names]

    @property
    def upload_caps_mb(self):
        """Size caps per kind, for the browser's check before a long upload starts."""
        return settings.UPLOAD_MAX_MB

    def clean(self):
        data = super().clean()
        if "unit" in self.fields and not data.get("unit") and self.single_unit is not None:
            data["unit"] = self.single_unit
        kind = data.get("kind")
        if not kind:
            return data
        allowed = allowed_media(kind)
        checked = []
        for uploaded in data.get("files") or []:
            try:
                if not allowed:
                    raise UploadRejected(_("Tâm tư, nguyện vọng chỉ gồm nội dung chữ, không kèm tệp."))
                checked.append((uploaded, check_upload(uploaded, kinds=allowed)))
            except UploadRejected as exc:
                self.add_error("files", str(exc))
        data["checked_files"] = checked
        removed = set(data.get("remove_media") or [])
        kept = [m.kind for m in self.existing if str(m.pk) not in removed]
        new = [c.kind for _f, c in checked]
        counts = {
            "images": (kept + new).count("image"),
            "videos": (kept + new).count("video"),
            "audios": (kept + new).count("audio"),
        }
        if not self.has_error("files"):
            for message in media_rule_errors(kind, submitting=self.submitting, **counts):
                self.add_error("files", message)
        if self.submitting:
            if kind == Kind.ASPIRATION and not data.get("topic"):
                self.add_error("topic", _("Hãy chọn chủ đề cho ý kiến."))
            if kind != Kind.ASPIRATION:
                if not data.get("consent_publication"):
                    self.add_error("consent_publication", _("Cần có sự đồng ý cho đăng trước khi gửi."))
                if not data.get("consent_people"):
                    self.add_error("consent_people", _("Cần xác nhận sự đồng ý của người xuất hiện trong bài."))
            if kind in TEXT_KINDS and not (data.get("body") or "").strip():
                self.add_error("body", _("Hãy viết nội dung trước khi gửi."))
        values = {key: {name: data.get(name) for name in names} for key, names in self.extension_names.items()}
        unit = self.instance.unit if self.instance is not None else data.get("unit")
        problems = extensions.clean(user=self.user, values=values, kind=kind, unit=unit) if values else {}
        for name, message in problems.items():
            self.add_error(name, message)
        data["extensions"] = values
        return data

    def service_kwargs(self):
        data = self.cleaned_data
        kwargs = {
            "kind": data["kind"],
            "title": data["title"],
            "body": data.get("body", ""),
            "campaign": data.get("campaign"),
            "topic": data.get("topic"),
            "consent_publication": data.get("consent_publication", False),
            "consent_people": data.get("consent_people", False),
            "anonymous": data.get("anonymous", False),
            "files": data.get("checked_files", []),
            "extensions": data.get("extensions") or None,
        }
        if self.instance is not None:
            kwargs["remove_media"] = [int(pk) for pk in data.get("remove_media") or []]
        else:
            kwargs["unit"] = data["unit"]
        return kwargs


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(choices=[(d.value, d.label) for d in REVIEW_DECISIONS], widget=forms.HiddenInput)
    reason = forms.CharField(
        label=_("Lý do / ghi chú / nội dung trả lời"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Bắt buộc khi yêu cầu chỉnh sửa, từ chối hoặc trả lời; người gửi sẽ đọc được."),
    )


class BulkForm(forms.Form):
    ids = forms.TypedMultipleChoiceField(coerce=int, choices=(), required=True)
    decision = forms.ChoiceField(choices=[(Decision.PUBLISH.value, ""), (Decision.REJECT.value, "")])
    reason = forms.CharField(required=False, max_length=5000)

    def __init__(self, *args, ids=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["ids"].choices = [(i, i) for i in ids]
        self.fields["ids"].error_messages["required"] = _("Hãy chọn ít nhất một bài.")


class FanpageForm(forms.Form):
    url = forms.URLField(label=_("Đường dẫn bài đăng trên Fanpage"), max_length=500, assume_scheme="https")


class QueueFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Tìm"), required=False, max_length=100,
        widget=forms.TextInput(attrs={"type": "search", "placeholder": _("Tiêu đề, nội dung, người gửi")}),
    )
    kind = forms.ChoiceField(label=_("Loại bài"), required=False, choices=[("", _("Tất cả"))] + list(Kind.choices))
    unit = UnitField(label=_("Đơn vị gửi"), url_name="queue_unit_search")
    campaign = forms.ModelChoiceField(label=_("Chiến dịch"), queryset=Campaign.objects.all(), required=False,
                                      empty_label=_("Tất cả"))
    age = forms.TypedChoiceField(
        label=_("Chờ lâu hơn"), required=False, coerce=int, empty_value=None,
    )
    scope = forms.ChoiceField(
        label=_("Phạm vi"), required=False,
        choices=[("", _("Chờ duyệt ở cấp của tôi")), ("all", _("Cả các cấp dưới"))],
    )

    def __init__(self, *args, units, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        if user is not None:  # only campaigns this reviewer may see (no titles of other subtrees)
            from campaigns.access import campaigns_visible_to

            self.fields["campaign"].queryset = campaigns_visible_to(user)
        self.fields["age"].choices = [("", _("Bất kỳ"))] + [(d, _("%(n)s ngày") % {"n": d}) for d in AGE_CHOICES]


class StoryFilterForm(forms.Form):
    q = forms.CharField(label=_("Tìm"), required=False, max_length=100)
    kind = forms.ChoiceField(label=_("Loại bài"), required=False, choices=[("", _("Tất cả"))] + PUBLIC_KINDS)
    unit = UnitField(label=_("Đơn vị"), url_name="story_unit_search")
    campaign = forms.ModelChoiceField(label=_("Chiến dịch"), queryset=Campaign.objects.public(), required=False,
                                      empty_label=_("Tất cả"))

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units

