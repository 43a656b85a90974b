from django.contrib import admin
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from .models import AuditEvent
from .services import audit_record
from .verbs import verb_choices, verb_label


class VerbFilter(admin.SimpleListFilter):
    title = _("hành động")
    parameter_name = "verb"

    def lookups(self, request, model_admin):
        return verb_choices()

    def queryset(self, request, queryset):
        return queryset.filter(verb=self.value()) if self.value() else queryset


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    list_display = ("created_at", "actor", "verb_display", "object_type", "object_repr", "unit_id")
    list_filter = (VerbFilter, "object_type")
    search_fields = ("verb", "object_repr", "actor__username", "actor__full_name", "data")
    date_hierarchy = "created_at"
    list_select_related = ("actor",)

    @admin.display(description=_("hành động"), ordering="verb")
    def verb_display(self, event):
        return verb_label(event.verb)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class AuditedAdmin:
    """Admin saves and deletes recorded in the audit log, in the same transaction.

    For models whose admin changes carry no business rule of their own (texts, images, settings);
    fields with business meaning (statuses, decisions, roles) are read-only in those admins and
    change through the portal's services. ``audit_unit(obj)`` names the unit of the row.
    """

    def audit_unit(self, obj):
        return None

    @transaction.atomic
    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        audit_record(actor=request.user, verb="admin.changed" if change else "admin.created", obj=obj,
                     unit=self.audit_unit(obj),
                     data={"fields": sorted(form.changed_data) if form is not None else []})

    @transaction.atomic
    def delete_model(self, request, obj):
        audit_record(actor=request.user, verb="admin.deleted", obj=obj, unit=self.audit_unit(obj))
        super().delete_model(request, obj)

    @transaction.atomic
    def delete_queryset(self, request, queryset):
        for obj in queryset:
            self.delete_model(request, obj)

    @transaction.atomic
    def save_formset(self, request, form, formset, change):
        super().save_formset(request, form, formset, change)
        parent = form.instance
        for obj in formset.new_objects:
            audit_record(actor=request.user, verb="admin.created", obj=obj, unit=self.audit_unit(parent))
        for obj, fields in formset.changed_objects:
            audit_record(actor=request.user, verb="admin.changed", obj=obj, unit=self.audit_unit(parent),
                         data={"fields": sorted(fields)})
        for obj in formset.deleted_objects:
            audit_record(actor=request.user, verb="admin.deleted", obj=obj, unit=self.audit_unit(parent))
