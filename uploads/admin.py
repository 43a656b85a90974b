"""The admin's way through the upload checks, and the system check that no admin escapes it.

:class:`CheckedUploadsAdmin` (for ``ModelAdmin`` and inlines) makes every model ``FileField`` and
``ImageField`` of the form an :class:`uploads.forms.AdminCheckedFileField`: the same checks as the
portal's forms, images re-encoded without metadata, a generated name. ``uploads.E001`` (run by
``manage.py check`` and the test suite) lists every registered admin, and every inline of it,
whose form would take a file field without it.
"""

from django.contrib import admin
from django.core import checks
from django.db import models

from .forms import AdminCheckedFileField, kinds_for_model_field


class CheckedUploadsAdmin:
    """Mix into every ``ModelAdmin`` and ``InlineModelAdmin`` whose model has a file field."""

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if isinstance(db_field, models.FileField):
            kwargs["form_class"] = AdminCheckedFileField
            kwargs["kinds"] = kinds_for_model_field(db_field)
        return super().formfield_for_dbfield(db_field, request, **kwargs)


def _editable_file_fields(model):
    return [f for f in model._meta.get_fields() if isinstance(f, models.FileField) and f.editable]


def _declared_fields(model_admin):
    """The fields the admin's form is limited to (``fields`` or ``fieldsets``), or None for all."""
    if model_admin.fieldsets:
        return {name for _title, opts in model_admin.fieldsets for name in opts.get("fields", ())}
    return set(model_admin.fields) if model_admin.fields else None


def _escapes(model_admin):
    readonly = set(model_admin.get_readonly_fields(None))
    declared = _declared_fields(model_admin)
    out = []
    for field in _editable_file_fields(model_admin.model):
        if field.name in readonly or (declared is not None and field.name not in declared):
            continue
        if field.name in (model_admin.exclude or ()):
            continue
        formfield = model_admin.formfield_for_dbfield(field, None)
        if formfield is not None and not isinstance(formfield, AdminCheckedFileField):
            out.append(field.name)
    return out


@checks.register(checks.Tags.security)
def admin_file_fields_are_checked(app_configs=None, **kwargs):
    errors = []
    for model, model_admin in admin.site._registry.items():
        targets = [(model_admin, model)]
        targets += [(inline(model, admin.site), inline.model) for inline in model_admin.inlines]
        for target, target_model in targets:
            for name in _escapes(target):
                errors.append(checks.Error(
                    f"{target_model._meta.label}.{name} is editable in the admin ({type(target).__name__}) "
                    "without the upload checks",
                    hint="Add uploads.admin.CheckedUploadsAdmin to the admin class, or make the field read-only.",
                    obj=type(target), id="uploads.E001",
                ))
    return errors
