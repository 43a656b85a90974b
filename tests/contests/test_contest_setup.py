"""Officers create and run a contest from the portal: form, prizes, questions (typed and imported
from CSV/XLSX), rules versions, publication with the draw's commitment; audit rows."""

import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from audit.models import AuditEvent
from contests import services
from contests.models import Contest, ContestQuestion

from .helpers import quiz_contest

pytestmark = pytest.mark.django_db


def _local(moment):
    return timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M")


def test_officer_creates_sets_up_and_publishes_a_quiz_contest(personas, tree, client_for):
    client = client_for(personas.officer)
    assert client.get(reverse("contest_create")).status_code == 200
    now = timezone.now()
    response = client.post(reverse("contest_create"), {
        "kind": "quiz", "title": "Tìm hiểu Luật Công đoàn 2024", "slug": "luat-cong-doan-2024", "summary": "",
        "unit": tree.officer_unit.pk, "eligible_unit": tree.officer_unit.pk,
        "starts_at": _local(now), "ends_at": _local(now + dt.timedelta(days=7)), "winner_method": "score_time",
        "is_public": "on", "questions_per_attempt": 2, "time_limit_seconds": 300, "max_attempts": 1,
        "pass_percent": 100, "entry_kind": "", "vote_scope": "entry", "jury_criteria": "",
        "rules_body": "Mỗi đoàn viên làm bài một lần.",
    })
    contest = Contest.objects.get(slug="luat-cong-doan-2024")
    assert response.url == reverse("contest_setup", args=[contest.slug]) and contest.status == "draft"
    client.post(reverse("contest_prize_add", args=[contest.slug]), {"name": "Giải Nhất", "quantity": 1, "value": 5000000})
    client.post(reverse("contest_question_add", args=[contest.slug]), {
        "text": "Luật Công đoàn 2024 có hiệu lực từ ngày nào?", "choice_a": "01/7/2025", "choice_b": "01/01/2025",
        "correct": "A", "explanation": "Điều 37 của Luật.",
    })
    sheet = "cau_hoi,dap_an_dung,a,b,c,d,giai_thich\nĐoàn phí tối đa bao nhiêu?,B,2%,1% tiền lương,,,\n"
    client.post(reverse("contest_questions_import", args=[contest.slug]),
                {"sheet": SimpleUploadedFile("cau-hoi.csv", sheet.encode("utf-8-sig"), "text/csv")})
    assert contest.questions.count() == 2
    page = client.get(reverse("contest_setup", args=[contest.slug])).content.decode()
    assert "5.000.000\u00a0₫" in page and "1% tiền lương" in page
    client.post(reverse("contest_publish", args=[contest.slug]))
    contest.refresh_from_db()
    assert contest.status == "published" and len(contest.seed_hash) == 64
    verbs = set(AuditEvent.objects.filter(object_id=str(contest.pk)).values_list("verb", flat=True))
    assert {"contest.created", "contest.prize_added", "contest.question_added", "contest.questions_imported",
            "contest.published"} <= verbs


def test_eligible_unit_must_be_covered_by_the_officer(personas, tree):
    from core.errors import ServiceError

    now = timezone.now()
    with pytest.raises(ServiceError, match="bạn quản lý"):
        services.contest_create(user=personas.officer, rules_body="Thể lệ", kind="quiz", unit=tree.officer_unit,
                                eligible_unit=tree.sibling_unit, title="Thi", slug="thi", starts_at=now,
                                ends_at=now + dt.timedelta(days=1), winner_method="score_time")


def test_questions_import_from_xlsx_all_or_nothing(personas, tree):
    import xlsxwriter

    from core.errors import ServiceError

    contest = quiz_contest(tree.officer_unit, user=personas.officer, publish=False, questions=[])

    def book(rows):
        out = io.BytesIO()
        wb = xlsxwriter.Workbook(out, {"in_memory": True})
        ws = wb.add_worksheet()
        for i, row in enumerate(rows):
            ws.write_row(i, 0, row)
        wb.close()
        return out.getvalue()

    good = book([["Câu hỏi", "Đáp án đúng", "A", "B", "C", "D", "Giải thích"],
                 ["Ngày Quốc tế Lao động?", "A", "1/5", "2/9", "", "", ""],
                 ["Tháng Công nhân là tháng mấy?", "C", "Tháng 7", "Tháng 12", "Tháng 5", "", "Từ năm 2016."]])
    assert services.questions_import(contest=contest, user=personas.officer, name="bank.xlsx", data=good) == 2
    q = ContestQuestion.objects.get(text="Tháng Công nhân là tháng mấy?")
    assert q.choices.get(is_correct=True).text == "Tháng 5" and q.explanation == "Từ năm 2016."
    bad = book([["Câu hỏi đúng", "A", "Có", "Không"], ["Câu thiếu đáp án", "D", "Có", "Không"]])
    with pytest.raises(ServiceError, match="Dòng 2"):
        services.questions_import(contest=contest, user=personas.officer, name="bank.xlsx", data=bad)
    assert contest.questions.count() == 2


def test_rules_versions_stay_readable_and_an_attempt_records_its_version(personas, tree, client):
    contest = quiz_contest(tree.officer_unit, user=personas.officer, is_public=True)
    attempt = services.attempt_start(contest=contest, user=personas.member, unit=tree.officer_unit)
    services.contest_rules_publish(contest=contest, user=personas.officer, body="Thể lệ sửa: thêm giải phụ.",
                                   note="Bổ sung giải")
    assert attempt.rules.version == 1
    later = services.attempt_start(contest=contest, user=personas.upper, unit=tree.officer_unit)
    assert later.rules.version == 2
    assert "Thể lệ sửa" in client.get(reverse("contest_rules", args=[contest.slug])).content.decode()
    old = client.get(reverse("contest_rules", args=[contest.slug]) + "?v=1").content.decode()
    assert "Mỗi đoàn viên làm bài một lần" in old
    assert client.get(reverse("contest_rules", args=[contest.slug]) + "?v=9").status_code == 404


def test_manage_page_query_count_does_not_grow(personas, tree, client_for, django_assert_max_num_queries):
    client = client_for(personas.officer)
    quiz_contest(tree.officer_unit, user=personas.officer, slug="thi-a")
    with django_assert_max_num_queries(20) as few:
        client.get(reverse("contest_manage"))
    for i in range(4):
        quiz_contest(tree.officer_unit, user=personas.officer, slug=f"thi-b{i}")
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(reverse("contest_manage")).content.decode().count("Tìm hiểu Đại hội XIII") == 5


def test_the_contest_forms_unit_fields_search_instead_of_listing_every_unit(personas, tree, client_for):
    """HQ's subtree is the whole federation: the form lists no units; the suggestions are bounded
    and stay inside the officer's subtree; a code from elsewhere is "not found"."""
    hq = client_for(personas.hq)
    page = hq.get(reverse("contest_create")).content.decode()
    assert "<option" not in page.split('name="unit"')[1].split("</datalist>")[0]
    assert tree.sibling_unit.name not in page
    hits = hq.get(reverse("contest_unit_search"), {"unit": tree.sibling_unit.code}).content.decode()
    assert tree.sibling_unit.name in hits

    officer = client_for(personas.officer)
    assert tree.sibling_unit.name not in officer.get(reverse("contest_unit_search"),
                                                     {"eligible_unit": tree.sibling_unit.code}).content.decode()
    response = officer.post(reverse("contest_create"), {
        "kind": "quiz", "title": "Tìm hiểu Luật Công đoàn 2024", "slug": "luat-cd", "unit": tree.officer_unit.code,
        "eligible_unit": tree.sibling_unit.code, "starts_at": _local(timezone.now()),
        "ends_at": _local(timezone.now() + dt.timedelta(days=7)), "winner_method": "score_time",
        "questions_per_attempt": 2, "time_limit_seconds": 300, "max_attempts": 1, "pass_percent": 100,
        "vote_scope": "entry", "rules_body": "Mỗi đoàn viên làm bài một lần.",
    })
    assert response.status_code == 200 and not Contest.objects.exists()
    assert f"Không tìm thấy đơn vị có mã “{tree.sibling_unit.code}”" in response.content.decode()
