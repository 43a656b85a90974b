"""The avatar-frame studio (``/campaigns/<slug>/frame/``) and the officers' frame pages.

Two ways to frame a photo, both counted once per member (or anonymous visitor), frame and day:

* in the browser (Cropper.js and a canvas): the photo never leaves the phone; the page posts a
  small count to :func:`frame_use` when the member downloads or shares the result;
* without JavaScript: the form posts the photo, the server centres, crops and frames it in memory
  (:func:`campaigns.frames.compose`) and answers with the image. The upload is kept in memory by
  :class:`PhotoInMemory` (no temporary file) and nothing is stored.
"""

import base64
import datetime
import hashlib

from django.contrib import messages
from django.core.cache import cache
from django.core.files.uploadhandler import MemoryFileUploadHandler
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_POST

from core.errors import ServiceError
from core.http import client_address
from core.ratelimit import rate_limit
from unions.access import get_union_for_user, officer_required
from unions.models import Union
from unions.scope import scope_for
from uploads.checks import UploadRejected, max_bytes

from . import access, frames, selectors, services
from .frame_forms import FrameEditForm, FrameUploadForm, PhotoForm
from .models import FrameUse

STATS_DAYS = 30


class PhotoInMemory(MemoryFileUploadHandler):
    """Keeps the studio's photo in memory whatever its size up to the image cap: never a temporary
    file on disk. A larger body is not read into memory at all (the view reports it as too big)."""

    def handle_raw_input(self, input_data, META, content_length, boundary, encoding=None):
        self.activated = content_length <= max_bytes("image") + 64 * 1024


def _count_unit(user, variant_unit):
    """The unit a signed-in visitor's use counts for: the variant's unit when it is one of theirs,
    else their first member unit, else (an officer who is no member) the unit of their first role."""
    if not user.is_authenticated:
        return None
    scope = scope_for(user)
    if variant_unit is not None and any(u.pk == variant_unit.pk for u in scope.member_units):
        return variant_unit
    if scope.primary_unit is not None:
        return scope.primary_unit
    ids = scope.role_unit_ids()
    return Union.objects.filter(pk=ids[0]).first() if ids else None


def _chosen_frame(request, campaign, frames_list, raw):
    if raw and str(raw).isdigit():
        return access.get_frame_for_user(request.user, campaign, int(raw))
    if not frames_list:
        return None
    # Preselect the frame of the nearest unit above the member's own unit.
    units = access.member_units(request.user) if request.user.is_authenticated else []
    best = None
    for frame in frames_list:
        if any(u.path.startswith(frame.unit.path) for u in units):
            if best is None or len(frame.unit.path) > len(best.unit.path):
                best = frame
    return best or frames_list[0]


def _chosen_unit(request, frame, raw):
    if frame is None or not request.user.is_authenticated:
        return None
    if raw is not None and raw != "":
        if not str(raw).isdigit():
            raise Http404
        if int(raw) == 0:
            return None
        return access.get_variant_unit(request.user, frame, int(raw))
    own = access.frame_variant_units(request.user, frame)
    return own[0] if own else None


@csrf_exempt
@rate_limit("upload")
def frame_studio(request, slug):
    """GET: the studio. POST (no JavaScript): the framed photo, made in memory."""
    if request.method == "POST":
        request.upload_handlers = [PhotoInMemory(request)]
    return _frame_studio(request, slug)


@csrf_protect
def _frame_studio(request, slug):
    campaign = access.get_campaign_for_user(request.user, slug)
    frames_list = list(access.frames_published(campaign).order_by("unit__path", "title", "pk"))
    data = request.POST if request.method == "POST" else request.GET
    frame = _chosen_frame(request, campaign, frames_list, data.get("frame"))
    unit = _chosen_unit(request, frame, data.get("unit"))
    form = PhotoForm(request.POST or None, request.FILES or None,
                     initial={"frame": frame.pk if frame else None, "unit": unit.pk if unit else 0})
    status = 200
    if request.method == "POST":
        too_big = int(request.META.get("CONTENT_LENGTH") or 0) > max_bytes("image") + 64 * 1024
        if too_big:
            form.is_valid()
            form.errors.pop("photo", None)
            form.add_error("photo", _("Ảnh quá lớn: tối đa %(max)s MB.") % {"max": max_bytes("image") // 1024 // 1024})
        elif frame is not None and form.is_valid():
            try:
                content, content_type, extension, upscaled = frames.compose(
                    form.cleaned_data["photo"], frames.render_variant(frame, unit), fmt=form.cleaned_data["format"]
                )
            except UploadRejected as exc:
                form.add_error("photo", str(exc))
            else:
                services.frame_use_record(
                    frame=frame, user=request.user, unit=_count_unit(request.user, unit),
                    address=client_address(request), user_agent=request.headers.get("user-agent", ""),
                    method=FrameUse.Method.SERVER,
                )
                return _framed_response(request, campaign, content, content_type, extension, upscaled)
        status = 400
    context = {
        "campaign": campaign, "frames": frames_list, "frame": frame, "unit": unit, "form": form,
        "variant_units": access.frame_variant_units(request.user, frame) if frame and request.user.is_authenticated else [],
        "variant_url": _variant_url(campaign, frame, unit),
        "use_url": reverse("frame_use", args=[campaign.slug, frame.pk]) if frame else "",
        "can_manage": access.can_add_frames(request.user, campaign),
    }
    return render(request, "campaigns/frame_studio.html", context, status=status)


def _variant_url(campaign, frame, unit):
    if frame is None:
        return ""
    url = reverse("frame_variant", args=[campaign.slug, frame.pk])
    return f"{url}?unit={unit.pk}" if unit is not None else url


def _framed_response(request, campaign, content, content_type, extension, upscaled):
    filename = f"khung-{campaign.slug}.{extension}"
    if upscaled:
        # A small photo: say so, with the image on the page (it is small) and a link to save it.
        data_url = f"data:{content_type};base64,{base64.b64encode(content).decode()}"
        context = {"campaign": campaign, "data_url": data_url, "filename": filename}
        return render(request, "campaigns/frame_result.html", context)
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response


def frame_variant(request, slug, pk):
    """The frame as a PNG, with a unit's name on it when ``?unit=`` names one the visitor may use."""
    campaign = access.get_campaign_for_user(request.user, slug)
    frame = access.get_frame_for_user(request.user, campaign, pk)
    raw = request.GET.get("unit") or ""
    unit = None
    if raw:
        if not raw.isdigit() or not request.user.is_authenticated:
            raise Http404
        unit = access.get_variant_unit(request.user, frame, int(raw))
    stamp = frame.updated_at.timestamp() if frame.updated_at else 0
    names = hashlib.sha256(f"{unit.name}|{unit.short_name}".encode()).hexdigest()[:16] if unit else "-"
    key = f"frame-variant:{frame.pk}:{stamp}:{unit.pk if unit else 0}:{names}"
    png = cache.get(key)
    if png is None:
        png = frames.variant_png(frame, unit)
        cache.set(key, png, 3600)
    response = HttpResponse(png, content_type="image/png")
    response["Cache-Control"] = "private, max-age=600" if unit or not frame.is_published else "public, max-age=600"
    return response


@require_POST
def frame_use(request, slug, pk):
    """Count a framed avatar made in the browser (the photo itself never reaches the server)."""
    campaign = access.get_campaign_for_user(request.user, slug)
    frame = access.get_frame_for_user(request.user, campaign, pk)
    raw = request.POST.get("unit") or ""
    unit = access.get_variant_unit(request.user, frame, int(raw)) if raw.isdigit() and int(raw) and request.user.is_authenticated else None
    counted = services.frame_use_record(
        frame=frame, user=request.user, unit=_count_unit(request.user, unit), address=client_address(request),
        user_agent=request.headers.get("user-agent", ""), method=FrameUse.Method.BROWSER,
    )
    return JsonResponse({"counted": counted})


# --- Officers: upload, settings and preview, statistics -------------------------------------------


def _manager_campaign(request, slug):
    campaign = access.get_campaign_for_user(request.user, slug)
    if not access.can_add_frames(request.user, campaign):
        raise Http404
    return campaign


@officer_required
def frame_manage(request, slug):
    campaign = _manager_campaign(request, slug)
    form = FrameUploadForm(request.POST or None, request.FILES or None, units=request.scope.top_units())
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        image, unit = data.pop("image"), data.pop("unit")
        if not request.scope.covers(unit):
            raise Http404
        try:
            frame = services.frame_upload(actor=request.user, campaign=campaign, unit=unit, image=image, **data)
        except ServiceError as exc:
            form.add_error(exc.field, str(exc))
        else:
            messages.success(request, _("Đã tải lên khung “%(title)s”. Hãy xem thử với tên các đơn vị trước khi công bố.")
                             % {"title": frame.title})
            return redirect("frame_edit", campaign.slug, frame.pk)
    context = {"campaign": campaign, "form": form, "frames": access.frames_managed(request.user, campaign)}
    return render(request, "campaigns/frame_manage.html", context, status=400 if form.errors else 200)


@officer_required
def frame_edit(request, slug, pk):
    campaign = _manager_campaign(request, slug)
    frame = access.get_frame_for_manager(request.user, campaign, pk)
    form = FrameEditForm(request.POST or None, request.FILES or None, instance=frame)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        image = data.pop("image", None)
        try:
            services.frame_update(actor=request.user, frame=frame, image=image, **data)
        except ServiceError as exc:
            form.add_error(exc.field, str(exc))
        else:
            messages.success(request, _("Đã lưu khung ảnh."))
            return redirect("frame_edit", campaign.slug, frame.pk)
    frame.refresh_from_db()
    preview_unit = None
    code = (request.GET.get("code") or "").strip()
    if code:
        preview_unit = Union.objects.filter(request.scope.filter("path"), path__startswith=frame.unit.path,
                                            code__iexact=code).first()
        if preview_unit is None:
            messages.error(request, _("Không có đơn vị mã “%(code)s” trong phạm vi của khung.") % {"code": code})
    elif (request.GET.get("unit") or "").isdigit():
        preview_unit = access.get_variant_unit(request.user, frame, int(request.GET["unit"]))
    preview_unit = preview_unit or frame.unit
    choices = Union.objects.filter(request.scope.filter("path"), path__startswith=frame.unit.path).order_by("path")[:200]
    context = {
        "campaign": campaign, "frame": frame, "form": form, "preview_unit": preview_unit, "choices": choices,
        "preview_url": _variant_url(campaign, frame, preview_unit), "layout": frames.label_layout(frame, preview_unit),
    }
    return render(request, "campaigns/frame_edit.html", context, status=400 if form.errors else 200)


def _stats_period(request):
    today = timezone.localdate()
    try:
        end = datetime.date.fromisoformat(request.GET.get("end") or today.isoformat())
        start = datetime.date.fromisoformat(request.GET.get("start") or (end - datetime.timedelta(days=STATS_DAYS - 1)).isoformat())
    except ValueError:
        end, start = today, today - datetime.timedelta(days=STATS_DAYS - 1)
    if start > end or (end - start).days > 366:
        start = end - datetime.timedelta(days=STATS_DAYS - 1)
    return start, end


@officer_required
def frame_stats(request, slug):
    campaign = access.get_campaign_for_user(request.user, slug)
    raw = request.GET.get("unit") or ""
    unit = get_union_for_user(request.user, int(raw)) if raw.isdigit() else request.scope.top_units().first()
    if unit is None:
        raise Http404
    frame = None
    if (request.GET.get("frame") or "").isdigit():
        frame = access.get_frame_for_user(request.user, campaign, int(request.GET["frame"]))
    start, end = _stats_period(request)
    children = Paginator(Union.objects.filter(parent=unit).order_by("name"), 50).get_page(request.GET.get("page"))
    unit_rows = selectors.frame_stats_by_unit(campaign, unit, frame=frame, start=start, end=end, children=children)
    day_rows = selectors.frame_stats_by_day(campaign, unit, frame=frame, start=start, end=end)
    context = {
        "campaign": campaign, "unit": unit, "frame": frame, "start": start, "end": end, "children": children,
        "frame_rows": selectors.frame_stats_by_frame(campaign, unit, start=start, end=end),
        "unit_rows": unit_rows, "day_rows": day_rows,
        "total": selectors.frame_uses_count(campaign=campaign, unit=unit, start=start, end=end),
        # Anonymous uses count for no unit: shown beside the tree's total to those who see the top.
        "overall": selectors.frame_uses_count(campaign=campaign, start=start, end=end) if unit.parent_id is None else None,
        "unit_chart": selectors.bar_chart(unit_rows, [("uses", _("Lượt thay khung ảnh"))],
                                          label=lambda r: r["unit"].short_name or r["unit"].name),
        "day_chart": selectors.column_chart(day_rows, label=lambda r: r["day"].strftime("%d/%m")),
        "ancestors": [a for a in unit.ancestors() if request.scope.covers(a)],
    }
    return render(request, "campaigns/frame_stats.html", context)
