"""A live round at a union meeting: the officer opens it on the big screen (desktop), the member
follows on a phone (360 px): the question appears by itself, the member answers within the time,
the big screen counts the answer, the reveal shows the member right and on the scoreboard, the end
shows the final rank. Each state of both pages has no serious accessibility violation and no
sideways scrolling on the phone."""

import json
import subprocess

import pytest
from playwright.sync_api import Page, expect

from contests.models import ContestAttempt, ContestChoice, LiveRound
from tests.browser.test_pages_crawl import AXE, AXE_RUN, SERIOUS, VNU_JAR, _java
from tests.contests.helpers import quiz_contest

pytestmark = pytest.mark.browser

PHONE = {"width": 360, "height": 740}
SCREEN = {"width": 1280, "height": 800}


def _sign_in(page: Page, base, login):
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("Số điện thoại, email hoặc tên đăng nhập").fill(login)
    page.get_by_label("Mật khẩu").fill("demo1234")
    page.get_by_role("button", name="Đăng nhập").click()


def _check(page, where, problems, pages):
    pages[where] = page.content()
    for v in page.evaluate(AXE_RUN):
        if v["impact"] in SERIOUS:
            problems.append(f"{where}: {v['id']} {v['help']} {v['nodes']}")
    width = page.viewport_size["width"]
    if page.evaluate("document.documentElement.scrollWidth") > width:
        problems.append(f"{where}: wider than {width} px")


def test_officer_runs_a_live_round_and_the_member_plays_it_on_a_phone(
    transactional_db, personas, tree, live_server, browser, tmp_path
):
    contest = quiz_contest(tree.officer_unit, user=personas.officer, n=2)
    axe = AXE.read_text(encoding="utf-8")
    host_ctx = browser.new_context(viewport=SCREEN, locale="vi-VN")
    phone_ctx = browser.new_context(viewport=PHONE, locale="vi-VN")
    for ctx in (host_ctx, phone_ctx):
        ctx.add_init_script(axe)
    host, phone = host_ctx.new_page(), phone_ctx.new_page()
    errors, problems, pages = [], [], {}
    for p in (host, phone):
        p.on("pageerror", lambda exc: errors.append(str(exc)))
    base = live_server.url

    _sign_in(host, base, "officer")
    host.goto(f"{base}/contests/{contest.slug}/setup/")
    host.get_by_test_id("live-host-link").click()
    host.get_by_label("Thời gian mỗi câu (giây)").fill("60")
    host.get_by_test_id("live-open").click()
    expect(host.get_by_test_id("live-lobby")).to_contain_text("2 câu hỏi, mỗi câu 60 giây")
    _check(host, "host lobby", problems, pages)

    _sign_in(phone, base, "member")
    phone.goto(f"{base}/contests/{contest.slug}/")
    expect(phone.get_by_test_id("live-running")).to_be_visible()
    phone.get_by_role("link", name="Vào chơi trên điện thoại").click()
    expect(phone.get_by_test_id("live-lobby")).to_be_visible()
    _check(phone, "phone lobby", problems, pages)

    host.get_by_test_id("live-next").click()  # question 1
    expect(host.get_by_test_id("live-question")).to_be_visible()
    expect(phone.get_by_test_id("live-question")).to_be_visible(timeout=6000)  # came by polling
    expect(phone.get_by_test_id("live-countdown")).not_to_have_text("0")
    _check(phone, "phone question", problems, pages)
    _check(host, "host question", problems, pages)
    live = LiveRound.objects.get(contest=contest)
    right = ContestChoice.objects.get(question_id=live.current["q"], is_correct=True).text
    phone.get_by_test_id("live-choice").filter(has_text=right).click()
    expect(phone.get_by_test_id("live-answered")).to_contain_text(right)
    expect(host.get_by_test_id("live-count")).to_have_text("1 người đã trả lời", timeout=6000)

    host.get_by_test_id("live-next").click()  # reveal
    expect(host.get_by_test_id("live-right")).to_contain_text(right)
    expect(phone.get_by_test_id("live-verdict")).to_have_text("Bạn trả lời đúng!", timeout=6000)
    expect(phone.get_by_test_id("live-board-me")).to_contain_text("H.V.Nam")
    _check(phone, "phone reveal", problems, pages)
    _check(host, "host reveal", problems, pages)

    host.get_by_test_id("live-finish").click()
    expect(host.get_by_test_id("live-finished")).to_be_visible()
    expect(phone.get_by_test_id("live-finished")).to_be_visible(timeout=6000)
    expect(phone.get_by_text("Bạn xếp hạng 1 với 1/2 câu đúng")).to_be_visible()
    _check(phone, "phone finished", problems, pages)
    _check(host, "host finished", problems, pages)
    assert ContestAttempt.objects.get(contest=contest, user=personas.member).score == 1
    host_ctx.close()
    phone_ctx.close()
    assert not errors, errors
    assert not problems, "\n".join(problems)
    _assert_valid_html(pages, tmp_path)


def _assert_valid_html(pages, tmp_path):
    files = {}
    for i, (where, html) in enumerate(pages.items()):
        path = tmp_path / f"live-{i}.html"
        path.write_text(html, encoding="utf-8")
        files[str(path)] = where
    result = subprocess.run([_java(), "-Xss8m", "-jar", str(VNU_JAR), "--errors-only", "--format", "json",
                             "--exit-zero-always", *files], capture_output=True, text=True, timeout=120)
    messages = json.loads(result.stderr or result.stdout)["messages"]
    bad = [f"{files.get(m.get('url', '').removeprefix('file:'), m.get('url'))}: {m.get('message')}"
           for m in messages if m.get("type") in ("error", "non-document-error")]
    assert not bad, "\n".join(bad)
