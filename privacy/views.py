from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from core.errors import ServiceError
from unions.access import officer_required

from . import access, selectors, services
from .forms import DeclineForm, ErasureRequestForm
from .models import ConsentRecord


def notice(request):
    """The privacy notice (public): what is collected, why, for how long, and the member's rights."""
    accepted = None
    if request.user.is_authenticated:
        accepted = ConsentRecord.objects.filter(
            user=request.user, purpose=ConsentRecord.Purpose.NOTICE, notice_version=settings.PRIVACY_NOTICE_VERSION
        ).first()
    if request.method == "POST" and request.user.is_authenticated and accepted is None:
        services.notice_accept(user=request.user)
        messages.success(request, _("Đã ghi nhận bạn đồng ý với thông báo này."))
        return redirect("privacy_notice")
    return render(request, "privacy/notice.html", {
        "version": settings.PRIVACY_NOTICE_VERSION, "accepted": accepted, "erasure_days": settings.PRIVACY_ERASURE_DAYS,
        "retention": settings.RETENTION_DAYS,
    })


@never_cache
@login_required
@require_POST
def export(request):
    """The member's data as a ZIP (JSON and their files), straight from the profile page."""
    services.export_record(user=request.user)
    archive = services.export_archive(user=request.user)
    name = f"du-lieu-ca-nhan-{timezone.localdate():%Y-%m-%d}.zip"
    return FileResponse(archive, as_attachment=True, filename=name, content_type="application/zip")


@login_required
@require_POST
def erasure_request(request):
    form = ErasureRequestForm(request.POST)
    if form.is_valid() and form.cleaned_data["confirm"]:
        try:
            services.erasure_request(user=request.user, reason=form.cleaned_data["reason"])
        except ServiceError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("Đã gửi yêu cầu xoá dữ liệu. Công đoàn của bạn sẽ xử lý trong %(days)s ngày.")
                             % {"days": settings.PRIVACY_ERASURE_DAYS})
    else:
        messages.error(request, _("Hãy đánh dấu ô xác nhận trước khi gửi yêu cầu xoá dữ liệu."))
    return redirect("profile")


@officer_required
def requests(request):
    """Erasure requests of the members of the officer's subtree (a bounded list, pending first)."""
    items = list(selectors.requests_for(request.scope))
    return render(request, "privacy/requests.html", {"items": items, "now": timezone.now()})


@officer_required
def request_detail(request, pk):
    item = access.get_request_for_officer(request.user, pk)
    decline_form = DeclineForm(request.POST if request.POST.get("action") == "decline" else None)
    if request.method == "POST":
        try:
            if request.POST.get("action") == "erase":
                services.erasure_carry_out(request=item, actor=request.user)
                messages.success(request, _("Đã xoá dữ liệu cá nhân theo yêu cầu."))
                return redirect("privacy_requests")
            if request.POST.get("action") == "decline" and decline_form.is_valid():
                services.erasure_decline(request=item, actor=request.user, answer=decline_form.cleaned_data["answer"])
                messages.success(request, _("Đã trả lời đoàn viên."))
                return redirect("privacy_requests")
        except ServiceError as exc:
            messages.error(request, str(exc))
            return redirect("privacy_request_detail", pk=item.pk)
        return render(request, "privacy/request_detail.html", {"item": item, "decline_form": decline_form},
                      status=400)
    return render(request, "privacy/request_detail.html", {"item": item, "decline_form": decline_form})
