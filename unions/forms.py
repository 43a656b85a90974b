from django import forms
from django.contrib.auth import password_validation
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from accounts.text import normalize_phone
from uploads.forms import ImportFileField

from .models import Role


class ContactFieldsMixin:
    """Phone and email checks shared by the add-member and registration forms."""

    def clean_phone(self):
        raw = self.cleaned_data.get("phone")
        if not raw:
            return None
        phone = normalize_phone(raw)
        if not phone:
            raise forms.ValidationError(_("Số điện thoại không hợp lệ (ví dụ: 0912345678)."))
        return phone

    def clean_email(self):
        return (self.cleaned_data.get("email") or "").strip().lower() or None

    def clean(self):
        data = super().clean()
        if not data.get("phone") and not data.get("email") and not self.errors:
            raise forms.ValidationError(_("Cần nhập số điện thoại hoặc email."))
        return data


class MemberForm(ContactFieldsMixin, forms.Form):
    full_name = forms.CharField(label=_("Họ và tên"), max_length=150)
    phone = forms.CharField(label=_("Số điện thoại"), max_length=20, required=False)
    email = forms.EmailField(label=_("Email"), required=False)
    member_code = forms.CharField(label=_("Mã đoàn viên"), max_length=50, required=False)


class RegisterForm(ContactFieldsMixin, forms.Form):
    full_name = forms.CharField(label=_("Họ và tên"), max_length=150)
    phone = forms.CharField(
        label=_("Số điện thoại"), max_length=20, required=False, widget=forms.TextInput(attrs={"inputmode": "tel"})
    )
    email = forms.EmailField(label=_("Email"), required=False)
    member_code = forms.CharField(label=_("Mã đoàn viên (nếu có)"), max_length=50, required=False)
    password1 = forms.CharField(label=_("Mật khẩu"), widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}))
    password2 = forms.CharField(
        label=_("Nhập lại mật khẩu"), widget=forms.PasswordInput(attrs={"autocomplete": "new-password"})
    )
    consent = forms.BooleanField(
        label=_(
            "Tôi đồng ý để công đoàn lưu và xử lý thông tin cá nhân trên nhằm quản lý đoàn viên "
            "và liên lạc với tôi."
        )
    )

    def clean(self):
        data = super().clean()
        p1, p2 = data.get("password1"), data.get("password2")
        if p1 and p2 and p1 != p2:
            self.add_error("password2", _("Hai mật khẩu không khớp."))
        elif p1:
            try:
                password_validation.validate_password(
                    p1, User(full_name=data.get("full_name") or "", email=data.get("email"), phone=data.get("phone"))
                )
            except forms.ValidationError as exc:
                self.add_error("password1", exc)
        return data


class ImportForm(forms.Form):
    file = ImportFileField(label=_("Tệp CSV hoặc Excel (.xlsx)"))


class RoleForm(forms.Form):
    login = forms.CharField(label=_("Số điện thoại, email hoặc tên đăng nhập"), max_length=254)
    kind = forms.ChoiceField(label=_("Vai trò"), choices=Role.Kind.choices)

    def clean_login(self):
        user = User.objects.get_by_login(self.cleaned_data["login"])
        if user is None:
            raise forms.ValidationError(_("Không tìm thấy tài khoản này."))
        return user
