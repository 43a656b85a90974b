"""Pages of the incidents app: officers only, every object looked up through ``incidents.access``."""

import json

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core import exporters, once
from core.errors import ServiceError
from core.forms import run_service
from unions.access import officer_or_404
from uploads.serving import protected_file_response

from . import access, exports, matching, selectors, services
from .forms import (
    ActionForm,
    HotIssueForm,
    IncidentFilterForm,
    MisinfoFilterForm,
    MisinformationForm,
    MisinfoStatusForm,
    RebuttalDecideForm,
    RebuttalForm,
    TakedownForm,
    TakedownOutcomeForm,
    UpdateForm,
)
from .models import ACTION_LABELS, RATING_VALUES, Rebuttal, RebuttalStatus

PAGE = 25


def _querystring(request):
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


# --- hot issues -------------------------------------------------------------------------------


def _filtered_issues(request):
    form = IncidentFilterForm(request.GET or None)
    kwargs = {}
    if form.is_valid():
        data = form.cleaned_data
        status = data.get("status") or ""
        kwargs = {"status": "" if status == "open" else status, "open_only": status == "open",
                  "kind": data.get("kind") or "", "severity": data.get("severity") or "", "query": data.get("q") or ""}
    return form, selectors.hot_issue_list(request.user, **kwargs)


@officer_or_404
def incident_list(request):
    form, issues = _filtered_issues(request)
    page = Paginator(issues, PAGE).get_page(request.GET.get("page"))
    return render(request, "incidents/list.html", {
        "form": form, "page": page, "querystring": _querystring(request), "now": timezone.now(),
    })


@officer_or_404
def incident_export(request):
    """A streamed CSV of the register as filtered."""
    _form, issues = _filtered_issues(request)
    stamp = timezone.localdate().isoformat()
    return exporters.csv_response(exports.HotIssuesExporter(issues), f"vu-viec-nong-{stamp}.csv")


@officer_or_404
def incident_export_xlsx(request):
    """The registers as XLSX: hot issues as filtered, and the misinformation log."""
    _form, issues = _filtered_issues(request)
    stamp = timezone.localdate().isoformat()
    exporter = exports.HotIssuesExporter(issues, selectors.misinformation_list(request.user))
    return exporters.xlsx_response(exporter, f"so-theo-doi-vu-viec-{stamp}.xlsx")


@officer_or_404
def incident_create(request):
    form = HotIssueForm(request.POST or None, request.FILES or None, scope=request.scope)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        files = data.pop("checked_files")
        data.pop("files", None)
        data.pop(once.FIELD, None)
        unit = data.pop("unit")
        done, result = run_service(
            form, once.create_once, user=request.user, token=once.token_of(request), form="hotissue",
            create=lambda: services.hot_issue_report(actor=request.user, unit=unit, files=files, **data),
            find=lambda pk: access.get_hot_issue_for_user(request.user, pk),
        )
        if done:
            issue, created = result
            messages.success(request, _("Đã ghi nhận vụ việc.") if created else _("Vụ việc này đã được ghi nhận trước đó."))
            return redirect(issue)
    return render(request, "incidents/form.html", {
        "form": form, "title": _("Báo cáo vụ việc nóng"), "multipart": True,
    }, status=400 if form.errors else 200)


def _detail(request, issue, *, action_form=None, update_form=None, status=200):
    return render(request, "incidents/detail.html", {
        "issue": issue,
        "updates": issue.updates.select_related("author", "to_unit").prefetch_related("attachments"),
        "files": issue.attachments.filter(update__isnull=True),
        "actions": [(a, ACTION_LABELS[a]) for a in issue.allowed_actions(request.scope)],
        "action_form": action_form or ActionForm(),
        "update_form": update_form or UpdateForm(),
        "viewers": selectors.viewers(issue),
        "now": timezone.now(),
    }, status=status)


@officer_or_404
def incident_detail(request, pk):
    issue = access.get_hot_issue_for_user(request.user, pk)
    services.hot_issue_record_view(issue=issue, user=request.user)
    return _detail(request, issue)


@officer_or_404
@require_POST
def incident_action(request, pk, action):
    issue = access.get_hot_issue_for_user(request.user, pk)
    if action not in ACTION_LABELS:
        raise Http404
    form = ActionForm(request.POST)
    if form.is_valid():
        done, _result = run_service(form, services.hot_issue_transition, issue=issue, actor=request.user,
                                    action=action, note=form.cleaned_data["note"])
        if done:
            messages.success(request, _("Đã cập nhật vụ việc: %(action)s.") % {"action": ACTION_LABELS[action]})
            return redirect(issue)
    return _detail(request, issue, action_form=form, status=400)


@officer_or_404
@require_POST
def incident_update(request, pk):
    issue = access.get_hot_issue_for_user(request.user, pk)
    form = UpdateForm(request.POST, request.FILES)
    if form.is_valid():
        done, _result = run_service(form, services.hot_issue_add_update, issue=issue, actor=request.user,
                                    body=form.cleaned_data["body"], files=form.cleaned_data["checked_files"])
        if done:
            messages.success(request, _("Đã thêm diễn biến."))
            return redirect(issue)
    return _detail(request, issue, update_form=form, status=400)


def incident_file(request, pk, file_pk):
    """A photo or document of a hot issue: the same check as the page; 404 for everyone else."""
    attachment = access.get_attachment_for_user(request.user, pk, file_pk)
    return protected_file_response(attachment.file.storage, attachment.file.name, public=False)


@officer_or_404
def incident_dashboard(request):
    return render(request, "incidents/dashboard.html", {"data": selectors.dashboard(request.user)})


# --- misinformation ---------------------------------------------------------------------------


@officer_or_404
def misinfo_list(request):
    form = MisinfoFilterForm(request.GET or None)
    kwargs = {}
    if form.is_valid():
        kwargs = {k: form.cleaned_data.get(k) or "" for k in ("status", "rating")}
        kwargs["query"] = form.cleaned_data.get("q") or ""
    page = Paginator(selectors.misinformation_list(request.user, **kwargs), PAGE).get_page(request.GET.get("page"))
    return render(request, "incidents/misinfo_list.html", {
        "form": form, "page": page, "querystring": _querystring(request),
    })


@officer_or_404
def misinfo_create(request):
    form = MisinformationForm(request.POST or None, request.FILES or None, scope=request.scope)
    same_url, similar = [], []
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        same_url, similar = matching.duplicates(access.misinformation_visible_to(request.user),
                                                url=data["source_url"], claim=data["claim"])
        if (same_url or similar) and not data.get("confirm"):
            form.data = form.data.copy()
            form.data["confirm"] = "True"
            messages.warning(request, _("Có thông tin tương tự đã được ghi nhận. Hãy xem lại trước khi lưu."))
        else:
            done, item = run_service(
                form, services.misinformation_log,
                actor=request.user, unit=data["unit"], source_url=data["source_url"], platform=data["platform"],
                claim=data["claim"], rating=data["rating"], found_at=data.get("found_at"),
                screenshot=data.get("checked_screenshot"),
            )
            if done:
                messages.success(request, _("Đã ghi nhận thông tin xấu, độc."))
                return redirect(item)
    return render(request, "incidents/misinfo_form.html", {
        "form": form, "same_url": same_url, "similar": similar,
    }, status=400 if form.errors else 200)


def _misinfo_page(request, item, status=200, **forms):
    rebuttal = getattr(item, "rebuttal", None)  # RelatedObjectDoesNotExist is an AttributeError
    rebuttal_form = forms.get("rebuttal_form")
    if rebuttal_form is None and (rebuttal is None or rebuttal.is_editable):
        rebuttal_form = RebuttalForm(initial={
            "title": rebuttal.title, "summary": rebuttal.summary, "body": rebuttal.body, "sources": rebuttal.sources,
        } if rebuttal else None)
    return render(request, "incidents/misinfo_detail.html", {
        "item": item,
        "rebuttal": rebuttal,
        "rebuttal_form": rebuttal_form,
        "may_decide": bool(rebuttal and rebuttal.may_decide(request.scope)),
        "decide_form": forms.get("decide_form") or RebuttalDecideForm(),
        "status_form": MisinfoStatusForm(initial={"status": item.status}),
        "takedown_form": forms.get("takedown_form") or TakedownForm(initial={"platform": item.platform}),
        "outcome_form": TakedownOutcomeForm(),
        "takedowns": item.takedowns.select_related("sent_by"),
        "now": timezone.now(),
    }, status=status)


@officer_or_404
def misinfo_detail(request, pk):
    item = access.get_misinformation_for_user(request.user, pk)
    return _misinfo_page(request, item)


def misinfo_screenshot(request, pk):
    item = access.get_misinformation_for_user(request.user, pk)
    if not item.screenshot:
        raise Http404
    return protected_file_response(item.screenshot.storage, item.screenshot.name, public=False)


@officer_or_404
@require_POST
def misinfo_status(request, pk):
    item = access.get_misinformation_for_user(request.user, pk)
    form = MisinfoStatusForm(request.POST)
    if form.is_valid():
        services.misinformation_set_status(item=item, actor=request.user, status=form.cleaned_data["status"])
        messages.success(request, _("Đã cập nhật trạng thái."))
        return redirect(item)
    return _misinfo_page(request, item, status=400)


@officer_or_404
@require_POST
def rebuttal_edit(request, pk):
    item = access.get_misinformation_for_user(request.user, pk)
    form = RebuttalForm(request.POST)
    if form.is_valid():
        done, rebuttal = run_service(form, services.rebuttal_save, item=item, actor=request.user,
                                     submit="submit" in request.POST, **form.cleaned_data)
        if done:
            messages.success(request, _("Đã gửi bài phản bác chờ duyệt.") if rebuttal.status == RebuttalStatus.PENDING
                             else _("Đã lưu bản nháp bài phản bác."))
            return redirect(item)
    return _misinfo_page(request, item, status=400, rebuttal_form=form)


@officer_or_404
@require_POST
def rebuttal_decide(request, pk):
    item = access.get_misinformation_for_user(request.user, pk)
    rebuttal = getattr(item, "rebuttal", None)  # RelatedObjectDoesNotExist is an AttributeError
    if rebuttal is None:
        raise Http404
    form = RebuttalDecideForm(request.POST)
    if form.is_valid():
        done, _result = run_service(form, services.rebuttal_decide, rebuttal=rebuttal, editor=request.user,
                                    **form.cleaned_data)
        if done:
            messages.success(request, _("Đã đăng bài phản bác.") if form.cleaned_data["decision"] == "approve"
                             else _("Đã trả lại bài phản bác."))
            return redirect(item)
    return _misinfo_page(request, item, status=400, decide_form=form)


@officer_or_404
@require_POST
def takedown_create(request, pk):
    item = access.get_misinformation_for_user(request.user, pk)
    form = TakedownForm(request.POST)
    if form.is_valid():
        done, _result = run_service(form, services.takedown_request, item=item, actor=request.user,
                                    **form.cleaned_data)
        if done:
            messages.success(request, _("Đã ghi nhận đề nghị gỡ bỏ; hạn theo dõi 24 giờ."))
            return redirect(item)
    return _misinfo_page(request, item, status=400, takedown_form=form)


@officer_or_404
@require_POST
def takedown_outcome(request, pk):
    takedown = access.get_takedown_for_user(request.user, pk)
    form = TakedownOutcomeForm(request.POST)
    if form.is_valid():
        try:
            services.takedown_record_outcome(takedown=takedown, actor=request.user, **form.cleaned_data)
        except ServiceError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("Đã ghi nhận kết quả."))
    else:
        messages.error(request, _("Hãy chọn kết quả."))
    return redirect(takedown.misinformation)


# --- public rebuttals -------------------------------------------------------------------------


def rebuttal_list(request):
    qs = Rebuttal.objects.published().select_related("misinformation").order_by("-published_at", "-id")
    page = Paginator(qs, 12).get_page(request.GET.get("page"))
    return render(request, "rebuttals/list.html", {"page": page, "querystring": ""})


def claim_review(rebuttal, page_url):
    """The schema.org ClaimReview of a published rebuttal (what search engines and fact-check tools read)."""
    item = rebuttal.misinformation
    rating = {
        "@type": "Rating",
        "alternateName": item.get_rating_display(),
        "bestRating": 5,
        "worstRating": 1,
    }
    if item.rating in RATING_VALUES:
        rating["ratingValue"] = RATING_VALUES[item.rating]
    return {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "url": page_url,
        "claimReviewed": item.claim,
        "datePublished": timezone.localtime(rebuttal.published_at).date().isoformat(),
        "headline": rebuttal.title,
        "reviewBody": rebuttal.summary,
        "inLanguage": "vi",
        "author": {"@type": "Organization", "name": item.unit.name, "url": settings.SITE_URL + "/"},
        "reviewRating": rating,
        "itemReviewed": {
            "@type": "Claim",
            "datePublished": timezone.localtime(item.found_at).date().isoformat(),
            "appearance": [{"@type": "CreativeWork", "url": item.source_url}],
            "author": {"@type": "Organization", "name": item.get_platform_display()},
        },
    }


def rebuttal_detail(request, slug):
    rebuttal = access.get_published_rebuttal(slug)
    page_url = settings.SITE_URL + rebuttal.get_absolute_url()
    data = json.dumps(claim_review(rebuttal, page_url), ensure_ascii=False)
    share_url = selectors.personal_share_url(request.user, rebuttal) or page_url
    # Inside <script>, "</" must not end the element early.
    data = data.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return render(request, "rebuttals/detail.html", {
        "rebuttal": rebuttal,
        "item": rebuttal.misinformation,
        "page_url": page_url,
        "share_url": share_url,
        "og_image": settings.SITE_URL + static("submissions/og-default.png"),
        "claim_review_json": data,
        "zalo_oa_id": settings.ZALO_OA_ID,
    })

