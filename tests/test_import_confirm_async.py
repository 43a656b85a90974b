"""Big imports run in the Celery worker: confirm queues the batch, the worker applies it all or
nothing in bulk, the page shows the progress (htmx polls a partial), small files stay immediate."""

import csv
import io

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from accounts.models import User
from accounts.text import fold
from audit.models import AuditEvent
from unions import imports, services, tasks
from unions.models import ImportBatch, Level, Membership, Union, path_segment

from .factories import MembershipFactory, UserFactory

HEADER = ["Họ và tên", "Số điện thoại", "Email", "Mã đoàn viên"]
N = 2000


def csv_upload(rows, name="doan-vien.csv"):
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerows(rows)
    return SimpleUploadedFile(name, b"\xef\xbb\xbf" + out.getvalue().encode(), content_type="text/csv")


def member_rows(n=N):
    """``n`` people: new ones, plus (last two rows) an existing account and a member who left."""
    rows = [HEADER] + [[f"Nguyễn Văn Số {i}", f"0390{i:06d}", f"nv{i}@example.vn", f"NK-{i:05d}"] for i in range(n - 2)]
    rows.append(["Đinh Văn Cường", "0988000111", "", "MAY10-CUONG"])
    rows.append(["Lê Thị Rời", "0988000222", "", "MAY10-ROI"])
    return rows


@pytest.fixture
def known_people(tree):
    cuong = UserFactory(full_name="Đinh Văn Cường", phone="0988000111", email="cuong@example.vn")
    left = MembershipFactory(
        union=tree.officer_unit, status=Membership.Status.LEFT, user__full_name="Lê Thị Rời", user__phone="0988000222"
    )
    return cuong, left


def upload(client, unit, uploaded, view="member_import"):
    response = client.post(reverse(view, args=[unit.pk]), {"file": uploaded})
    assert response.status_code == 302, response.content.decode()[:2000]
    batch = ImportBatch.objects.latest("pk")
    assert batch.status == ImportBatch.Status.READY, batch.errors[:3]
    return batch


def batch_url(unit, batch):
    return reverse("import_batch", args=[unit.pk, batch.pk])


def progress_url(unit, batch):
    return batch_url(unit, batch) + "?part=progress"


@pytest.fixture
def recorded_progress(monkeypatch):
    """The progress counts the worker publishes, in order."""
    seen = []
    real_set = cache.set

    def recording_set(key, value, *args, **kwargs):
        if key.startswith("unions:import-progress:"):
            seen.append(value)
        return real_set(key, value, *args, **kwargs)

    monkeypatch.setattr(services.cache, "set", recording_set)
    return seen


@pytest.mark.django_db
def test_a_2000_row_file_is_imported_in_the_background_with_progress(
    personas, tree, client_for, known_people, recorded_progress, django_capture_on_commit_callbacks,
    django_assert_max_num_queries,
):
    cuong, left = known_people
    users_before = User.objects.count()
    client = client_for(personas.officer)
    batch = upload(client, tree.officer_unit, csv_upload(member_rows()))

    # Confirming answers at once: the batch is queued, the worker is started when this commits.
    with django_capture_on_commit_callbacks() as callbacks:
        response = client.post(batch_url(tree.officer_unit, batch))
    assert response.status_code == 302 and response.url == batch_url(tree.officer_unit, batch)
    batch.refresh_from_db()
    assert (batch.status, batch.progress_total) == (ImportBatch.Status.QUEUED, N)
    assert Membership.objects.filter(union=tree.officer_unit).count() == 2  # nothing applied yet
    page = client.get(batch_url(tree.officer_unit, batch)).content.decode()
    assert "Tệp đang chờ nhập." in page and 'hx-trigger="every 2s"' in page
    assert "Xác nhận nhập" not in page  # no second confirmation while it is queued

    # The worker: a bounded number of queries for 2,000 rows (bulk writes, a chunk at a time).
    with django_assert_max_num_queries(80), django_capture_on_commit_callbacks(execute=True):
        for callback in callbacks:
            callback()

    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.APPLIED and batch.applied_at is not None
    assert recorded_progress == [0, 1000, 2000]
    assert batch.progress() == {"done": N, "total": N, "percent": 100}
    active = Membership.objects.filter(union=tree.officer_unit, status=Membership.Status.ACTIVE)
    assert active.count() == N + 1  # the persona member and every row
    assert User.objects.count() == users_before + N - 2  # the two known people were re-used
    assert active.get(user=cuong).member_code == "MAY10-CUONG"
    left.refresh_from_db()
    assert (left.status, left.member_code, left.decided_by) == (
        Membership.Status.ACTIVE, "MAY10-ROI", personas.officer
    )
    new = User.objects.get(phone="0390000007")
    assert (new.full_name, new.email, new.username) == ("Nguyễn Văn Số 7", "nv7@example.vn", "0390000007")
    assert not new.has_usable_password()
    assert new.search_text == fold("Nguyễn Văn Số 7 0390000007 0390000007 nv7@example.vn")
    search_text = new.search_text
    new.save()  # what User.save computes is what the bulk insert stored
    assert User.objects.get(pk=new.pk).search_text == search_text

    tree.officer_unit.refresh_from_db()
    assert tree.officer_unit.member_count == N + 1
    event = AuditEvent.objects.get(verb="import.members")
    assert (event.actor, event.data["rows"]) == (personas.officer, N)
    assert AuditEvent.objects.filter(verb="import.members.queued").count() == 1

    page = client.get(batch_url(tree.officer_unit, batch)).content.decode()
    assert "Đã nhập xong 2000 dòng." in page and "hx-trigger" not in page
    assert reverse("unit_detail", args=[tree.officer_unit.pk]) in page


@pytest.mark.django_db
def test_running_the_task_twice_imports_once(personas, tree, client_for, django_capture_on_commit_callbacks):
    client = client_for(personas.officer)
    batch = upload(client, tree.officer_unit, csv_upload(member_rows(600)))
    with django_capture_on_commit_callbacks(execute=True):
        client.post(batch_url(tree.officer_unit, batch))
    assert ImportBatch.objects.get(pk=batch.pk).status == ImportBatch.Status.APPLIED
    snapshot = (User.objects.count(), Membership.objects.count(), AuditEvent.objects.filter(verb="import.members").count())

    with django_capture_on_commit_callbacks(execute=True):
        tasks.apply_import.delay(batch.pk)
        tasks.apply_import(batch.pk)
    assert (User.objects.count(), Membership.objects.count(), AuditEvent.objects.filter(verb="import.members").count()) == snapshot
    assert ImportBatch.objects.get(pk=batch.pk).status == ImportBatch.Status.APPLIED

    # Confirming again is refused too, and queues nothing.
    response = client.post(batch_url(tree.officer_unit, batch), follow=True)
    assert "Tệp này đã được nhập, hoặc còn lỗi." in [str(m) for m in response.context["messages"]]


@pytest.mark.django_db
def test_a_run_cut_short_after_the_claim_is_applied_by_the_retry(personas, tree, client_for):
    """The worker died after marking the batch running (nothing was committed by the apply): the
    redelivered task applies it, once."""
    client = client_for(personas.officer)
    batch = upload(client, tree.officer_unit, csv_upload(member_rows(600)))
    ImportBatch.objects.filter(pk=batch.pk).update(status=ImportBatch.Status.RUNNING, progress_total=600)
    tasks.apply_import(batch.pk)
    tasks.apply_import(batch.pk)
    assert Membership.objects.filter(union=tree.officer_unit, status=Membership.Status.ACTIVE).count() == 601
    assert AuditEvent.objects.filter(verb="import.members").count() == 1


@pytest.mark.django_db
def test_a_failure_midway_rolls_everything_back_and_marks_the_batch_failed(
    personas, tree, client_for, monkeypatch, recorded_progress, django_capture_on_commit_callbacks
):
    client = client_for(personas.officer)
    batch = upload(client, tree.officer_unit, csv_upload(member_rows()))
    real_check = imports.check_members

    def check_then_someone_else_registers(rows, union):
        result = real_check(rows, union)
        # Between the check and the writes, an account takes the phone of line 1502 (second chunk).
        UserFactory(full_name="Người Khác", phone="0390001500")
        return result

    monkeypatch.setattr(imports, "check_members", check_then_someone_else_registers)
    before = (User.objects.count(), Membership.objects.count(), Union.objects.get(pk=tree.officer_unit.pk).member_count)

    with django_capture_on_commit_callbacks(execute=True):
        client.post(batch_url(tree.officer_unit, batch))

    assert 1000 in recorded_progress  # the first chunk had been written before the clash
    assert (User.objects.count(), Membership.objects.count(), Union.objects.get(pk=tree.officer_unit.pk).member_count) == before
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.FAILED
    assert batch.failure_message == (
        "Trùng dữ liệu với một tài khoản vừa được tạo trong lúc nhập; chưa nhập dòng nào. Hãy tải tệp lên lại."
    )
    assert not AuditEvent.objects.filter(verb="import.members").exists()
    page = client.get(progress_url(tree.officer_unit, batch)).content.decode()
    assert "Nhập không thành công; chưa nhập dòng nào." in page and batch.failure_message in page
    assert "hx-trigger" not in page and reverse("member_import", args=[tree.officer_unit.pk]) in page

    # A failed batch is final: running the task again imports nothing.
    monkeypatch.setattr(imports, "check_members", real_check)
    tasks.apply_import(batch.pk)
    assert User.objects.count() == before[0]
    assert ImportBatch.objects.get(pk=batch.pk).status == ImportBatch.Status.FAILED


@pytest.mark.django_db
def test_the_htmx_partial_shows_the_progress(
    personas, tree, client_for, client, django_capture_on_commit_callbacks, django_assert_max_num_queries
):
    officer = client_for(personas.officer)
    batch = upload(officer, tree.officer_unit, csv_upload(member_rows(600)))
    with django_capture_on_commit_callbacks() as callbacks:
        officer.post(batch_url(tree.officer_unit, batch))
    url = progress_url(tree.officer_unit, batch)

    with django_assert_max_num_queries(8):
        response = officer.get(url, HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert response.status_code == 200 and "<html" not in body  # the block alone
    assert f'hx-get="{url}"' in body and 'hx-trigger="every 2s"' in body
    assert "Tệp đang chờ nhập." in body

    # While the worker runs, the partial reads its count from the cache.
    ImportBatch.objects.filter(pk=batch.pk).update(status=ImportBatch.Status.RUNNING)
    cache.set(ImportBatch.progress_cache_key(batch.pk), 150)
    body = officer.get(url).content.decode()
    assert "Đang nhập: 150/600 dòng." in body and "width: 25%" in body and 'aria-valuenow="150"' in body
    # Without JavaScript the full page shows the same state.
    page = officer.get(batch_url(tree.officer_unit, batch)).content.decode()
    assert "Đang nhập: 150/600 dòng." in page

    ImportBatch.objects.filter(pk=batch.pk).update(status=ImportBatch.Status.QUEUED)
    with django_capture_on_commit_callbacks(execute=True):
        for callback in callbacks:
            callback()
    body = officer.get(url).content.decode()
    assert "Đã nhập xong 600 dòng." in body and "hx-trigger" not in body and "width: 100%" not in body
    assert reverse("unit_detail", args=[tree.officer_unit.pk]) in body

    # Someone else's batch, or another unit's: 404, like the page.
    assert client_for(personas.sibling).get(url).status_code == 404
    assert client_for(personas.upper).get(url).status_code == 404


@pytest.mark.django_db
def test_small_files_stay_immediate_and_the_threshold_is_a_setting(
    personas, tree, client_for, settings, django_capture_on_commit_callbacks
):
    client = client_for(personas.officer)
    settings.IMPORT_ASYNC_ROWS = 3
    small = upload(client, tree.officer_unit, csv_upload(member_rows(3)))
    with django_capture_on_commit_callbacks() as callbacks:
        response = client.post(batch_url(tree.officer_unit, small), follow=True)
    assert "Đã nhập 3 dòng." in [str(m) for m in response.context["messages"]]
    assert ImportBatch.objects.get(pk=small.pk).status == ImportBatch.Status.APPLIED  # before any commit hook
    assert not any("apply_import" in repr(c) for c in callbacks)

    big = upload(client, tree.officer_unit, csv_upload(member_rows(4)[:1] + [
        ["Phan Văn Một", "0391000001", "", ""], ["Phan Văn Hai", "0391000002", "", ""],
        ["Phan Văn Ba", "0391000003", "", ""], ["Phan Văn Bốn", "0391000004", "", ""],
    ]))
    with django_capture_on_commit_callbacks(execute=True):
        client.post(batch_url(tree.officer_unit, big))
    big.refresh_from_db()
    assert big.status == ImportBatch.Status.APPLIED and big.progress_done == 4
    assert AuditEvent.objects.filter(verb="import.members.queued", object_id=str(big.pk)).count() == 1


def unit_rows(n_upper=3, n_grass=5, n_below=4):
    rows = [["Mã đơn vị", "Tên đơn vị", "Mã đơn vị cấp trên", "Cấp"]]
    # Children before their parents in the file: the import orders them.
    for u in range(n_upper):
        for g in range(n_grass):
            for b in range(n_below):
                rows.append([f"T{u}-{g}-{b}", f"Tổ công đoàn {u}.{g}.{b}", f"T{u}-{g}", "5"])
            rows.append([f"T{u}-{g}", f"Công đoàn cơ sở {u}.{g}", f"T{u}", "4"])
        rows.append([f"T{u}", f"Công đoàn cấp trên {u}", "DMVN", "3"])
    return rows


@pytest.mark.django_db
def test_a_unit_tree_is_imported_in_the_background_with_right_paths(
    personas, tree, client_for, settings, django_capture_on_commit_callbacks
):
    settings.IMPORT_ASYNC_ROWS = 10
    hq = client_for(personas.hq)
    batch = upload(hq, tree.upper, csv_upload(unit_rows(), name="don-vi.csv"), view="units_import")
    with django_capture_on_commit_callbacks(execute=True):
        response = hq.post(batch_url(tree.upper, batch))
    assert response.url == batch_url(tree.upper, batch)
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.APPLIED and batch.progress_done == 3 * (1 + 5 * 5)
    assert AuditEvent.objects.get(verb="import.units").data["rows"] == 78

    # Second file: rename, move a grassroots unit (with its groups) to another upper unit, add one.
    rows = [["Mã đơn vị", "Tên đơn vị", "Mã đơn vị cấp trên", "Cấp"]]
    rows += [[f"T0-{g}", f"Công đoàn cơ sở số {g}", "T0", "4"] for g in range(1, 5)]
    rows += [["T0-0", "Công đoàn cơ sở chuyển đi", "T1-0", "5"], ["T1-0", "Công đoàn cơ sở 1.0", "T2", "4"]]
    rows += [["MOI", "Tổ công đoàn mới", "T0-0", "5"]]
    batch = upload(hq, tree.upper, csv_upload(rows, name="don-vi-2.csv"), view="units_import")
    with django_capture_on_commit_callbacks(execute=True):
        hq.post(batch_url(tree.upper, batch))
    assert ImportBatch.objects.get(pk=batch.pk).status == ImportBatch.Status.APPLIED

    units = {u.pk: u for u in Union.objects.all()}
    for unit in units.values():  # every path is its parent's path plus its own segment
        expected = (units[unit.parent_id].path if unit.parent_id else "") + path_segment(unit.pk)
        assert (unit.path, unit.depth) == (expected, len(expected) // 7 - 1), unit.code
        assert unit.search_text == fold(f"{unit.name} {unit.short_name} {unit.code}")
    by_code = {u.code: u for u in units.values()}
    assert by_code["T0-1"].name == "Công đoàn cơ sở số 1"
    assert by_code["T1-0"].parent_id == by_code["T2"].pk
    assert by_code["T0-0"].parent_id == by_code["T1-0"].pk and by_code["T0-0"].level == Level.BELOW_GRASSROOTS
    assert by_code["T0-0-3"].path.startswith(by_code["T2"].path)
    assert by_code["MOI"].path.startswith(by_code["T0-0"].path)
    assert Union.objects.subtree_of(by_code["T2"]).count() == 26 + 5 + 5 + 1  # T2, T1-0, T0-0 and MOI
