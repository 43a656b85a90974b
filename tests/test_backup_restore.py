"""``make backup`` then ``make restore``: the database and the media come back as they were.

Runs on the database the tests use: SQLite by default, PostgreSQL when DATABASE_URL points to it
(pg_dump -Fc / pg_restore). The backup is taken, the data and files are changed (rows deleted and
added, files removed, changed and added), the backup is restored, and every table and every file
must be what it was at backup time.
"""

import hashlib
import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from django.apps import apps
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection

from submissions.models import Submission, SubmissionMedia
from tests.ops_support import BASE_DIR, database_url_of_tests
from tests.submissions.helpers import jpeg_bytes, pending
from uploads.storage import private_storage

from .factories import UserFactory

pytestmark = pytest.mark.skipif(
    connection.vendor == "sqlite" and not shutil.which("sqlite3"),
    reason="the sqlite3 program is missing: scripts/ensure-system-packages.sh sqlite3",
)


def _make(target, tmp_path, **variables):
    env = {name: os.environ[name] for name in ("PATH", "HOME", "LANG", "TMPDIR") if name in os.environ}
    env.update({
        "DJANGO_SETTINGS_MODULE": "campaign_portal.settings",
        "DATABASE_URL": database_url_of_tests(),
        "MEDIA_ROOT": str(tmp_path / "media"),
        "PRIVATE_MEDIA_ROOT": str(tmp_path / "private-media"),
    })
    args = ["make", "-s", target, *(f"{name}={value}" for name, value in variables.items())]
    result = subprocess.run(args, cwd=BASE_DIR, env=env, capture_output=True, text=True, timeout=180, check=False)
    assert result.returncode == 0, f"{args}: {result.stdout}\n{result.stderr}"
    return result.stdout


def _rows():
    """Every row of every table of the portal, by model, in primary-key order."""
    return {
        model._meta.label: list(model._base_manager.order_by("pk").values_list())
        for model in apps.get_models()
        if model._meta.managed and not model._meta.proxy
    }


def _files(*roots):
    return {
        f"{root.name}/{path.relative_to(root)}": hashlib.sha256(path.read_bytes()).hexdigest()
        for root in roots for path in sorted(Path(root).rglob("*")) if path.is_file()
    }


def test_backup_then_restore_brings_back_the_data_and_the_files(transactional_db, tree, member, tmp_path, settings):
    story = pending(member, tree.officer_unit, title="Anh Tuấn sửa máy may giúp cả chuyền")
    photo = private_storage().save("submissions/2026/12/sua-may.jpg", ContentFile(jpeg_bytes(size=(64, 48))))
    SubmissionMedia.objects.create(submission=story, kind="image", file=photo, mime="image/jpeg",
                                   status=SubmissionMedia.State.READY)
    cover = default_storage.save("stories/2026/12/bia.jpg", ContentFile(jpeg_bytes(size=(32, 24), color=(200, 30, 30))))
    media_roots = (Path(settings.MEDIA_ROOT), Path(settings.PRIVATE_MEDIA_ROOT))
    rows_before, files_before = _rows(), _files(*media_roots)
    assert rows_before["submissions.Submission"] and len(files_before) == 2

    out = _make("backup", tmp_path, BACKUP_DIR=tmp_path / "backups")
    folder = Path(out.strip().splitlines()[-1])
    assert folder.parent == tmp_path / "backups" and folder.name.startswith("portal-")
    manifest = json.loads((folder / "manifest.json").read_text())
    assert manifest["engine"] == ("sqlite" if connection.vendor == "sqlite" else "postgresql")
    assert (folder / manifest["database"]).stat().st_size > 0

    # Life goes on after the backup: a deletion, a new account, files gone, changed and added.
    Submission.objects.filter(pk=story.pk).delete()
    UserFactory(username="sau-sao-luu", full_name="Vũ Thị Mai")
    private_storage().delete(photo)
    (Path(settings.MEDIA_ROOT) / cover).write_bytes(b"changed")
    default_storage.save("stories/2026/12/moi.jpg", ContentFile(jpeg_bytes(size=(16, 16))))
    assert _rows() != rows_before and _files(*media_roots) != files_before

    connection.close()  # the restore replaces the database under this process
    out = _make("restore", tmp_path, FROM=folder)
    assert "restored" in out
    assert _rows() == rows_before
    assert _files(*media_roots) == files_before
    assert Submission.objects.get(pk=story.pk).title == "Anh Tuấn sửa máy may giúp cả chuyền"
    # The media folders as they were before the restore are kept aside, not deleted.
    assert any(p.name.startswith("media.before-restore-") for p in tmp_path.iterdir())


def test_restore_refuses_a_damaged_backup_and_changes_nothing(transactional_db, tree, member, tmp_path):
    pending(member, tree.officer_unit, title="Bữa cơm ca của công nhân")
    folder = Path(_make("backup", tmp_path, BACKUP_DIR=tmp_path / "backups").strip().splitlines()[-1])
    archive = folder / "media.tar.gz"
    archive.write_bytes(archive.read_bytes()[:-10])
    rows = _rows()
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "campaign_portal.settings", "DATABASE_URL": database_url_of_tests(),
           "MEDIA_ROOT": str(tmp_path / "media"), "PRIVATE_MEDIA_ROOT": str(tmp_path / "private-media")}
    result = subprocess.run(["make", "-s", "restore", f"FROM={folder}"], cwd=BASE_DIR, env=env, capture_output=True,
                            text=True, timeout=120, check=False)
    assert result.returncode != 0
    assert "damaged" in result.stderr
    assert _rows() == rows


def test_restore_without_a_folder_says_how(tmp_path):
    result = subprocess.run(["make", "-s", "restore"], cwd=BASE_DIR, capture_output=True, text=True, timeout=30,
                            check=False)
    assert result.returncode != 0
    assert "usage: make restore FROM=" in result.stderr
