from django import forms
from django.contrib import admin, messages
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from audit.services import audit_record
from uploads.forms import ImportFileField

from . import services
from .access import ADMIN_KINDS, managed_unions
from .imports import ImportFileError
from .models import ImportBatch, Membership, Role, Union


class UnitImportForm(forms.Form):
    root = forms.ModelChoiceField(
        label=_("Nhập vào dưới đơn vị"), queryset=Union.objects.filter(depth__lte=1).order_by("path")
    )
    file = ImportFileField(label=_("Tệp CSV hoặc Excel (.xlsx)"))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        # Only units the importing user administers (superusers: all top units).
        allowed = managed_unions(user, ADMIN_KINDS)
        self.fields["root"].queryset = self.fields["root"].queryset.filter(pk__in=allowed.values("pk"))


@admin.register(Union)
class UnionAdmin(admin.ModelAdmin):
    list_display = ("name", "code", "level", "unit_type", "parent", "member_count", "valid_to", "successor")
    list_filter = ("level", "unit_type")
    search_fields = ("name", "short_name", "code", "search_text")
    raw_id_fields = ("parent", "successor")
    list_select_related = ("parent", "successor")
    readonly_fields = ("path", "depth", "member_count")
    change_list_template = "admin/unions/union/change_list.html"

    @transaction.atomic
    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        audit_record(actor=request.user, verb="union.changed_in_admin" if change else "union.created",
                     obj=obj, unit=obj, data={"code": obj.code, "fields": sorted(form.changed_data)})

    @transaction.atomic
    def delete_model(self, request, obj):
        audit_record(actor=request.user, verb="union.deleted_in_admin", obj=obj, unit=obj, data={"code": obj.code})
        super().delete_model(request, obj)

    @transaction.atomic
    def delete_queryset(self, request, queryset):
        for unit in queryset:
            self.delete_model(request, unit)

    def get_urls(self):
        return [
            path("import/", self.admin_site.admin_view(self.import_view), name="unions_union_import"),
            *super().get_urls(),
        ]

    def import_view(self, request):
        if not request.user.has_perm("unions.add_union"):
            messages.error(request, _("Bạn không có quyền nhập đơn vị."))
            return redirect("admin:unions_union_changelist")
        form = UnitImportForm(request.POST or None, request.FILES or None, user=request.user)
        batch = None
        if request.method == "POST" and "apply" in request.POST:
            batch = get_object_or_404(
                ImportBatch, pk=request.POST["apply"], kind=ImportBatch.Kind.UNITS, created_by=request.user
            )
            try:
                count = services.import_confirm(actor=request.user, batch=batch)
            except services.ServiceError as exc:
                messages.error(request, str(exc))
            else:
                if count is None:  # a large tree goes to the worker: follow it on the batch page
                    return redirect("import_batch", pk=batch.union_id, batch_pk=batch.pk)
                messages.success(request, _("Đã nhập %(n)s đơn vị.") % {"n": count})
                return redirect("admin:unions_union_changelist")
        elif request.method == "POST" and form.is_valid():
            try:
                batch = services.import_preview(
                    actor=request.user,
                    union=form.cleaned_data["root"],
                    uploaded=form.cleaned_data["file"],
                    kind=ImportBatch.Kind.UNITS,
                )
            except ImportFileError as exc:
                form.add_error("file", str(exc))
        context = {
            **self.admin_site.each_context(request),
            "title": _("Nhập cây đơn vị từ tệp"),
            "form": form,
            "batch": batch,
            "opts": self.model._meta,
            "changelist_url": reverse("admin:unions_union_changelist"),
        }
        return TemplateResponse(request, "admin/unions/union/import.html", context)


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    """Changes here (an approval, a move) are audited and recount the units, like the portal's pages."""

    list_display = ("user", "union", "member_code", "status", "joined_on")
    list_filter = ("status",)
    search_fields = ("user__full_name", "user__phone", "user__email", "member_code", "union__name")
    raw_id_fields = ("user", "union", "decided_by")
    list_select_related = ("user", "union")

    def _recount(self, *union_ids):
        for union_id in {pk for pk in union_ids if pk}:
            services.recount_on_commit(union_id)

    @transaction.atomic
    def save_model(self, request, obj, form, change):
        old_union_id = form.initial.get("union") if change else None
        decision = None
        if (change and "status" in form.changed_data and form.initial.get("status") == Membership.Status.PENDING
                and obj.status in (Membership.Status.ACTIVE, Membership.Status.REJECTED)):
            # Approving or rejecting a registration: the portal's service decides (audited, the
            # member told), as on the unit page.
            decision, obj.status = obj.status, Membership.Status.PENDING
        super().save_model(request, obj, form, change)
        fields = sorted(set(form.changed_data) - ({"status", "joined_on", "decided_at", "decided_by"}
                                                  if decision else set()))
        if fields or decision is None:
            audit_record(actor=request.user, verb="member.changed_in_admin" if change else "member.added_in_admin",
                         obj=obj, unit=obj.union, data={"user": obj.user_id, "status": obj.status, "fields": fields})
        if decision is not None:
            decide = services.membership_approve if decision == Membership.Status.ACTIVE else services.membership_reject
            try:
                decide(actor=request.user, membership=obj)
            except services.ServiceError as exc:
                messages.error(request, str(exc))
        self._recount(obj.union_id, old_union_id)

    @transaction.atomic
    def delete_model(self, request, obj):
        audit_record(actor=request.user, verb="member.deleted_in_admin", obj=obj, unit=obj.union,
                     data={"user": obj.user_id, "status": obj.status})
        super().delete_model(request, obj)  # the unit is recounted by unions.signals

    @transaction.atomic
    def delete_queryset(self, request, queryset):
        for membership in queryset.select_related("union"):
            self.delete_model(request, membership)


@admin.register(Role)
class RoleAdmin(admin.ModelAdmin):
    """Roles are granted and revoked through the services, so each change is audited."""

    list_display = ("user", "kind", "union", "created_at")
    list_filter = ("kind",)
    ordering = ("union__path", "user__sort_name", "kind")
    search_fields = ("user__full_name", "user__username", "union__name")
    raw_id_fields = ("user", "union", "granted_by")
    list_select_related = ("user", "union")
    readonly_fields = ("granted_by",)

    def has_change_permission(self, request, obj=None):
        return False if obj is not None else super().has_change_permission(request, obj)

    def save_model(self, request, obj, form, change):
        role = services.role_grant(actor=request.user, user=obj.user, union=obj.union, kind=obj.kind)
        obj.pk = role.pk

    def delete_model(self, request, obj):
        services.role_revoke(actor=request.user, role=obj)

    def delete_queryset(self, request, queryset):
        for role in queryset:
            services.role_revoke(actor=request.user, role=role)


@admin.register(ImportBatch)
class ImportBatchAdmin(admin.ModelAdmin):
    list_display = ("created_at", "kind", "file_name", "union", "created_by", "status")
    list_filter = ("kind", "status")
    readonly_fields = [f.name for f in ImportBatch._meta.fields] + ["rows", "errors"]

    def has_add_permission(self, request):
        return False
