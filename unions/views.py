from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from core.ratelimit import rate_limit

from . import selectors, services
from .access import (
    admin_required_for,
    get_import_batch_for_user,
    get_membership_for_user,
    get_role_for_user,
    get_union_for_user,
    managed_unions,
    officer_required,
    scope_for,
    temp_password_refusal,
)
from .forms import ImportForm, MemberForm, RegisterForm, RoleForm
from .imports import ImportFileError
from .models import ImportBatch, Level, Membership, Union


@officer_required
def units_index(request):
    query = request.GET.get("q", "").strip()
    if query:
        units = managed_unions(request.user).search(query).order_by("path")
    else:
        units = scope_for(request.user).top_units()
    page = Paginator(units, 50).get_page(request.GET.get("page"))
    page.object_list = selectors.with_subtree_totals(page.object_list)
    return render(request, "unions/index.html", {"page": page, "query": query})


@officer_required
def unit_detail(request, pk):
    union = get_union_for_user(request.user, pk)
    query = request.GET.get("q", "").strip()
    members = Paginator(selectors.union_members(union, query), 50).get_page(request.GET.get("page"))
    children = Paginator(selectors.union_children(union), 50).get_page(request.GET.get("cpage"))
    children.object_list = selectors.with_subtree_totals(children.object_list)
    scope = scope_for(request.user)
    visible_ancestors = [a for a in union.ancestors() if scope.covers(a)]
    takes_members = union.accepts_new_members()
    invite_url = _invite_url(union) if takes_members and union.level >= Level.GRASSROOTS else None
    successor = union.successor if union.has_ended and union.successor_id else None
    context = {
        "union": union,
        "ancestors": visible_ancestors,
        "members": members,
        "children": children,
        "query": query,
        "pending": selectors.union_pending(union),
        "roles": selectors.union_roles(union),
        "subtree_total": selectors.subtree_member_total(union),
        "invite_url": invite_url,
        "takes_members": takes_members,
        "successor": successor,
        "successor_visible": successor is not None and scope.covers(successor),
        "is_admin": scope.is_admin_of(union),
        "role_form": RoleForm(),
        "locked_user_ids": selectors.locked_out_user_ids(members.object_list),
    }
    return render(request, "unions/detail.html", context)


def _refuse_if_ended(request, union):
    """A redirect to the unit page with the reason, when the unit takes no new members; else None."""
    refusal = union.new_members_refusal()
    if refusal:
        messages.error(request, refusal)
        return redirect("unit_detail", pk=union.pk)
    return None


@officer_required
def member_add(request, pk):
    union = get_union_for_user(request.user, pk)
    if refused := _refuse_if_ended(request, union):
        return refused
    form = MemberForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            membership = services.member_add(actor=request.user, union=union, **form.cleaned_data)
        except services.ServiceError as exc:
            form.add_error(exc.field, str(exc))
        else:
            messages.success(request, _("Đã thêm đoàn viên %(name)s.") % {"name": membership.user})
            return redirect("unit_detail", pk=union.pk)
    return render(request, "unions/member_form.html", {"union": union, "form": form})


@officer_required
@require_POST
def membership_decide(request, pk, membership_pk, decision):
    union = get_union_for_user(request.user, pk)
    membership = get_membership_for_user(request.user, membership_pk, union=union)
    action = {"approve": services.membership_approve, "reject": services.membership_reject}.get(decision)
    if action is None:
        raise Http404
    try:
        action(actor=request.user, membership=membership)
    except services.ServiceError as exc:
        messages.warning(request, str(exc))
    else:
        if decision == "approve":
            messages.success(request, _("Đã duyệt %(name)s vào đơn vị.") % {"name": membership.user})
        else:
            messages.info(request, _("Đã từ chối đăng ký của %(name)s.") % {"name": membership.user})
    return redirect("unit_detail", pk=union.pk)


@officer_required
@never_cache
def member_temp_password(request, pk, membership_pk):
    """GET: confirm; POST: issue a temporary password and show it once (never stored in clear).

    The password is in this response only: no redirect (it would have to travel through the
    session), and ``never_cache`` keeps it out of caches. Refused accounts get a 400 page.
    """
    union = get_union_for_user(request.user, pk)
    membership = get_membership_for_user(request.user, membership_pk, union=union)
    if membership.status != Membership.Status.ACTIVE:
        raise Http404
    context = {"union": union, "membership": membership, "person": membership.user}
    target_roles = selectors.user_role_paths(membership.user)
    refusal = temp_password_refusal(request.user, membership.user, target_roles)
    if refusal:
        return render(request, "unions/temp_password.html", {**context, "refusal": refusal}, status=400)
    if request.method == "POST":
        try:
            password = services.member_issue_temp_password(actor=request.user, membership=membership)
        except services.ServiceError as exc:
            return render(request, "unions/temp_password.html", {**context, "refusal": str(exc)}, status=400)
        return render(request, "unions/temp_password.html", {**context, "password": password})
    return render(request, "unions/temp_password.html", context)


@officer_required
@require_POST
def member_login_unlock(request, pk, membership_pk):
    """Lift a member's login lockout (after too many wrong passwords), back to the unit page."""
    union = get_union_for_user(request.user, pk)
    membership = get_membership_for_user(request.user, membership_pk, union=union)
    try:
        services.member_login_unlock(actor=request.user, membership=membership)
    except services.ServiceError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Đã mở khóa đăng nhập cho %(name)s.") % {"name": membership.user.full_name})
    return redirect("unit_detail", pk=union.pk)


def _import_upload(request, union, kind, template):
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            batch = services.import_preview(
                actor=request.user, union=union, uploaded=form.cleaned_data["file"], kind=kind
            )
        except (ImportFileError, services.ServiceError) as exc:
            form.add_error("file", str(exc))
        else:
            return redirect("import_batch", pk=union.pk, batch_pk=batch.pk)
    return render(request, template, {"union": union, "form": form, "kind": kind})


@officer_required
def member_import(request, pk):
    union = get_union_for_user(request.user, pk)
    if refused := _refuse_if_ended(request, union):
        return refused
    return _import_upload(request, union, ImportBatch.Kind.MEMBERS, "unions/import_form.html")


@officer_required
def units_import(request, pk):
    union = get_union_for_user(request.user, pk)
    admin_required_for(request.user, union)
    return _import_upload(request, union, ImportBatch.Kind.UNITS, "unions/import_form.html")


@officer_required
def import_batch(request, pk, batch_pk):
    """The checked file (preview, errors), its confirmation, and — for files applied in the
    background — its progress. ``?part=progress`` returns only the progress block (htmx polls it
    every 2 s while the batch is queued or running; without JavaScript a refresh shows the same)."""
    union = get_union_for_user(request.user, pk)
    if request.method == "GET" and request.GET.get("part") == "progress":
        batch = get_import_batch_for_user(request.user, union, batch_pk, light=True)
        return render(request, "unions/_import_progress.html", {"union": union, "batch": batch})
    batch = get_import_batch_for_user(request.user, union, batch_pk)
    if request.method == "POST":
        try:
            count = services.import_confirm(actor=request.user, batch=batch)
        except services.ServiceError as exc:
            messages.error(request, str(exc))
            return redirect("import_batch", pk=union.pk, batch_pk=batch.pk)
        if count is None:
            return redirect("import_batch", pk=union.pk, batch_pk=batch.pk)
        messages.success(request, _("Đã nhập %(n)s dòng.") % {"n": count})
        return redirect("unit_detail", pk=union.pk)
    preview = Paginator(batch.rows, 100).get_page(request.GET.get("page"))
    return render(request, "unions/import_batch.html", {"union": union, "batch": batch, "preview": preview})


def _get_invite_union(user, pk):
    """A unit the user manages that takes invites (grassroots and below, not ended), else 404."""
    union = get_union_for_user(user, pk)
    if union.level < Level.GRASSROOTS or not union.accepts_new_members():
        raise Http404
    return union


def _invite_url(union):
    """The absolute join link of ``union`` (its invite token made on first use)."""
    return settings.SITE_URL + reverse("join", args=[services.union_get_or_create_invite(union=union)])


@officer_required
def invite_qr(request, pk):
    import qrcode
    import qrcode.image.svg

    union = _get_invite_union(request.user, pk)
    image = qrcode.make(_invite_url(union), image_factory=qrcode.image.svg.SvgPathImage, box_size=10, border=2)
    response = HttpResponse(image.to_string(), content_type="image/svg+xml")
    response["Cache-Control"] = "private, max-age=300"
    return response


@officer_required
@require_POST
def invite_reset(request, pk):
    union = _get_invite_union(request.user, pk)
    services.union_reset_invite(actor=request.user, union=union)
    messages.success(request, _("Đã tạo đường dẫn mời mới; đường dẫn cũ không còn dùng được."))
    return redirect("unit_detail", pk=union.pk)


@officer_required
@require_POST
def role_grant(request, pk):
    union = get_union_for_user(request.user, pk)
    admin_required_for(request.user, union)
    form = RoleForm(request.POST)
    if form.is_valid():
        services.role_grant(
            actor=request.user, user=form.cleaned_data["login"], union=union, kind=form.cleaned_data["kind"]
        )
        messages.success(request, _("Đã giao vai trò."))
    else:
        for error in form.errors.values():
            messages.error(request, error[0])
    return redirect("unit_detail", pk=union.pk)


@officer_required
@require_POST
def role_revoke(request, pk, role_pk):
    union = get_union_for_user(request.user, pk)
    role = get_role_for_user(request.user, role_pk)
    if role.union_id != union.pk:
        raise Http404
    services.role_revoke(actor=request.user, role=role)
    messages.success(request, _("Đã thu hồi vai trò."))
    return redirect("unit_detail", pk=union.pk)


@rate_limit("join", key="ip")
def join(request, token):
    union = get_object_or_404(Union.objects.current().filter(level__gte=Level.GRASSROOTS), invite_token=token)
    form = RegisterForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.member_register(
                union=union,
                full_name=data["full_name"],
                phone=data["phone"],
                email=data["email"],
                password=data["password1"],
                member_code=data["member_code"],
            )
        except services.ServiceError as exc:
            form.add_error(None, str(exc))
        else:
            return render(request, "unions/join_done.html", {"union": union})
    return render(request, "unions/join.html", {"union": union, "form": form})
