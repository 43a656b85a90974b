"""The avatar-frame studio in a phone's browser: pick a photo made here, move and zoom it under the
frame, download the result; it is 1080×1080, its border is the frame's, and the use is counted."""

import time

import pytest
from PIL import Image
from playwright.sync_api import Page, expect

from campaigns.models import FrameUse
from tests.factories import CampaignFactory

from ..frame_helpers import FRAME_RED, make_frame, photo_bytes
from .test_campaigns_home_kits import PHONE, _sign_in

pytestmark = pytest.mark.browser


@pytest.mark.browser_context_args(locale="vi-VN", viewport=PHONE, accept_downloads=True)
def test_pick_move_zoom_and_download_a_framed_avatar(transactional_db, member, hq, tree, live_server, page: Page,
                                                     tmp_path):
    campaign = CampaignFactory(unit=tree.root, slug="dai-hoi")
    frame = make_frame(campaign, tree.root, hq)
    photo = tmp_path / "anh-cua-toi.jpg"
    photo.write_bytes(photo_bytes((2400, 1800)))
    errors = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("response", lambda r: errors.append(f"{r.status} {r.url}")
            if r.status >= 400 and r.request.resource_type in ("script", "stylesheet", "image", "fetch") else None)
    _sign_in(page, live_server.url, "member")
    page.goto(f"{live_server.url}/campaigns/dai-hoi/frame/")

    studio = page.locator("[data-studio]")
    expect(studio).to_be_visible()
    expect(page.locator("[data-studio-form]")).to_be_hidden()  # the no-JavaScript form gives way
    page.locator("[data-studio-file]").set_input_files(str(photo))
    expect(studio).to_have_attribute("data-ready", "1")

    page.get_by_role("button", name="Phóng to").click()
    page.get_by_role("button", name="Phóng to").click()
    box = page.locator("[data-stage]").bounding_box()
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.mouse.down()
    page.mouse.move(box["x"] + box["width"] / 2 + 40, box["y"] + box["height"] / 2 + 25, steps=5)
    page.mouse.up()

    with page.expect_download() as info:
        page.get_by_role("button", name="Tải ảnh JPEG").click()
    path = tmp_path / "ket-qua.jpg"
    info.value.save_as(path)
    result = Image.open(path).convert("RGB")
    assert result.size == (1080, 1080)
    for xy in ((3, 3), (1076, 3), (3, 1076), (1076, 1076), (540, 4), (4, 540)):
        assert all(abs(a - b) < 40 for a, b in zip(result.getpixel(xy), FRAME_RED, strict=True)), (xy, result.getpixel(xy))
    # The photo shows in the window (not the empty white of a failed draw).
    assert result.getpixel((540, 540)) != (255, 255, 255) or result.getpixel((400, 540)) != (255, 255, 255)

    deadline = time.monotonic() + 5
    while not FrameUse.objects.exists() and time.monotonic() < deadline:
        time.sleep(0.1)
    use = FrameUse.objects.get()
    assert (use.frame_id, use.user_id, use.unit_id, use.method) == (frame.pk, member.pk, tree.officer_unit.pk, "browser")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert not errors, errors
