from urllib.parse import urlsplit

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from campaigns.models import Campaign
from core import exporters, once
from core.pagination import lookahead_page
from core.ratelimit import rate_limit
from unions.access import member_unions, officer_required
from unions.models import Union
from unions.pickers import suggest_units
from uploads.serving import protected_file_response

from . import access, exports, extensions, selectors, services
from .forms import BulkForm, DecisionForm, FanpageForm, QueueFilterForm, StoryFilterForm, SubmissionForm
from .models import Decision, Kind, Status, SubmissionMedia

QUEUE_PAGE = 25
STORIES_PAGE = 12


def _is_xhr(request):
    return request.headers.get("X-Requested-With") == "XMLHttpRequest"


def _done(request, url):
    """Redirect after success; the upload script gets JSON so it can follow without losing messages."""
    if _is_xhr(request):
        return JsonResponse({"redirect": url})
    return redirect(url)


def _form_page(request, form, *, submission=None, status=200):
    context = {
        "form": form,
        "submission": submission,
        # A failed POST cannot keep the chosen files: browsers never re-fill file inputs.
        "files_dropped": request.method == "POST" and bool(request.FILES) and form.is_bound and bool(form.errors),
    }
    return render(request, "submissions/form.html", context, status=status)


@login_required
@rate_limit("upload")
def submission_new(request):
    units = member_unions(request.user).order_by("name")
    if not units.exists():
        return render(request, "submissions/not_member.html", status=403)
    submitting = "submit" in request.POST
    initial = {"kind": request.GET.get("kind", Kind.GOOD_DEED)}
    if request.GET.get("campaign"):  # the campaign hub links here with its slug
        initial["campaign"] = Campaign.objects.public().filter(slug=request.GET["campaign"]).first()
    form = SubmissionForm(
        request.POST or None, request.FILES or None, units=units, submitting=submitting, initial=initial,
        user=request.user, query=request.GET,
    )
    if request.method == "POST" and form.is_valid():
        try:
            submission, created = once.create_once(
                user=request.user, token=once.token_of(request), form="submission",
                create=lambda: services.submission_create(author=request.user, submit=submitting, **form.service_kwargs()),
                find=lambda pk: access.get_own_submission(request.user, pk),
            )
        except services.ServiceError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, str(exc))
        else:
            if not created:  # a double tap or a retry: the item of the first one
                messages.info(request, _("Bài “%(title)s” đã được gửi trước đó.") % {"title": submission.title})
            elif submitting:
                messages.success(request, _("Đã gửi bài “%(title)s”. Bài đang chờ duyệt.") % {"title": submission.title})
            else:
                messages.success(request, _("Đã lưu bản nháp “%(title)s”.") % {"title": submission.title})
            return _done(request, submission.mine_url())
    return _form_page(request, form, status=400 if form.is_bound and form.errors else 200)


@login_required
@rate_limit("upload")
def submission_edit(request, pk):
    submission = access.get_own_submission(request.user, pk)
    if not submission.is_editable():
        if submission.is_withdrawable():  # pending: it may be withdrawn, then edited
            messages.info(request, _("Bài đang chờ duyệt nên chưa sửa được. Muốn sửa, hãy rút bài trước."))
        else:
            messages.info(request, _("Bài này đang được duyệt hoặc đã có quyết định, không sửa được nữa."))
        return redirect("submission_mine")
    submitting = "submit" in request.POST
    initial = {
        "kind": submission.kind,
        "title": submission.title,
        "body": submission.body,
        "topic": submission.topic_id,
        "campaign": submission.campaign_id,
        "consent_publication": submission.consent_publication,
        "consent_people": submission.consent_people,
        "anonymous": submission.anonymous,
    }
    form = SubmissionForm(
        request.POST or None, request.FILES or None, units=Union.objects.filter(pk=submission.unit_id), submitting=submitting,
        instance=submission, initial=initial, user=request.user, query=request.GET,
    )
    if request.method == "POST" and form.is_valid():
        try:
            submission = services.submission_update(
                submission=submission, author=request.user, submit=submitting, **form.service_kwargs()
            )
        except services.ServiceError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, str(exc))
        else:
            if submitting:
                messages.success(request, _("Đã gửi lại bài “%(title)s” để duyệt.") % {"title": submission.title})
            else:
                messages.success(request, _("Đã lưu thay đổi."))
            return _done(request, submission.mine_url())
    return _form_page(request, form, submission=submission, status=400 if form.is_bound and form.errors else 200)


@login_required
def submission_mine(request):
    page = Paginator(selectors.my_submissions(request.user), 20).get_page(request.GET.get("page"))
    extensions.attach_notes(page)
    return render(request, "submissions/mine.html", {"page": page})


def _detail_page(request, submission, decision_form=None, fanpage_form=None, status=200):
    extensions.attach_notes([submission])
    context = {
        "submission": submission,
        "decisions": submission.allowed_decisions(request.user),
        "decision_form": decision_form or DecisionForm(),
        "may_package": submission.may_package(request.user),
        "fanpage_form": fanpage_form or FanpageForm(initial={"url": submission.fanpage_url}),
        "is_author": submission.author_id == request.user.pk,
        "may_withdraw": submission.may_withdraw(request.user),
        "may_delete": submission.may_delete(request.user),
    }
    return render(request, "submissions/detail.html", context, status=status)


@login_required
def submission_detail(request, pk):
    try:
        submission = access.get_submission_for_user(request.user, pk)
    except Http404:
        deleted = selectors.deleted_by_author(request.user, pk)
        if deleted is None:
            raise
        return render(request, "submissions/deleted.html", {"event": deleted}, status=410)
    return _detail_page(request, submission)


@login_required
@require_POST
def submission_withdraw(request, pk):
    submission = access.get_own_submission(request.user, pk)
    try:
        services.submission_withdraw(submission=submission, actor=request.user)
    except services.ServiceError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request,
            _("Đã rút bài “%(title)s”. Bạn có thể sửa rồi gửi lại, hoặc xoá bài.") % {"title": submission.title},
        )
    return redirect(submission.mine_url())


@login_required
@require_POST
def submission_delete(request, pk):
    submission = access.get_own_submission(request.user, pk)
    try:
        services.submission_delete(submission=submission, actor=request.user)
    except services.ServiceError as exc:
        messages.error(request, str(exc))
        return redirect(submission.mine_url())
    messages.success(request, _("Đã xoá bài “%(title)s”.") % {"title": submission.title})
    return redirect("submission_mine")


@login_required
@require_POST
def submission_decide(request, pk):
    submission = access.get_submission_for_user(request.user, pk)
    form = DecisionForm(request.POST)
    if form.is_valid():
        decision = form.cleaned_data["decision"]
        try:
            services.submission_decide(
                submission=submission, reviewer=request.user, decision=decision, reason=form.cleaned_data["reason"]
            )
        except services.ServiceError as exc:
            form.add_error("reason", str(exc))
        else:
            messages.success(
                request,
                _("Đã ghi nhận: %(decision)s — “%(title)s”.")
                % {"decision": Decision(decision).label, "title": submission.title},
            )
            return redirect("submission_queue")
    return _detail_page(request, submission, decision_form=form, status=400)


@officer_required
def submission_queue(request):
    filters = QueueFilterForm(request.GET or None, units=request.scope.managed_unions(), user=request.user)
    kwargs = {}
    if filters.is_valid():
        data = filters.cleaned_data
        kwargs = {
            "kind": data.get("kind") or "",
            "unit": data.get("unit"),
            "campaign_id": data["campaign"].pk if data.get("campaign") else None,
            "older_than_days": data.get("age"),
            "whole_subtree": data.get("scope") == "all",
            "query": data.get("q") or "",
        }
    items = selectors.review_queue(request.user, **kwargs)
    page = lookahead_page(items, request.GET.get("page"), QUEUE_PAGE)
    extensions.attach_notes(page)
    bulk_form = None
    if request.method == "POST":
        bulk_form = BulkForm(request.POST, ids=request.POST.getlist("ids"))
        if bulk_form.is_valid():
            data = bulk_form.cleaned_data
            try:
                done, skipped = services.submissions_bulk_decide(
                    reviewer=request.user, ids=data["ids"], decision=data["decision"], reason=data["reason"]
                )
            except services.ServiceError as exc:
                messages.error(request, str(exc))
            else:
                text = _("Đã xử lý %(done)s bài.") % {"done": done}
                if skipped:
                    text += " " + _("Bỏ qua %(n)s bài không đủ điều kiện (tệp chưa xử lý xong, không có quyền duyệt đăng…).") % {"n": skipped}
                messages.success(request, text)
                return redirect(request.get_full_path())
        else:
            for errors in bulk_form.errors.values():
                for error in errors:
                    messages.error(request, error)
    context = {
        "page": page,
        "filters": filters,
        "querystring": _querystring(request, drop="page"),
        "bulk_reason": request.POST.get("reason", "") if request.method == "POST" else "",
    }
    return render(request, "submissions/queue.html", context)


@officer_required
def queue_unit_search(request):
    """The queue's unit filter suggestions (htmx): at most 20 units of the reviewer's subtrees."""
    units = suggest_units(request.scope.managed_unions(), request.GET.get("unit", ""))
    return render(request, "unions/_unit_options.html", {"units": units})


def story_unit_search(request):
    """The public gallery's unit filter suggestions (htmx): at most 20 units, for anyone."""
    units = suggest_units(Union.objects.all(), request.GET.get("unit", ""))
    return render(request, "unions/_unit_options.html", {"units": units})


def _querystring(request, drop):
    params = request.GET.copy()
    params.pop(drop, None)
    return params.urlencode()


@login_required
def fanpage_package(request, pk):
    submission = access.get_submission_for_user(request.user, pk)
    if not submission.may_package(request.user):
        raise Http404
    handle = exports.fanpage_package(submission)
    return FileResponse(handle, as_attachment=True, filename=f"fanpage-{submission.pk}.zip",
                        content_type="application/zip")


@login_required
@require_POST
def fanpage_record(request, pk):
    submission = access.get_submission_for_user(request.user, pk)
    if not submission.may_package(request.user):
        raise Http404
    form = FanpageForm(request.POST)
    if form.is_valid():
        try:
            services.submission_record_fanpage_post(submission=submission, actor=request.user, url=form.cleaned_data["url"])
        except services.ServiceError as exc:
            form.add_error("url", str(exc))
        else:
            messages.success(request, _("Đã ghi nhận bài đăng trên Fanpage."))
            return redirect("submission_detail", pk=submission.pk)
    return _detail_page(request, submission, fanpage_form=form, status=400)


def submission_media_file(request, pk, media_pk, variant):
    """A submission's file (``original``), its ``thumbnail`` or a video's ``poster``, after an access check.

    The files live in the private storage; this is the only way to them. Published items: anyone,
    cacheable; otherwise the author and the officers along the chain (``Cache-Control: private``),
    everyone else 404 — signed in or not, so nobody learns the file exists.
    """
    field = SubmissionMedia.VARIANTS.get(variant)
    if field is None:
        raise Http404
    media = access.get_media_for_user(request.user, pk, media_pk)
    fieldfile = getattr(media, field)
    public = media.submission.status == Status.PUBLISHED and not media.submission.is_aspiration
    return protected_file_response(fieldfile.storage, fieldfile.name, public=public)


@officer_required
def aspirations_export(request):
    qs = selectors.aspirations_in_scope(request.user)
    exporter = exports.AspirationsExporter(qs, selectors.aspiration_topic_counts(qs))
    stamp = timezone.localdate().isoformat()
    return exporters.xlsx_response(exporter, f"tong-hop-tam-tu-nguyen-vong-{stamp}.xlsx")


# --- Public -----------------------------------------------------------------------------------


def stories(request):
    form = StoryFilterForm(request.GET or None, units=Union.objects.all())
    kwargs = {}
    if form.is_valid():
        data = form.cleaned_data
        kwargs = {"kind": data.get("kind") or "", "unit": data.get("unit"), "campaign": data.get("campaign"),
                  "query": data.get("q") or ""}
    page = lookahead_page(selectors.public_stories(**kwargs), request.GET.get("page"), STORIES_PAGE)
    return render(request, "submissions/stories.html", {
        "page": page, "form": form, "querystring": _querystring(request, drop="page"),
    })


def story_detail(request, pk):
    submission = access.get_published(pk)
    page_url = settings.SITE_URL + submission.public_url()
    image_url = submission.share_image.url if submission.share_image else static("submissions/og-default.png")
    # Object storage (S3) gives absolute URLs; the filesystem and static files give paths.
    og_image = image_url if urlsplit(image_url).scheme else settings.SITE_URL + image_url
    return render(request, "submissions/story.html", {
        "submission": submission,
        "page_url": page_url,
        "og_image": og_image,
        "zalo_oa_id": settings.ZALO_OA_ID,
        "media": [m for m in submission.media.all() if m.is_ready],
    })
