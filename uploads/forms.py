"""The form fields every file input of the portal uses, the Django admin's included.

Every uploaded file reaches the code through one of these fields, and each of them hands it to
:func:`uploads.checks.check_upload` (type by content, size cap, pixel cap, bomb refusal, full
decode) before anything is stored:

* :class:`CheckedFileField` — one file, cleans to ``(uploaded, CheckedUpload)`` or None; the
  service that stores it re-encodes images (:func:`uploads.images.clean_image`: EXIF/GPS stripped,
  generated name).
* :class:`CheckedFilesField` — several files, cleans to a list of ``(uploaded, CheckedUpload)``.
  With ``kinds=None`` the form decides the kinds (a submission's media depend on its kind) and
  calls :func:`check_files` in its ``clean()``.
* :class:`AdminCheckedFileField` — the admin's field for model ``FileField``/``ImageField``:
  checks, then re-encodes images and gives every file a generated name, so the model field stores
  the cleaned copy. :class:`uploads.admin.CheckedUploadsAdmin` puts it on every file field of a
  ``ModelAdmin`` or inline, and the system check ``uploads.E001`` fails when a registered admin
  leaves a file field out.

The original file name is never kept nor length-checked (a 300-character or control-character
name is fine: it is replaced), and every refusal is a Vietnamese message.
"""

from django import forms
from django.core.files.base import ContentFile
from django.utils.translation import gettext_lazy as _

from .checks import UploadRejected, check_upload
from .images import clean_image, safe_name


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class UploadField(forms.FileField):
    """Base of the portal's file fields: the uploaded name is not validated (it is replaced)."""

    default_error_messages = {
        "invalid": _("Không nhận được tệp. Hãy chọn lại tệp và gửi lại."),
        "missing": _("Không nhận được tệp. Hãy chọn lại tệp và gửi lại."),
        "empty": _("Tệp đã chọn trống."),
        "required": _("Hãy chọn một tệp."),
        "contradiction": _("Hãy chọn tệp mới hoặc bỏ chọn ô xóa, không chọn cả hai."),
    }
    kinds = ("image",)

    def __init__(self, *args, kinds=None, **kwargs):
        if kinds is not None:
            self.kinds = tuple(kinds)
        kwargs.pop("max_length", None)  # the user's file name is replaced, never stored
        kwargs.pop("allow_empty_file", None)
        super().__init__(*args, **kwargs)

    def to_python(self, data):
        if data in self.empty_values:
            return None
        if not hasattr(data, "name") or not hasattr(data, "size"):
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return data  # an empty file is refused by check_upload with its own message

    @staticmethod
    def rejected(exc):
        return forms.ValidationError(str(exc), code="upload_rejected")


class CheckedFileField(UploadField):
    """One file, checked by content; cleans to ``(uploaded, checked)`` or None (nothing new chosen).

    ``decode=False`` checks an image's header only, for callers that decode it at reduced size
    themselves (the avatar studio).
    """

    def __init__(self, *args, decode=True, **kwargs):
        self.decode = decode
        super().__init__(*args, **kwargs)
        if self.kinds == ("image",) and not self.widget.attrs.get("accept"):
            self.widget.attrs["accept"] = "image/*"

    def clean(self, data, initial=None):
        uploaded = super().clean(data, initial)
        if not uploaded or uploaded == initial:
            return None
        try:
            return uploaded, check_upload(uploaded, kinds=self.kinds, decode=self.decode)
        except UploadRejected as exc:
            raise self.rejected(exc) from None


class CheckedFilesField(UploadField):
    """Several files in one input; each checked by content (unless ``kinds=None``: see :func:`check_files`)."""

    def __init__(self, *args, max_files=10, kinds=("image",), accept="image/*", **kwargs):
        self.max_files = max_files
        self.checks_here = kinds is not None
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": accept, "multiple": True}))
        kwargs.setdefault("required", False)
        super().__init__(*args, kinds=kinds or (), **kwargs)

    def clean(self, data, initial=None):
        files = [f for f in (data if isinstance(data, list | tuple) else [data]) if f]
        if self.required and not files:
            raise forms.ValidationError(self.error_messages["required"], code="required")
        if len(files) > self.max_files:
            raise forms.ValidationError(_("Tối đa %(n)s tệp mỗi lần.") % {"n": self.max_files}, code="max_files")
        files = [self.to_python(f) for f in files]
        if not self.checks_here:
            return files
        out, errors = [], []
        for uploaded in files:
            try:
                out.append((uploaded, check_upload(uploaded, kinds=self.kinds)))
            except UploadRejected as exc:
                errors.append(str(exc))
        if errors:
            raise forms.ValidationError(errors)
        return out


def check_files(form, name, files, *, kinds):
    """Check files a :class:`CheckedFilesField` with ``kinds=None`` cleaned; errors go to ``name``."""
    checked = []
    for uploaded in files:
        try:
            checked.append((uploaded, check_upload(uploaded, kinds=kinds)))
        except UploadRejected as exc:
            form.add_error(name, str(exc))
    return checked


class AdminCheckedFileField(UploadField):
    """A model file field's form field in the admin: checked, images re-encoded, a generated name.

    Cleans to the file the model field stores (a new ``ContentFile``), to the initial file when
    nothing new was chosen, or to False when "clear" was ticked (Django's convention).
    """

    def __init__(self, *args, kinds=None, **kwargs):
        kwargs.pop("form_class", None)
        super().__init__(*args, kinds=kinds, **kwargs)

    def clean(self, data, initial=None):
        uploaded = super().clean(data, initial)
        if not uploaded or uploaded is initial or uploaded == initial:
            return uploaded
        try:
            checked = check_upload(uploaded, kinds=self.kinds)
        except UploadRejected as exc:
            raise self.rejected(exc) from None
        if checked.kind == "image":
            return clean_image(uploaded, checked)
        uploaded.seek(0)
        return ContentFile(uploaded.read(), name=safe_name(checked.extension))


def kinds_for_model_field(db_field):
    """What a model file field accepts: ``upload_kinds`` on the field, else images (ImageField) or
    images and PDF documents."""
    from django.db import models

    declared = getattr(db_field, "upload_kinds", None)
    if declared:
        return tuple(declared)
    return ("image",) if isinstance(db_field, models.ImageField) else ("image", "document")


class ImportFileField(UploadField):
    """A table to import (CSV or XLSX): read and parsed, never stored nor served.

    Its checks are the importer's (``unions.imports``: size and row caps, format by content, a
    Vietnamese message for anything it cannot read); this field only keeps the name out of it.
    """

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx,text/csv"}))
        super().__init__(*args, kinds=(), **kwargs)
