"""Forms of the avatar-frame studio and of the officers' frame pages."""

import re

from django import forms
from django.utils.translation import gettext_lazy as _

from .forms import CheckedImageField, UnitChoiceMixin
from .models import AvatarFrame

COLOUR = re.compile(r"^#[0-9A-Fa-f]{6}$")


class ColourInput(forms.TextInput):
    """``<input type="color">``: it always holds a colour, so ``required`` and ``maxlength`` (which
    HTML does not allow on it) are left out; the form still checks the value."""

    input_type = "color"

    def use_required_attribute(self, initial):
        return False

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["attrs"].pop("maxlength", None)
        return context


class FrameSettingsForm(forms.ModelForm):
    class Meta:
        model = AvatarFrame
        fields = ["title", "label_enabled", "label_x", "label_y", "label_max_width", "label_size", "label_color",
                  "label_outline", "label_uppercase", "is_published"]
        widgets = {"label_color": ColourInput(),
                   "label_outline": forms.TextInput(attrs={"placeholder": "#8B0000"})}

    def clean_label_color(self):
        return self._colour("label_color", required=True)

    def clean_label_outline(self):
        return self._colour("label_outline", required=False)

    def _colour(self, name, *, required):
        value = (self.cleaned_data.get(name) or "").strip()
        if not value and not required:
            return ""
        if not COLOUR.match(value):
            raise forms.ValidationError(_("Mã màu dạng #RRGGBB, ví dụ #FFFFFF."))
        return value.upper()

    def clean(self):
        data = super().clean()
        for name, low, high in (("label_x", 0, 100), ("label_y", 0, 100), ("label_max_width", 10, 100),
                                ("label_size", 12, 200)):
            value = data.get(name)
            if value is not None and not low <= value <= high:
                self.add_error(name, _("Giá trị từ %(low)s đến %(high)s.") % {"low": low, "high": high})
        return data


class FrameUploadForm(UnitChoiceMixin, FrameSettingsForm):
    image = CheckedImageField(
        label=_("Tệp khung (PNG trong suốt, vuông, tối thiểu 1080×1080)"),
        help_text=_("Phần ô đặt ảnh ở giữa khung phải trong suốt."),
        widget=forms.ClearableFileInput(attrs={"accept": "image/png"}),
    )

    class Meta(FrameSettingsForm.Meta):
        fields = ["unit", *FrameSettingsForm.Meta.fields]

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.limit_units("unit", units)
        self.fields["unit"].label = _("Đơn vị sở hữu khung")


class FrameEditForm(FrameSettingsForm):
    image = CheckedImageField(label=_("Thay tệp khung (không bắt buộc)"), required=False,
                              widget=forms.ClearableFileInput(attrs={"accept": "image/png"}))

    class Meta(FrameSettingsForm.Meta):
        pass


class PhotoForm(forms.Form):
    """The studio's form without JavaScript: a photo, a frame, the variant and the output format."""

    frame = forms.IntegerField(widget=forms.HiddenInput)
    unit = forms.IntegerField(required=False, widget=forms.HiddenInput)
    # Header checks only (type, size, pixel cap, bomb): the studio decodes at reduced size.
    photo = CheckedImageField(label=_("Ảnh của bạn"), decode=False)
    format = forms.ChoiceField(label=_("Định dạng tải về"), choices=[("jpeg", "JPEG"), ("png", "PNG")],
                               initial="jpeg", required=False)

    def clean_format(self):
        return self.cleaned_data.get("format") or "jpeg"
