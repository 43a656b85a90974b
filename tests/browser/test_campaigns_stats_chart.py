"""The statistics chart reads the same on a phone and a desktop: 12–14 px text, one distinct short
label per unit, nothing cut off at the edge."""

import pytest
from playwright.sync_api import Page

from campaigns.templatetags.campaign_tags import chart_label
from tests.factories import UnionFactory

pytestmark = pytest.mark.browser

LABELS_JS = """() => {
  const svg = document.querySelector("[data-testid=chart]");
  const right = svg.getBoundingClientRect().right;
  return [...svg.querySelectorAll("text")].map(t => ({
    text: t.textContent.trim(), label: t.classList.contains("bar-label"),
    px: parseFloat(getComputedStyle(t).fontSize) * t.getScreenCTM().a,
    right: t.getBoundingClientRect().right, edge: right,
  }));
}"""


def _sign_in(page: Page, base, login):
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("Số điện thoại, email hoặc tên đăng nhập").fill(login)
    page.get_by_label("Mật khẩu").fill("demo1234")
    page.get_by_role("button", name="Đăng nhập").click()


def test_chart_label_prefers_the_short_name_and_fits_a_phone():
    assert chart_label("CĐ Dệt May VN") == "CĐ Dệt May VN"
    assert chart_label("Công đoàn Tổng Công ty May 10") == "CĐ Tổng Công ty May 10"
    long = chart_label("Công đoàn Công ty Cổ phần Supe Phốt phát và Hóa chất Lâm Thao")
    assert long.startswith("CĐ Công ty Cổ phần Supe") and long.endswith("…") and len(long) <= 38


@pytest.mark.parametrize("width", [360, 1280])
def test_stats_chart_text_is_readable_and_distinct_at_any_width(transactional_db, upper, tree, live_server, page,
                                                                width):
    UnionFactory(parent=tree.upper, name="Công đoàn Tổng Công ty Cổ phần Dệt May Nam Định", short_name="CĐ Dệt May Nam Định")
    UnionFactory(parent=tree.upper, name="Công đoàn Tổng Công ty Cổ phần Phong Phú")
    UnionFactory(parent=tree.upper, name="Công đoàn Công ty Cổ phần Supe Phốt phát và Hóa chất Lâm Thao")
    page.set_viewport_size({"width": width, "height": 900})
    _sign_in(page, live_server.url, "upper")
    page.goto(f"{live_server.url}/campaigns/stats/")

    texts = page.evaluate(LABELS_JS)
    labels = [t["text"] for t in texts if t["label"]]
    assert len(labels) == 6  # the upper unit's own row and its five children
    assert len(set(labels)) == len(labels), labels
    assert "CĐ Dệt May Nam Định" in labels  # the unit's short name
    assert "CĐ Tổng Công ty May 10" in labels  # no short name: "Công đoàn" shortened to "CĐ"
    for t in texts:
        assert 12 <= t["px"] <= 14, f"{t['text']!r} is {t['px']:.1f} px on a {width} px screen"
        assert t["right"] <= t["edge"] + 0.5, f"{t['text']!r} runs past the chart's edge at {width} px"
    assert page.evaluate("document.documentElement.scrollWidth") <= width
