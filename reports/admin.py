"""Admin: HQ opens and edits report periods (through the services); everything else is read-only
here — reports are filed and decided on the portal's pages, indicator sets change through
``services.indicator_set_revise`` so that filed reports keep their version."""

from django.contrib import admin, messages

from core.errors import ServiceError
from unions.scope import scope_for

from . import services
from .models import ExportJob, Indicator, IndicatorSetVersion, ReportPeriod, ReportReview, UnitReport


class ReadOnlyMixin:
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ReportPeriod)
class ReportPeriodAdmin(admin.ModelAdmin):
    list_display = ("title", "kind", "year", "starts_on", "ends_on", "due_on", "is_open", "version")
    list_filter = ("kind", "is_open", "year")
    fields = ("title", "kind", "year", "starts_on", "ends_on", "due_on", "version", "is_open")

    def get_readonly_fields(self, request, obj=None):
        return ("version",) if obj is not None else ()

    def save_model(self, request, obj, form, change):
        data = {name: form.cleaned_data[name] for name in form.changed_data if name != "version"}
        try:
            if change:
                services.period_edit(period=obj, actor=request.user, **data)
            else:
                saved = services.period_open(
                    actor=request.user, kind=obj.kind, year=obj.year, title=obj.title, starts_on=obj.starts_on,
                    ends_on=obj.ends_on, due_on=obj.due_on, version=obj.version,
                )
                obj.pk = saved.pk
        except ServiceError as exc:
            messages.error(request, str(exc))

    def has_add_permission(self, request):
        return scope_for(request.user).is_admin and super().has_add_permission(request)

    def has_change_permission(self, request, obj=None):
        return scope_for(request.user).is_admin and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return False


class IndicatorInline(ReadOnlyMixin, admin.TabularInline):
    model = Indicator
    fields = ("position", "code", "label", "group", "measure", "mode", "source")
    readonly_fields = fields
    extra = 0


@admin.register(IndicatorSetVersion)
class IndicatorSetVersionAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ("__str__", "created_at", "note")
    readonly_fields = ("indicator_set", "number", "rules", "note")
    inlines = [IndicatorInline]

    def has_view_permission(self, request, obj=None):
        return request.user.is_staff


class ReviewInline(ReadOnlyMixin, admin.TabularInline):
    model = ReportReview
    fields = ("created_at", "decision", "actor", "reason")
    readonly_fields = fields
    extra = 0


@admin.register(UnitReport)
class UnitReportAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ("unit", "period", "status", "submitted_at", "is_late")
    list_filter = ("period", "status", "is_late")
    search_fields = ("unit__name", "unit__code", "document_number")
    list_select_related = ("unit", "period")
    inlines = [ReviewInline]

    def has_view_permission(self, request, obj=None):
        return request.user.is_staff


@admin.register(ExportJob)
class ExportJobAdmin(admin.ModelAdmin):
    """Read only: jobs are made by the download links and the worker."""

    list_display = ("period", "unit", "fmt", "owner", "status", "created_at", "finished_at")
    list_filter = ("status", "fmt")
    readonly_fields = [f.name for f in ExportJob._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
