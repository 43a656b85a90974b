"""Data: move attached files written before 0003 from the public storage to the private one.

Before 0003 every attached file (photo, video, audio, thumbnail, poster) was saved under MEDIA_URL,
and every item got a public cover and share card at upload. Now attached files live in the private
storage and only published items have public pictures. This copies each attached file to the
private storage (same name) and deletes the public copy — except the thumbnail a published item
uses as its gallery cover, which stays public — and removes the cover and share card of items that
are not published. Idempotent: a file already in the private storage is not copied again.
"""

from django.core.files.storage import storages
from django.db import migrations

MEDIA_FIELDS = ("file", "thumbnail", "poster")


def _copy(source, target, name):
    if target.exists(name) or not source.exists(name):
        return False
    with source.open(name, "rb") as handle:
        stored = target.save(name, handle)
    if stored != name:  # never happens: the name was free; keep the data consistent if it does
        raise RuntimeError(f"{name} was stored as {stored}")
    return True


def _published(Submission):
    return Submission.objects.filter(status="published").exclude(kind="aspiration")


def forwards(apps, schema_editor):
    from uploads.storage import private_storage

    Submission = apps.get_model("submissions", "Submission")
    SubmissionMedia = apps.get_model("submissions", "SubmissionMedia")
    public, private = storages["default"], private_storage()
    keep_public = set(_published(Submission).exclude(cover="").values_list("cover", flat=True))
    for names in SubmissionMedia.objects.values_list(*MEDIA_FIELDS).iterator():
        for name in filter(None, names):
            _copy(public, private, name)
            if name not in keep_public and private.exists(name):
                public.delete(name)
    unpublished = Submission.objects.exclude(pk__in=_published(Submission).values("pk"))
    for share_image in unpublished.exclude(share_image="").values_list("share_image", flat=True).iterator():
        public.delete(share_image)
    unpublished.exclude(cover="", share_image="", share_source="").update(cover="", share_image="", share_source="")


def backwards(apps, schema_editor):
    from uploads.storage import private_storage

    SubmissionMedia = apps.get_model("submissions", "SubmissionMedia")
    public, private = storages["default"], private_storage()
    for names in SubmissionMedia.objects.values_list(*MEDIA_FIELDS).iterator():
        for name in filter(None, names):
            _copy(private, public, name)


class Migration(migrations.Migration):
    dependencies = [
        ("submissions", "0003_media_files_in_private_storage"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
