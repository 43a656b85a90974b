from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from . import access, selectors, services
from .models import CATEGORY_HELP, EmailOptOut, Notification

PAGE_SIZE = 30


@login_required
def notification_list(request):
    qs = Notification.objects.filter(recipient=request.user).only(
        "pk", "category", "title", "body", "title_en", "body_en", "url", "created_at", "read_at"
    )
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    language = get_language()
    for n in page:
        n.shown_title, n.shown_body = n.title_for(language), n.body_for(language)
    return render(request, "notifications/list.html", {"page": page})


@login_required
@require_POST
def notification_open(request, pk):
    notification = access.get_notification_for_user(request.user, pk)
    services.notifications_mark_read(user=request.user, ids=[notification.pk])
    target = notification.url
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return redirect(target)
    return redirect("notification_list")


@login_required
@require_POST
def notification_mark_all_read(request):
    services.notifications_mark_read(user=request.user)
    messages.success(request, _("Đã đánh dấu tất cả là đã đọc."))
    return redirect("notification_list")


@login_required
def notification_preferences(request):
    """Email on/off per category, for the categories that can reach this user only
    (``models.CATEGORY_AUDIENCES``: members, officers, HQ)."""
    categories = selectors.categories_for(request.user)
    if request.method == "POST":
        wanted = set(request.POST.getlist("email"))
        opted_out = [c for c in categories if c not in wanted]
        services.email_preferences_set(user=request.user, opted_out_categories=opted_out, categories=categories)
        messages.success(request, _("Đã lưu cài đặt nhận email."))
        return redirect("notification_preferences")
    opted_out = set(EmailOptOut.objects.filter(user=request.user).values_list("category", flat=True))
    rows = [(c.value, c.label, CATEGORY_HELP[c], c not in opted_out) for c in categories]
    return render(request, "notifications/preferences.html", {"rows": rows})
