"""A member plays a prize quiz on a phone: starts, sees the clock, answers every question, submits
within the time limit, sees the score; a second attempt is refused."""

import pytest
from playwright.sync_api import Page, expect

from contests.models import ContestAttempt, ContestChoice
from tests.contests.helpers import quiz_contest

pytestmark = pytest.mark.browser

PHONE = {"width": 360, "height": 740}


def _sign_in(page: Page, base, login):
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("Số điện thoại, email hoặc tên đăng nhập").fill(login)
    page.get_by_label("Mật khẩu").fill("demo1234")
    page.get_by_role("button", name="Đăng nhập").click()


@pytest.mark.browser_context_args(locale="vi-VN", viewport=PHONE)
def test_member_plays_a_quiz_contest_to_the_end_and_a_second_attempt_is_refused(
    transactional_db, personas, tree, live_server, page
):
    contest = quiz_contest(tree.officer_unit, user=personas.officer, seconds=120)
    _sign_in(page, live_server.url, "member")
    page.goto(f"{live_server.url}{contest.get_absolute_url()}")
    expect(page.get_by_text("5.000.000")).to_be_visible()
    page.get_by_test_id("start").click()

    countdown = page.get_by_test_id("countdown")
    expect(countdown).to_have_text("1:59", timeout=3000)
    attempt = ContestAttempt.objects.get(contest=contest, user=personas.member)
    texts = dict(ContestChoice.objects.filter(question__contest=contest, is_correct=True)
                 .values_list("question_id", "text"))
    for item in attempt.paper:
        page.locator(f"fieldset:has(input[name='q_{item['q']}'])").get_by_label(texts[item["q"]], exact=True).check()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    page.get_by_role("button", name="Nộp bài").click()

    expect(page.get_by_test_id("score")).to_have_text("4/4 câu đúng")
    expect(page.get_by_test_id("late")).to_have_count(0)
    page.goto(f"{live_server.url}{contest.get_absolute_url()}")
    expect(page.get_by_test_id("no-attempts-left")).to_be_visible()
    expect(page.get_by_test_id("start")).to_have_count(0)
    # A start posted anyway (an old tab still showing the button) is refused by the server.
    page.evaluate("""() => { const f = document.createElement('form'); f.method = 'post'; f.action = 'play/';
        const t = document.createElement('input'); t.type = 'hidden'; t.name = 'csrfmiddlewaretoken';
        t.value = document.querySelector('[name=csrfmiddlewaretoken]').value; f.append(t);
        document.body.append(f); f.submit(); }""")
    expect(page.get_by_text("Bạn đã dùng hết số lượt làm bài của cuộc thi này.").first).to_be_visible()
    assert ContestAttempt.objects.filter(contest=contest, user=personas.member).count() == 1
