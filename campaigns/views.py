from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import Resolver404, resolve
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from core import exporters, once
from core.http import client_address
from core.ratelimit import rate_limit
from unions.access import ADMIN_KINDS, get_union_for_user, officer_required

from . import access, exports, hub, selectors, services, sharing
from .forms import CampaignForm, KitForm, LessonForm, NewsForm, ProofForm, RejectForm
from .home import attach_links, share_kits_for
from .models import ShareProof

PAGE = 30


def _url_exists(path):
    try:
        resolve(path)
    except Resolver404:
        return False
    return True


# --- Campaigns ----------------------------------------------------------------------------------


def campaign_list(request):
    campaigns = access.campaigns_visible_to(request.user).order_by("-starts_on", "-id")
    page = Paginator(campaigns, PAGE).get_page(request.GET.get("page"))
    managed = set()
    if request.user.is_authenticated:
        managed = set(access.campaigns_managed(request.user).filter(pk__in=[c.pk for c in page]).values_list("pk", flat=True))
    return render(request, "campaigns/list.html", {"page": page, "managed": managed})


def campaign_detail(request, slug):
    campaign = access.get_campaign_for_user(request.user, slug)
    user = request.user
    unit = access.primary_unit(user) if user.is_authenticated else None
    frame_url = f"/campaigns/{campaign.slug}/frame/"
    aspirations_url = "/submissions/new/?" + urlencode({"kind": "aspiration", "campaign": campaign.slug})
    context = {
        "campaign": campaign,
        "news": access.news_visible_to(user).filter(campaign=campaign)[:6],
        "kits": share_kits_for(user, campaign=campaign),
        "counts": hub.hub_counts(campaign, unit),
        "sections": hub.hub_sections(campaign, user),
        "visitor_unit": unit,
        "frame_url": frame_url if _url_exists(frame_url) else "",
        "aspirations_url": aspirations_url if _url_exists("/submissions/new/") else "",
        "can_edit": user.is_authenticated and access.campaigns_managed(user).filter(pk=campaign.pk).exists(),
    }
    return render(request, "campaigns/detail.html", context)


def _campaign_form(request, campaign=None):
    units = request.scope.top_units()
    form = CampaignForm(request.POST or None, request.FILES or None, instance=campaign, units=units)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        hero = data.pop("hero", None)
        if campaign is None:
            campaign = services.campaign_create(actor=request.user, hero=hero, **data)
            messages.success(request, _("Đã tạo chiến dịch “%(title)s”.") % {"title": campaign.title})
        else:
            services.campaign_update(actor=request.user, campaign=campaign, hero=hero, **data)
            messages.success(request, _("Đã lưu chiến dịch."))
        return redirect(campaign)
    title = _("Sửa chiến dịch") if campaign else _("Tạo chiến dịch")
    return render(request, "campaigns/form.html", {"form": form, "title": title, "cancel": campaign.get_absolute_url() if campaign else "/campaigns/"})


@officer_required
def campaign_create(request):
    return _campaign_form(request)


@officer_required
def campaign_edit(request, slug):
    return _campaign_form(request, access.get_campaign_for_manager(request.user, slug))


# --- Unit news ----------------------------------------------------------------------------------


def news_list(request):
    news = access.news_visible_to(request.user)
    page = Paginator(news, PAGE).get_page(request.GET.get("page"))
    return render(request, "campaigns/news_list.html", {"page": page})


def news_detail(request, pk):
    news = access.get_news_for_user(request.user, pk)
    can_edit = request.user.is_authenticated and access.news_managed(request.user).filter(pk=news.pk).exists()
    return render(request, "campaigns/news_detail.html", {"news": news, "can_edit": can_edit})


def _news_form(request, news=None):
    units = request.scope.top_units()
    campaigns = access.campaigns_attachable(request.user)
    initial = {}
    if news is None and request.GET.get("campaign"):
        initial["campaign"] = campaigns.filter(slug=request.GET["campaign"]).first()
    form = NewsForm(request.POST or None, request.FILES or None, instance=news, units=units, campaigns=campaigns,
                    initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        if news is None:
            news = services.news_publish(actor=request.user, **data)
            messages.success(request, _("Đã đăng tin."))
        else:
            services.news_update(actor=request.user, news=news, **data)
            messages.success(request, _("Đã lưu tin."))
        return redirect(news)
    title = _("Sửa tin") if news else _("Đăng tin của đơn vị")
    return render(request, "campaigns/form.html", {"form": form, "title": title, "cancel": news.get_absolute_url() if news else "/campaigns/news/"})


@officer_required
def news_create(request):
    return _news_form(request)


@officer_required
def news_edit(request, pk):
    return _news_form(request, access.get_news_for_manager(request.user, pk))


# --- Share kits ---------------------------------------------------------------------------------


@officer_required
def kit_manage(request):
    kits = access.kits_managed(request.user).order_by("-created_at", "-id")
    page = Paginator(kits, PAGE).get_page(request.GET.get("page"))
    return render(request, "campaigns/kit_manage.html", {"page": page})


def _kit_form(request, kit=None):
    units = request.scope.top_units()
    campaigns = access.campaigns_attachable(request.user)
    initial = {}
    if kit is None and request.GET.get("campaign"):
        initial["campaign"] = campaigns.filter(slug=request.GET["campaign"]).first()
    form = KitForm(request.POST or None, request.FILES or None, instance=kit, units=units, campaigns=campaigns,
                   initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            if kit is None:
                kit = services.kit_create(actor=request.user, **data)
                messages.success(request, _("Đã tạo bộ chia sẻ “%(title)s”.") % {"title": kit.title})
            else:
                services.kit_update(actor=request.user, kit=kit, **data)
                messages.success(request, _("Đã lưu bộ chia sẻ."))
        except services.ServiceError as exc:
            form.add_error(None, str(exc))
        else:
            return redirect("kit_manage")
    title = _("Sửa bộ chia sẻ") if kit else _("Tạo bộ chia sẻ")
    return render(request, "campaigns/form.html", {"form": form, "title": title, "cancel": "/campaigns/kits/"})


@officer_required
def kit_create(request):
    return _kit_form(request)


@officer_required
def kit_edit(request, pk):
    return _kit_form(request, access.get_kit_for_manager(request.user, pk))


@login_required
@rate_limit("share_proof")
def kit_detail(request, pk):
    """The member's page for one kit: share buttons with their link, and their share proofs."""
    kit = access.get_kit_for_member(request.user, pk)
    attach_links(request.user, [kit])
    form = ProofForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        unit = services.proof_unit_for(request.user, kit, access.member_units(request.user))
        try:
            _proof, created = once.create_once(
                user=request.user, token=once.token_of(request), form="shareproof",
                create=lambda: services.proof_submit(
                    user=request.user, kit=kit, unit=unit, post_url=form.cleaned_data["post_url"],
                    screenshot=form.cleaned_data.get("screenshot"),
                ),
                find=lambda pk: selectors.member_proofs(request.user, kit).get(pk=pk),
            )
        except services.ServiceError as exc:
            form.add_error("post_url", str(exc))
        else:
            messages.success(request, _("Đã ghi nhận bài chia sẻ của bạn; cán bộ công đoàn sẽ xác minh."))
            return redirect(kit)
    proofs = selectors.member_proofs(request.user, kit)
    return render(request, "campaigns/kit_detail.html", {"kit": kit, "form": form, "proofs": proofs})


@never_cache
@rate_limit("tracked_link", key="ip", methods=("GET", "HEAD"))
def tracked_link(request, code):
    """``/s/<code>``: count the click (unique visitor per day, bots excluded) and go to the target.

    The member's TrackedLink is made at the first visit; a link checker's HEAD or a browser's
    prefetch is redirected and changes nothing.
    """
    share = access.get_share_for_code(code)
    if _is_a_visit(request):
        services.tracked_link_visit(share=share, address=client_address(request), user_agent=request.headers.get("user-agent", ""))
    # Checked again here: a target saved another way (admin, old rows) never makes an open redirect.
    target = share.kit.target_url if sharing.is_safe_target(share.kit.target_url) else "/"
    response = HttpResponseRedirect(target)
    response["X-Robots-Tag"] = "noindex"
    return response


def _is_a_visit(request):
    """A person opening the link: a GET that is not a link checker's HEAD or a browser's prefetch."""
    purpose = (request.headers.get("sec-purpose", "") + request.headers.get("purpose", "")).lower()
    return request.method == "GET" and "prefetch" not in purpose and "prerender" not in purpose


# --- Share proofs -------------------------------------------------------------------------------


@officer_required
def proof_queue(request):
    status = request.GET.get("status", ShareProof.Status.PENDING)
    if status not in ShareProof.Status.values:
        status = ShareProof.Status.PENDING
    proofs = access.proofs_for_officer(request.user, status=status)
    page = Paginator(proofs, PAGE).get_page(request.GET.get("page"))
    return render(request, "campaigns/proof_queue.html", {
        "page": page, "status": status, "statuses": ShareProof.Status.choices, "reject_form": RejectForm(),
    })


@officer_required
@require_POST
def proof_decide(request, pk, decision):
    proof = access.get_proof_for_officer(request.user, pk)
    try:
        if decision == "verify":
            services.proof_verify(actor=request.user, proof=proof)
            messages.success(request, _("Đã xác minh bài chia sẻ của %(name)s.") % {"name": proof.user})
        elif decision == "reject":
            form = RejectForm(request.POST)
            reason = form.cleaned_data["reason"] if form.is_valid() else ""
            services.proof_reject(actor=request.user, proof=proof, reason=reason)
            messages.info(request, _("Đã đánh dấu không hợp lệ bài chia sẻ của %(name)s.") % {"name": proof.user})
        else:
            raise Http404
    except services.ServiceError as exc:
        messages.warning(request, str(exc))
    return redirect("proof_queue")


# --- Statistics ---------------------------------------------------------------------------------

def _stats_scope(request):
    unit_pk = request.GET.get("unit")
    if unit_pk and unit_pk.isdigit():
        unit = get_union_for_user(request.user, int(unit_pk))
    else:
        unit = selectors.default_stats_unit(request.user)
        if unit is None:
            raise PermissionDenied
    kit = lesson = None
    if (request.GET.get("kit") or "").isdigit():
        kit = get_object_or_404(selectors.kits_in_view_of(unit), pk=int(request.GET["kit"]))
    if (request.GET.get("lesson") or "").isdigit():
        lesson = get_object_or_404(access.lessons_visible_to(request.user), pk=int(request.GET["lesson"]))
    return unit, kit, lesson


@officer_required
def stats(request):
    unit, kit, lesson = _stats_scope(request)
    from unions.models import Union

    children = Paginator(Union.objects.filter(parent=unit).order_by("name"), 50).get_page(request.GET.get("page"))
    rows = selectors.unit_stats(unit, kit=kit, lesson=lesson, children=children)
    kits = Paginator(selectors.kits_in_view_of(unit).order_by("-created_at", "-id"), 20).get_page(request.GET.get("kpage"))
    chart = selectors.bar_chart(
        rows, [("clicks", _("Lượt nhấp")), ("verified", _("Đã xác minh")), ("completed", _("Hoàn thành bài học"))],
        label=lambda r: r["unit"].short_name or r["unit"].name,
    )
    context = {
        "unit": unit, "kit": kit, "lesson": lesson, "rows": rows, "children": children,
        "totals": selectors.subtree_totals(unit, kit=kit, lesson=lesson),
        "kit_rows": selectors.kit_stats(unit, kits), "kits": kits, "chart": chart,
        "lessons": access.lessons_published(), "roots": request.scope.top_units(),
        "ancestors": [a for a in unit.ancestors() if request.scope.covers(a)],
        "unit_columns": exports.UNIT_COLUMNS,
    }
    return render(request, "campaigns/stats.html", context)


@officer_required
def stats_export(request):
    """The per-unit (``?what=units``, default) or per-kit (``?what=kits``) table as CSV."""
    unit, kit, lesson = _stats_scope(request)
    what = "kits" if request.GET.get("what") == "kits" else "units"
    if what == "kits":
        exporter = exports.KitStatsExporter(unit)
    else:
        exporter = exports.UnitStatsExporter(unit, kit=kit, lesson=lesson)
    filename = f"thong-ke-chia-se-{unit.code}-{what}-{timezone.localdate().isoformat()}.csv"
    return exporters.csv_response(exporter, filename)


# --- Lessons ------------------------------------------------------------------------------------


def lesson_list(request):
    lessons = access.lessons_visible_to(request.user).prefetch_related("quizzes")
    return render(request, "campaigns/lesson_list.html", {
        "lessons": lessons, "done": selectors.completed_lesson_ids(request.user),
        "can_write": access.can_write_lessons(request.user),
    })


def lesson_detail(request, slug):
    lesson = access.get_lesson_for_user(request.user, slug)
    done = lesson.pk in selectors.completed_lesson_ids(request.user)
    can_edit = access.can_write_lessons(request.user) and access.can_manage_lessons(request.user, lesson.unit)
    return render(request, "campaigns/lesson_detail.html", {"lesson": lesson, "done": done, "can_edit": can_edit})


def _lesson_form(request, lesson=None):
    if not access.can_write_lessons(request.user):
        raise PermissionDenied
    form = LessonForm(request.POST or None, request.FILES or None, instance=lesson,
                      units=request.scope.top_units(ADMIN_KINDS))
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        image = data.pop("picture", None)
        if lesson is None:
            lesson = services.lesson_create(actor=request.user, image=image, **data)
            messages.success(request, _("Đã tạo bài học. Hãy soạn bài trắc nghiệm kết thúc bài học."))
        else:
            services.lesson_update(actor=request.user, lesson=lesson, image=image, **data)
            messages.success(request, _("Đã lưu bài học."))
        return redirect(lesson)
    title = _("Sửa bài học") if lesson else _("Soạn bài học bộ lọc thông tin")
    return render(request, "campaigns/form.html", {"form": form, "title": title, "cancel": "/campaigns/lessons/"})


@officer_required
def lesson_create(request):
    return _lesson_form(request)


@officer_required
def lesson_edit(request, slug):
    return _lesson_form(request, access.get_lesson_for_author(request.user, slug))


@login_required
def lesson_certificate(request, slug):
    lesson = access.get_lesson_for_user(request.user, slug)
    completion = access.get_completion_for_user(request.user, lesson)
    return render(request, "campaigns/certificate.html", {"lesson": lesson, "completion": completion})
