from django import forms
from django.utils.translation import gettext_lazy as _

from core.once import FormTokenField
from uploads.forms import CheckedFileField, CheckedFilesField

from .models import RESERVED_SLUGS, Campaign, Lesson, NewsPost, ShareKit
from .sharing import TARGET_ERROR, is_safe_target

MAX_IMAGES = 10
DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class CheckedImageField(CheckedFileField):
    """One image, checked by content (``uploads.forms``); cleans to ``(uploaded, checked)`` or None."""

    kinds = ("image",)


class MultipleImageField(CheckedFilesField):
    """Several images, each checked by content; cleans to a list of ``(uploaded, checked)``."""

    def __init__(self, *args, max_files=MAX_IMAGES, **kwargs):
        super().__init__(*args, max_files=max_files, kinds=("image",), accept="image/*", **kwargs)


class UnitChoiceMixin:
    def limit_units(self, field, units):
        current = getattr(self.instance, f"{field}_id", None) if self.instance.pk else None
        if current is not None:
            # An officer of an upper unit edits what a unit below published: its unit stays a choice
            # (the object itself was found through the editor's scoped lookup).
            units = units | units.model.objects.filter(pk=current)
        self.fields[field].queryset = units
        if units.count() == 1 and not self.is_bound and not self.initial.get(field):
            self.initial[field] = units.first().pk


class CampaignForm(UnitChoiceMixin, forms.ModelForm):
    hero = CheckedImageField(label=_("Ảnh đại diện (ảnh bìa)"), required=False,
                             help_text=_("Dùng để tạo ảnh xem trước 1200×630 khi chia sẻ lên Facebook, Zalo."))

    class Meta:
        model = Campaign
        fields = [
            "unit", "title", "slug", "summary", "starts_on", "ends_on", "goals", "body", "congress_number",
            "term_start_year", "term_end_year", "previous_results", "directions", "is_public",
        ]
        widgets = {
            "starts_on": DATE, "ends_on": DATE,
            "body": forms.Textarea(attrs={"rows": 6}), "goals": forms.Textarea(attrs={"rows": 4}),
            "previous_results": forms.Textarea(attrs={"rows": 5}), "directions": forms.Textarea(attrs={"rows": 5}),
        }
        help_texts = {
            "slug": _("Chữ thường không dấu, số và gạch nối, ví dụ: dai-hoi-xii"),
            "congress_number": _("Chỉ điền với chiến dịch Đại hội, ví dụ: 12"),
        }

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.limit_units("unit", units)

    def clean_slug(self):
        slug = self.cleaned_data["slug"].lower()
        if slug in RESERVED_SLUGS:
            raise forms.ValidationError(_("Đường dẫn “%(slug)s” đã được dành riêng, hãy chọn đường dẫn khác.") % {"slug": slug})
        return slug

    def clean(self):
        data = super().clean()
        start, end = data.get("term_start_year"), data.get("term_end_year")
        if start and end and end < start:
            self.add_error("term_end_year", _("Năm kết thúc nhiệm kỳ phải sau năm bắt đầu."))
        if data.get("starts_on") and data.get("ends_on") and data["ends_on"] < data["starts_on"]:
            self.add_error("ends_on", _("Ngày kết thúc phải sau ngày bắt đầu."))
        return data


class NewsForm(UnitChoiceMixin, forms.ModelForm):
    images = MultipleImageField(label=_("Ảnh"), help_text=_("Ảnh JPEG, PNG, WebP hoặc HEIC; tối đa 10 ảnh."))

    class Meta:
        model = NewsPost
        fields = ["unit", "campaign", "title", "summary", "body", "is_public"]
        widgets = {"body": forms.Textarea(attrs={"rows": 10})}
        help_texts = {"body": _("Văn bản thường; có thể dùng thẻ HTML đơn giản (đậm, nghiêng, danh sách, liên kết).")}

    def __init__(self, *args, units, campaigns, **kwargs):
        super().__init__(*args, **kwargs)
        self.limit_units("unit", units)
        self.fields["campaign"].queryset = campaigns
        self.fields["campaign"].required = False


class KitForm(UnitChoiceMixin, forms.ModelForm):
    images = MultipleImageField(label=_("Ảnh để đoàn viên tải về và đăng kèm"))

    class Meta:
        model = ShareKit
        fields = ["audience", "campaign", "title", "caption", "hashtags", "target_url", "valid_from", "valid_to",
                  "asks_for_frame"]
        widgets = {"valid_from": DATE, "valid_to": DATE, "caption": forms.Textarea(attrs={"rows": 6})}

    def __init__(self, *args, units, campaigns, **kwargs):
        super().__init__(*args, **kwargs)
        self.limit_units("audience", units)
        self.fields["campaign"].queryset = campaigns
        self.fields["campaign"].required = False

    def clean_target_url(self):
        value = self.cleaned_data["target_url"].strip()
        if not is_safe_target(value):
            raise forms.ValidationError(TARGET_ERROR)
        return value

    def clean_hashtags(self):
        tags = self.cleaned_data["hashtags"].replace(",", " ").split()
        return " ".join(t if t.startswith("#") else f"#{t}" for t in tags)

    def clean(self):
        data = super().clean()
        if data.get("valid_from") and data.get("valid_to") and data["valid_to"] < data["valid_from"]:
            self.add_error("valid_to", _("Ngày hết hiệu lực phải sau ngày bắt đầu."))
        return data


class ProofForm(forms.Form):
    form_token = FormTokenField()
    post_url = forms.URLField(
        label=_("Đường dẫn bài đăng của bạn"), max_length=1000, assume_scheme="https",
        widget=forms.URLInput(attrs={"placeholder": "https://www.facebook.com/…/posts/…", "inputmode": "url"}),
    )
    screenshot = CheckedImageField(label=_("Ảnh chụp màn hình (không bắt buộc)"), required=False)


class RejectForm(forms.Form):
    reason = forms.CharField(label=_("Lý do"), max_length=300, required=False)


class LessonForm(UnitChoiceMixin, forms.ModelForm):
    picture = CheckedImageField(label=_("Ảnh minh họa"), required=False)

    class Meta:
        model = Lesson
        fields = ["unit", "title", "slug", "summary", "body", "position", "is_published"]
        widgets = {"body": forms.Textarea(attrs={"rows": 12})}

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.limit_units("unit", units)
