from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from .forms import ProfileForm
from .models import User
from .services import user_password_was_reset, user_update_profile


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
    return render(request, "accounts/profile.html", {"form": form})


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    def form_valid(self, form):
        response = super().form_valid(form)
        user_password_was_reset(user=form.user)
        return response
