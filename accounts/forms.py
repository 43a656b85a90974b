from django import forms
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm, SetPasswordForm
from django.utils.translation import gettext_lazy as _

from .models import User
from .text import normalize_phone


class LoginForm(AuthenticationForm):
    username = forms.CharField(
        label=_("Số điện thoại, email hoặc tên đăng nhập"),
        max_length=254,
        widget=forms.TextInput(attrs={"autofocus": True, "autocomplete": "username"}),
    )

    error_messages = {
        "invalid_login": _(
            "Thông tin đăng nhập hoặc mật khẩu không đúng. Lưu ý: sau %(limit)s lần sai, việc đăng nhập "
            "bị tạm khóa %(minutes)s phút."
        ),
        "inactive": _("Tài khoản này đã bị khóa."),
    }

    def get_invalid_login_error(self):
        return forms.ValidationError(
            self.error_messages["invalid_login"],
            code="invalid_login",
            params={
                "limit": settings.AXES_FAILURE_LIMIT,
                "minutes": int(settings.AXES_COOLOFF_TIME.total_seconds() // 60),
            },
        )


class ProfileForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["full_name", "phone", "email"]

    def clean_phone(self):
        raw = self.cleaned_data.get("phone")
        if not raw:
            return None
        phone = normalize_phone(raw)
        if not phone:
            raise forms.ValidationError(_("Số điện thoại không hợp lệ (ví dụ: 0912345678)."))
        if User.objects.filter(phone=phone).exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError(_("Số điện thoại này đã được dùng cho tài khoản khác."))
        return phone

    def clean_email(self):
        email = (self.cleaned_data.get("email") or "").strip().lower()
        if email and User.objects.filter(email=email).exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError(_("Email này đã được dùng cho tài khoản khác."))
        return email or None


class PortalPasswordResetForm(PasswordResetForm):
    """Also reaches accounts that never had a password.

    Members added by an officer or imported from a file get an account without a password; the
    reset link is how they set their first one. Django's form skips such accounts, which left them
    no way to sign in at all.
    """

    def get_users(self, email):
        return (
            user
            for user in User._default_manager.filter(email__iexact=email, is_active=True)
            if (user.email or "").lower() == email.strip().lower()
        )


class OwnPasswordForm(SetPasswordForm):
    """A new password of the member's own choosing, in place of the temporary one."""

    def clean_new_password1(self):
        password = self.cleaned_data.get("new_password1")
        if password and self.user.check_password(password):
            raise forms.ValidationError(_("Hãy chọn mật khẩu khác với mật khẩu tạm."))
        return password
