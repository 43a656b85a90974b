from django.conf import settings
from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render, resolve_url
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST

from core.errors import ServiceError

from .forms import OwnPasswordForm, ProfileForm
from .models import ApiToken, User
from .services import (
    api_token_create,
    api_token_revoke,
    may_hold_api_token,
    user_password_was_reset,
    user_set_own_password,
    user_update_profile,
)


@login_required
def profile(request):
    # The form validates a copy: ModelForm writes the submitted values into its instance while
    # validating, so handing it request.user would make the service see no change (nothing saved)
    # and show a rejected name in the navbar.
    form = ProfileForm(request.POST or None, instance=User.objects.get(pk=request.user.pk))
    if request.method == "POST" and form.is_valid():
        user_update_profile(user=request.user, **form.cleaned_data)
        messages.success(request, _("Đã lưu thông tin cá nhân."))
        return redirect("profile")
    return _profile_page(request, form)


def _profile_page(request, form=None, *, new_key=None, token_error="", token_name="", status=200):
    form = form or ProfileForm(instance=User.objects.get(pk=request.user.pk))
    context = {"form": form, "may_hold_api_token": may_hold_api_token(request.user)}
    if context["may_hold_api_token"]:
        context.update({
            "api_tokens": list(ApiToken.objects.filter(user=request.user, revoked_at__isnull=True)),
            "new_key": new_key, "token_error": token_error, "token_name": token_name,
        })
    return render(request, "accounts/profile.html", context, status=status)


@never_cache
@login_required
@require_POST
def api_token_new(request):
    """Create a named API key; the page shows it this once (it is never stored, only its digest)."""
    name = request.POST.get("name", "")
    try:
        _token, key = api_token_create(user=request.user, name=name)
    except ServiceError as exc:
        if not may_hold_api_token(request.user):
            from django.core.exceptions import PermissionDenied

            raise PermissionDenied from exc
        return _profile_page(request, token_error=str(exc), token_name=name, status=400)
    return _profile_page(request, new_key=key)


@login_required
@require_POST
def api_token_revoke_view(request, pk):
    token = get_object_or_404(ApiToken, pk=pk, user=request.user, revoked_at__isnull=True)
    api_token_revoke(token=token, actor=request.user)
    messages.success(request, _("Đã thu hồi khóa “%(name)s”. Các chương trình dùng khóa này sẽ bị từ chối.") % {
        "name": token.name})
    return redirect("profile")


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    def form_valid(self, form):
        response = super().form_valid(form)
        user_password_was_reset(user=form.user)
        return response


@sensitive_post_parameters()
@never_cache
@login_required
def password_set_own(request):
    """After signing in with a temporary password: choose one's own (no old password asked).

    Only for accounts holding a temporary password; anyone else changes theirs on the usual page,
    which asks for the current one.
    """
    if not request.user.must_change_password:
        return redirect("password_change")
    form = OwnPasswordForm(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        user_set_own_password(user=request.user, password=form.cleaned_data["new_password1"])
        update_session_auth_hash(request, request.user)  # stay signed in with the new password
        messages.success(request, _("Đã đặt mật khẩu mới. Từ nay hãy đăng nhập bằng mật khẩu này."))
        target = request.GET.get("next", "")
        if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()},
                                               require_https=request.is_secure()):
            target = resolve_url(settings.LOGIN_REDIRECT_URL)
        return redirect(target)
    return render(request, "accounts/password_set_own.html", {"form": form})
