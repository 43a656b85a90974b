"""Quiz answers on a phone: each a tappable row with its text beside its radio, however long."""

import pytest
from playwright.sync_api import Page, expect

from contests.models import Attempt
from tests.factories import QuizFactory, quiz_with_questions

pytestmark = pytest.mark.browser

PHONE = {"width": 360, "height": 740}
LONG = ("Đối chiếu với trang chính thức của công đoàn cấp trên và văn bản của cơ quan nhà nước, rồi mới chia sẻ "
        "cho đồng nghiệp trong nhóm Zalo của tổ sản xuất")
QUESTIONS = (
    ("Khi thấy một bài viết về tiền lương tối thiểu vùng trên một trang không chính thức, đoàn viên nên làm gì?",
     [LONG, "Chia sẻ ngay", "Bình luận phản đối"]),
    ("Đại hội XII Công đoàn Việt Nam thuộc nhiệm kỳ nào?", ["2018–2023", "2013–2018"]),
)


def _sign_in(page: Page, base, login):
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("Số điện thoại, email hoặc tên đăng nhập").fill(login)
    page.get_by_label("Mật khẩu").fill("demo1234")
    page.get_by_role("button", name="Đăng nhập").click()


@pytest.mark.browser_context_args(locale="vi-VN", viewport=PHONE)
def test_quiz_answers_sit_beside_their_radios_and_the_whole_row_is_tappable(
    transactional_db, member, tree, live_server, page
):
    quiz = QuizFactory(unit=tree.root, title="Bộ lọc thông tin", slug="bo-loc-thong-tin")
    questions = quiz_with_questions(quiz, QUESTIONS)
    _sign_in(page, live_server.url, "member")
    page.goto(f"{live_server.url}{quiz.get_absolute_url()}")

    rows = page.get_by_test_id("quiz-choice")
    expect(rows).to_have_count(5)
    boxes = []
    for i in range(rows.count()):
        row = rows.nth(i)
        radio, label = row.get_by_role("radio").bounding_box(), row.locator("label").bounding_box()
        box = row.bounding_box()
        boxes.append(box)
        text = row.locator("label").inner_text()
        # Beside, not below: the text starts right of the radio and its first line is level with it.
        assert label["x"] >= radio["x"] + radio["width"], text
        assert label["y"] < radio["y"] + radio["height"] and radio["y"] < label["y"] + 24, text
        assert box["height"] >= 44, f"{text}: a row {box['height']} px high is too small to tap"
        assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"], text
    # The long answer wraps inside its row, still beside the radio.
    long_row = rows.filter(has_text=LONG[:40])
    assert long_row.locator("label").bounding_box()["height"] > 40
    # Rows are spaced apart.
    assert boxes[1]["y"] - (boxes[0]["y"] + boxes[0]["height"]) >= 6
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]

    # A tap anywhere on the row, its right-hand padding included, chooses the answer.
    box = long_row.bounding_box()
    page.mouse.click(box["x"] + box["width"] - 6, box["y"] + box["height"] - 6)
    expect(long_row.get_by_role("radio")).to_be_checked()
    page.get_by_role("radio", name="2018–2023").check()
    page.get_by_role("button", name="Nộp bài").click()
    expect(page.get_by_test_id("passed")).to_be_visible()
    attempt = Attempt.objects.get(quiz=quiz, user=member)
    assert attempt.best_score == len(questions)


@pytest.mark.browser_context_args(locale="vi-VN", viewport=PHONE)
def test_an_unanswered_question_is_marked_and_keeps_the_other_answer(transactional_db, member, tree, live_server, page):
    quiz = QuizFactory(unit=tree.root, slug="bo-loc-thong-tin-2")
    quiz_with_questions(quiz, QUESTIONS)
    _sign_in(page, live_server.url, "member")
    page.goto(f"{live_server.url}{quiz.get_absolute_url()}")
    page.get_by_role("radio", name="2018–2023").check()
    page.get_by_role("button", name="Nộp bài").click()

    unanswered = page.get_by_role("group", name=QUESTIONS[0][0], exact=False)
    expect(unanswered).to_have_accessible_description("Hãy chọn một phương án cho câu này.")
    expect(unanswered.get_by_role("radio").first).to_have_attribute("aria-invalid", "true")
    expect(page.get_by_role("radio", name="2018–2023")).to_be_checked()
    assert not Attempt.objects.filter(quiz=quiz).exists()
