"""Demo content for ``seed_demo``: two campaigns of Công đoàn Công Thương Việt Nam and the
"bộ lọc thông tin" lessons.

* **Hướng về Đại hội XII Công đoàn Việt Nam** — the campaign of letter 486/CĐCT-TG of 20/9/2018 for
  the Congress that met in Hà Nội on 24–26/9/2018 (term 2018–2023). It ended in 2018 and keeps its
  fixed dates: its kits, news, tracked clicks and verified share proofs are history.
* **Tết Sum vầy – Xuân <year name> <year>** — the union's care for members before the Lunar New
  Year, running when the demo is loaded: its period is computed from the seed date (see
  :func:`tet_season`). Its kits are live — one ends tomorrow and one in a week, so the reminder
  scan has something to say — with clicks over the last days and share proofs waiting for officers.

Pictures are drawn by ``demo.pictures``; rows are bulk-created so seeding stays fast.
"""

import datetime
import random
from collections import defaultdict

from django.core.files.base import ContentFile
from django.utils import timezone
from django.utils.html import strip_tags

from core.html import clean_rich_text
from demo.pictures import SIZE_SQUARE, SIZE_WIDE, poster
from unions.models import Membership

from .images import og_card
from .models import (
    Campaign,
    KitImage,
    Lesson,
    LinkClick,
    NewsImage,
    NewsPost,
    ShareKit,
    ShareProof,
    TrackedLink,
)
from .sharing import normalize_post_url, share_code, visitor_hash

# --- Dates ----------------------------------------------------------------------------------------

CONGRESS_LETTER_DAY = datetime.date(2018, 9, 20)  # Công văn 486/CĐCT-TG
CONGRESS_DAYS = (datetime.date(2018, 9, 24), datetime.date(2018, 9, 26))
CONGRESS_CAMPAIGN = (CONGRESS_LETTER_DAY, datetime.date(2018, 10, 31))

# Mùng 1 Tết (Vietnamese lunar calendar, UTC+7; 2030 differs from the Chinese calendar by a day).
TET_DAYS = {
    2026: (2, 17), 2027: (2, 6), 2028: (1, 26), 2029: (2, 13), 2030: (2, 2), 2031: (1, 23), 2032: (2, 11),
    2033: (1, 31), 2034: (2, 19), 2035: (2, 8), 2036: (1, 28), 2037: (2, 15), 2038: (2, 4), 2039: (1, 24),
    2040: (2, 12), 2041: (2, 1), 2042: (1, 22), 2043: (2, 10), 2044: (1, 30), 2045: (2, 17), 2046: (2, 6),
    2047: (1, 26), 2048: (2, 14), 2049: (2, 2), 2050: (1, 23),
}
STEMS = ["Canh", "Tân", "Nhâm", "Quý", "Giáp", "Ất", "Bính", "Đinh", "Mậu", "Kỷ"]  # by year % 10
BRANCHES = ["Thân", "Dậu", "Tuất", "Hợi", "Tý", "Sửu", "Dần", "Mão", "Thìn", "Tỵ", "Ngọ", "Mùi"]  # by year % 12


def year_name(year):
    """The lunar year's name, e.g. 2027 → "Đinh Mùi"."""
    return f"{STEMS[year % 10]} {BRANCHES[year % 12]}"


def tet_day(year):
    month, day = TET_DAYS.get(year, (2, 5))  # beyond the table: early February, close enough for a demo
    return datetime.date(year, month, day)


def tet_season(today):
    """The Tết the current campaign leads up to and the campaign's period.

    Unions start their Tết care in the second half of November and close it on mùng 7 Tết. The
    campaign is the one for the first Tết at least two weeks away; seeded outside the season it
    starts two weeks before the seed date instead, so the demo always has a running campaign
    with a few weeks of history.
    """
    year = today.year
    while tet_day(year) < today + datetime.timedelta(days=14):
        year += 1
    tet = tet_day(year)
    starts = min(datetime.date(year - 1, 11, 20), today - datetime.timedelta(days=14))
    return {"year": year, "name": f"Xuân {year_name(year)} {year}", "lunar": year_name(year), "tet": tet,
            "starts_on": starts, "ends_on": tet + datetime.timedelta(days=6)}


def at(day, hour=9, minute=0):
    """An aware datetime on ``day`` (local time)."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


def _vn(day):
    return f"{day:%d/%m/%Y}"


# --- Pictures -------------------------------------------------------------------------------------


def _save(field, data, ext="jpg"):
    field.save(f"demo.{ext}", ContentFile(data), save=False)


def _with_og(obj, field):
    with field.open("rb") as handle:
        card = og_card(handle)
    if card is not None:
        obj.og_image.save(card.name, card, save=False)


# --- Content --------------------------------------------------------------------------------------

LESSONS = [
    ("kiem-tra-nguon-tin", "Bài 1. Kiểm tra nguồn tin",
     "Ai đăng tin này? Trang chính thức hay trang giả mạo?",
     "<p>Trước khi tin và chia sẻ, hãy hỏi: <strong>ai</strong> là người đăng? Trang của Công đoàn Việt Nam, "
     "báo Lao Động, cổng thông tin của cơ quan nhà nước là nguồn chính thống.</p>"
     "<ul><li>Xem tên trang, dấu tích xác minh, ngày lập trang.</li><li>Trang mới lập, tên na ná trang chính thức "
     "thường là trang giả mạo.</li><li>Tìm cùng thông tin trên kênh chính thức.</li></ul>"),
    ("kiem-tra-thoi-diem", "Bài 2. Kiểm tra thời điểm",
     "Tin cũ bị đăng lại như tin mới: cách nhận biết.",
     "<p>Nhiều tin gây hoang mang là tin <em>cũ</em> được đăng lại. Hãy xem ngày đăng gốc, các mốc thời gian "
     "trong bài và so với sự kiện hiện tại.</p><p>Cuối năm, tin cũ về “công ty nợ lương, không thưởng Tết” "
     "thường bị đăng lại: hãy hỏi công đoàn cơ sở trước khi chia sẻ.</p>"),
    ("anh-bi-chinh-sua", "Bài 3. Ảnh bị chỉnh sửa, cắt ghép",
     "Tìm ảnh gốc và dấu hiệu cắt ghép.",
     "<p>Dùng chức năng tìm kiếm bằng hình ảnh để tìm ảnh gốc. Để ý bóng đổ, chữ bị méo, viền lạ quanh người "
     "hoặc vật.</p><p>Khi nghi ngờ, <strong>không chia sẻ</strong> và báo cho cán bộ công đoàn.</p>"),
]

CONGRESS = {
    "slug": "dai-hoi-xii",
    "title": "Hướng về Đại hội XII Công đoàn Việt Nam",
    "summary": "Tuyên truyền kết quả nhiệm kỳ 2013–2018 và mục tiêu nhiệm kỳ 2018–2023 của tổ chức Công đoàn; "
               "Đại hội XII Công đoàn Việt Nam họp từ ngày 24 đến 26/9/2018 tại Thủ đô Hà Nội.",
    "goals": "100% công đoàn cơ sở chia sẻ thông tin về Đại hội XII trên trang, nhóm của đơn vị.\n"
             "Mỗi đoàn viên thay khung ảnh đại diện hưởng ứng Đại hội.\n"
             "Mỗi công đoàn cơ sở giới thiệu ít nhất một gương người tốt, việc tốt.",
    "body": "Thực hiện Công văn số 486/CĐCT-TG ngày 20/9/2018 của Ban Thường vụ Công đoàn Công Thương Việt Nam, "
            "các cấp công đoàn đẩy mạnh tuyên truyền về Đại hội XII Công đoàn Việt Nam trên mạng xã hội: chia sẻ "
            "tin, bài từ Fanpage Công đoàn Việt Nam; đăng tin hoạt động của đơn vị; giới thiệu gương người tốt, "
            "việc tốt; gửi tâm tư, nguyện vọng tới Đại hội và thay khung ảnh đại diện hưởng ứng. Kết quả được "
            "báo cáo cùng báo cáo tổng kết năm 2018.",
    "previous_results": "Tổ chức công đoàn tiếp tục lớn mạnh; hoạt động công đoàn từng bước hướng về cơ sở.\n"
                        "Một số quyền đại diện mới của tổ chức công đoàn được xác lập trong pháp luật.\n"
                        "Nhiều quyền lợi hợp pháp của người lao động được quan tâm và cụ thể hóa.",
    "directions": "Đổi mới tổ chức và hoạt động công đoàn; làm tròn vai trò đại diện, chăm lo, bảo vệ đoàn viên, "
                  "người lao động; đẩy mạnh tuyên truyền, giáo dục, xây dựng giai cấp công nhân lớn mạnh; góp phần "
                  "xây dựng và bảo vệ Tổ quốc.",
}


def _congress_kits(root, upper, may10):
    """(audience, title, caption, hashtags, target, valid_from, valid_to, scene, picture title)."""
    d = datetime.date
    return [
        (root, "Chào mừng Đại hội XII Công đoàn Việt Nam",
         "Đại hội XII Công đoàn Việt Nam, nhiệm kỳ 2018–2023, họp từ ngày 24 đến 26/9/2018 tại Thủ đô Hà Nội. "
         "Mỗi đoàn viên hãy chia sẻ thông tin về Đại hội và thay khung ảnh đại diện hưởng ứng.",
         "#DaiHoiXII #CongDoanVietNam", "https://www.facebook.com/congdoanvietnam/posts/pfbid02DaiHoiXII2018",
         d(2018, 9, 20), d(2018, 9, 30), "congress", "Chào mừng Đại hội XII Công đoàn Việt Nam, nhiệm kỳ 2018–2023"),
        (upper, "Dệt May hướng về Đại hội XII",
         "Công nhân Dệt May Việt Nam thi đua lập thành tích chào mừng Đại hội XII Công đoàn Việt Nam.",
         "#DaiHoiXII #CongDoanDetMay #CongDoanVietNam",
         "https://www.facebook.com/congdoandetmayvietnam/posts/pfbid0DetMayDaiHoiXII",
         d(2018, 9, 21), d(2018, 9, 30), "sewing", "Dệt May hướng về Đại hội XII"),
        (may10, "May 10 – Đoàn viên thay khung ảnh chào mừng Đại hội XII",
         "Đoàn viên Tổng Công ty May 10 đồng loạt thay khung ảnh đại diện hưởng ứng Đại hội XII Công đoàn Việt Nam.",
         "#DaiHoiXII #CongDoanMay10", "/campaigns/dai-hoi-xii/",
         d(2018, 9, 22), d(2018, 10, 5), "workers", "Đoàn viên May 10 hưởng ứng Đại hội XII"),
    ]


def _congress_news(root, upper, may10):
    """(unit, published at, title, body, scene)."""
    return [
        (upper, at(datetime.date(2018, 9, 21), 8, 30), "Đoàn đại biểu Công đoàn Dệt May Việt Nam sẵn sàng dự Đại hội XII",
         "<p>Đoàn đại biểu Công đoàn Tập đoàn Dệt May Việt Nam gồm 12 đồng chí, đại diện cho hơn 100.000 đoàn viên "
         "của Tập đoàn, đã sẵn sàng dự Đại hội XII Công đoàn Việt Nam.</p><p>Các ý kiến, nguyện vọng của công nhân "
         "ngành Dệt May về tiền lương, nhà ở, thời giờ làm việc đã được tổng hợp gửi Đại hội.</p>", "sewing"),
        (root, at(CONGRESS_DAYS[1], 18, 0), "Đại hội XII Công đoàn Việt Nam thành công tốt đẹp",
         "<p>Sau ba ngày làm việc (24–26/9/2018) tại Thủ đô Hà Nội, Đại hội XII Công đoàn Việt Nam đã hoàn thành "
         "chương trình đề ra, thông qua Nghị quyết Đại hội và bầu Ban Chấp hành Tổng Liên đoàn Lao động Việt Nam "
         "khóa XII, nhiệm kỳ 2018–2023.</p><p>Đại hội xác định chủ đề: đổi mới tổ chức và hoạt động công đoàn; làm "
         "tròn vai trò đại diện, chăm lo, bảo vệ đoàn viên, người lao động.</p>", "congress"),
        (may10, at(datetime.date(2018, 10, 12), 15, 0), "Công đoàn May 10 quán triệt Nghị quyết Đại hội XII Công đoàn Việt Nam",
         "<p>Hơn 150 cán bộ công đoàn bộ phận và tổ trưởng tổ công đoàn của Tổng Công ty May 10 đã dự hội nghị "
         "quán triệt Nghị quyết Đại hội XII Công đoàn Việt Nam.</p><p>Công đoàn Tổng Công ty xây dựng chương trình "
         "hành động với ba nhóm việc: chăm lo đời sống, thương lượng thỏa ước lao động tập thể và phát triển "
         "đoàn viên.</p>", "workers"),
    ]


def _tet_campaign_fields(season):
    name = season["name"]
    return {
        "slug": f"tet-sum-vay-{season['year']}",
        "title": f"Tết Sum vầy – {name}",
        "summary": "Chăm lo Tết cho đoàn viên, người lao động: quà Tết cho đoàn viên có hoàn cảnh khó khăn, Chuyến xe "
                   "Công đoàn đưa công nhân về quê, Chợ Tết Công đoàn, gặp mặt công nhân ở lại đón Tết.",
        "goals": "Tất cả đoàn viên, người lao động đều có Tết.\n"
                 "100% công đoàn cơ sở lập danh sách đoàn viên có hoàn cảnh khó khăn và đề nghị hỗ trợ đúng hạn.\n"
                 "Mỗi công đoàn cơ sở chia sẻ các bộ nội dung của chương trình trên trang, nhóm của đơn vị.",
        "body": f"Hưởng ứng Chương trình “Tết Sum vầy” của Tổng Liên đoàn Lao động Việt Nam, Công đoàn Công Thương "
                f"Việt Nam tổ chức chăm lo Tết Nguyên đán {season['lunar']} {season['year']} cho đoàn viên, người lao "
                f"động từ ngày {_vn(season['starts_on'])} đến hết mùng 7 Tết ({_vn(season['ends_on'])}).\n\n"
                "Các cấp công đoàn rà soát, thăm hỏi, tặng quà đoàn viên có hoàn cảnh khó khăn; tổ chức Chuyến xe "
                "Công đoàn và Chợ Tết Công đoàn; gặp mặt, tặng quà công nhân ở lại đón Tết; đề nghị doanh nghiệp "
                "công bố sớm mức thưởng Tết và trả lương đầy đủ trước kỳ nghỉ. Các hoạt động được tuyên truyền "
                "trên trang, nhóm mạng xã hội của đơn vị.",
    }


def _tet_kits(season, today, root, upper, may10):
    """(audience, title, caption, hashtags, target, valid_from, valid_to, scene, picture title)."""
    name, year, tet, starts = season["name"], season["year"], season["tet"], season["starts_on"]
    hub = f"/campaigns/tet-sum-vay-{year}/"
    day = datetime.timedelta(days=1)
    bus_until, gifts_until = today + 7 * day, today + day  # the reminders: a week left, due tomorrow
    return [
        (root, f"Tết Sum vầy – {name}: Tất cả đoàn viên, người lao động đều có Tết",
         "Công đoàn Công Thương Việt Nam chăm lo Tết cho đoàn viên, người lao động: quà Tết cho đoàn viên có hoàn "
         "cảnh khó khăn, Chuyến xe Công đoàn, Chợ Tết Công đoàn và gặp mặt công nhân ở lại đón Tết. Hãy chia sẻ "
         "để không đoàn viên nào bị bỏ lại phía sau.",
         f"#TetSumVay{year} #CongDoanVietNam #CongDoanCongThuong",
         f"https://www.facebook.com/congdoancongthuong/posts/pfbid0TetSumVay{year}",
         starts, tet - day, "tet", f"Tết Sum vầy – {name}"),
        (upper, f"Chuyến xe Công đoàn – {name}: đăng ký vé về quê miễn phí",
         "Công đoàn Tập đoàn Dệt May Việt Nam hỗ trợ vé xe miễn phí cho công nhân về quê đón Tết và trở lại làm "
         f"việc sau Tết. Đoàn viên đăng ký với công đoàn cơ sở đến hết ngày {_vn(bus_until)}.",
         f"#ChuyenXeCongDoan #TetSumVay{year} #CongDoanDetMay", hub,
         max(starts, today - 8 * day), bus_until, "bus", "Chuyến xe Công đoàn đưa công nhân về quê đón Tết"),
        (may10, "May 10 – Đề nghị hỗ trợ quà Tết cho đoàn viên có hoàn cảnh khó khăn",
         "Công đoàn Tổng Công ty May 10 tổng hợp danh sách đoàn viên có hoàn cảnh khó khăn để trao quà Tết. "
         f"Các tổ công đoàn gửi danh sách về Ban Thường vụ đến hết ngày {_vn(gifts_until)}.",
         f"#TetSumVay{year} #CongDoanMay10", hub,
         max(starts, today - 5 * day), gifts_until, "gifts", "Quà Tết cho đoàn viên có hoàn cảnh khó khăn"),
        (root, f"Chợ Tết Công đoàn {year}: hàng Việt chất lượng, giá ưu đãi cho đoàn viên",
         "Chợ Tết Công đoàn mở trước Tết với hàng Việt chất lượng, giá ưu đãi; đoàn viên có hoàn cảnh khó khăn "
         "được tặng phiếu mua hàng. Theo dõi trang của công đoàn cơ sở để biết thời gian, địa điểm.",
         f"#ChoTetCongDoan #TetSumVay{year} #CongDoanVietNam", hub,
         max(starts, today - 2 * day), tet - 3 * day, "market", f"Chợ Tết Công đoàn {year}"),
    ]


def _tet_news(season, now, root, upper, may10):
    """(unit, published at, title, body, scene)."""
    name, lunar = season["name"], season["lunar"]
    day = datetime.timedelta(days=1)
    return [
        (root, now - 6 * day - datetime.timedelta(hours=3),
         f"Công đoàn Công Thương Việt Nam phát động Chương trình “Tết Sum vầy – {name}”",
         f"<p>Với phương châm “Tất cả đoàn viên, người lao động đều có Tết”, Công đoàn Công Thương Việt Nam phát "
         f"động chương trình chăm lo Tết {lunar} trong toàn ngành.</p><p>Các công đoàn cấp trên cơ sở và công đoàn "
         "cơ sở rà soát đoàn viên có hoàn cảnh khó khăn, đề nghị hỗ trợ và báo cáo kết quả trước Tết.</p>", "hands"),
        (upper, now - 3 * day - datetime.timedelta(hours=5),
         f"Công đoàn Dệt May Việt Nam dành hơn 3 tỷ đồng chăm lo Tết {lunar}",
         "<p>Kinh phí dành cho quà Tết đoàn viên có hoàn cảnh khó khăn, Chuyến xe Công đoàn và gặp mặt công nhân ở "
         "lại đón Tết tại các khu công nghiệp.</p><p>Công đoàn Tập đoàn đề nghị các doanh nghiệp công bố mức thưởng "
         "Tết trong tháng 12 và trả lương đầy đủ trước kỳ nghỉ.</p>", "gifts"),
        (may10, now - day - datetime.timedelta(hours=2),
         "Hơn 1.200 công nhân May 10 đăng ký Chuyến xe Công đoàn về quê đón Tết",
         "<p>Sau hai tuần mở đăng ký, hơn 1.200 công nhân quê ở các tỉnh miền Trung và miền núi phía Bắc đã đăng ký "
         "Chuyến xe Công đoàn.</p><p>Công đoàn Tổng Công ty bố trí xe đón ngay tại cổng nhà máy sau ca làm việc cuối "
         "cùng trước Tết.</p>", "bus"),
    ]


# --- Seeding ------------------------------------------------------------------------------------


def _campaign(*, unit, created_by, fields, starts_on, ends_on, scene, picture_title, created_at, **extra):
    campaign = Campaign(unit=unit, created_by=created_by, starts_on=starts_on, ends_on=ends_on, **fields, **extra)
    _save(campaign.hero_image, poster(picture_title, scene, size=SIZE_WIDE))
    _with_og(campaign, campaign.hero_image)
    campaign.save()
    Campaign.objects.filter(pk=campaign.pk).update(created_at=created_at)
    return campaign


def _kits(campaign, rows, created_by):
    kits = []
    for audience, title, caption, hashtags, target, valid_from, valid_to, scene, picture_title in rows:
        kit = ShareKit.objects.create(
            audience=audience, campaign=campaign, title=title, caption=caption, created_by=created_by,
            hashtags=hashtags, target_url=target, valid_from=valid_from, valid_to=valid_to,
        )
        ShareKit.objects.filter(pk=kit.pk).update(created_at=at(valid_from, 8, len(kits) * 7))
        image = KitImage(kit=kit, position=0)
        _save(image.image, poster(picture_title, scene, size=SIZE_SQUARE, kicker=audience.name.upper()))
        image.save()
        kits.append(kit)
    return kits


def _news(campaign, rows, created_by):
    for unit, published_at, title, body, scene in rows:
        summary = strip_tags(body.split("</p>")[0])[:300]
        news = NewsPost(unit=unit, campaign=campaign, title=title, summary=summary, body=clean_rich_text(body),
                        published_at=published_at, created_by=created_by)
        news.save()
        image = NewsImage(news=news, position=0)
        _save(image.image, poster(title, scene, size=SIZE_WIDE, kicker=unit.name.upper()))
        image.save()
        _with_og(news, image.image)
        news.save()
        NewsPost.objects.filter(pk=news.pk).update(created_at=published_at, updated_at=published_at)


def _pfbid(rng):
    return "pfbid0" + "".join(rng.choice("123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz") for _ in range(30))


def _links_clicks_proofs(rng, kits, memberships, *, first_day, last_day, deciders, member, history):
    """Tracked links of ``memberships`` for ``kits``, unique visitors per day between ``first_day`` and
    ``last_day`` (inside each kit's period), and share proofs: verified, a few rejected and — unless
    ``history`` — some still pending. ``deciders`` maps a unit pk to the officers who verify its
    proofs (an officer's own proof goes to the next of them)."""
    links = []
    for m in memberships:
        for kit in kits:
            if m.union.path.startswith(kit.audience.path) and rng.random() < 0.75:
                links.append(TrackedLink(kit=kit, user=m.user, unit=m.union, code=share_code(kit.pk, m.user_id)))
    TrackedLink.objects.bulk_create(links, batch_size=500)
    links = list(TrackedLink.objects.filter(kit__in=kits).select_related("kit").order_by("pk"))
    clicks = []
    for link in links:
        start = max(first_day, link.kit.valid_from)
        end = min(last_day, link.kit.valid_to)
        span = (end - start).days
        visitors = rng.randint(0, 7) if span >= 0 else 0
        for v in range(visitors):
            day = start + datetime.timedelta(days=rng.randint(0, span))
            clicks.append(LinkClick(link=link, day=day, visitor=visitor_hash(f"10.0.{link.pk}.{v}", "demo", day)))
        link.clicks = visitors
    LinkClick.objects.bulk_create(clicks, batch_size=1000, ignore_conflicts=True)
    TrackedLink.objects.bulk_update(links, ["clicks"], batch_size=500)
    for kit in kits:  # issued when the kit came out
        TrackedLink.objects.filter(kit=kit).update(created_at=at(max(first_day, kit.valid_from), 10))

    proofs = []
    for n, link in enumerate(links[:45]):
        if link.user_id == member.pk and not history:
            status = ShareProof.Status.PENDING  # the demo member sees a proof waiting
        elif n % 11 == 5:
            status = ShareProof.Status.REJECTED
        elif n % 3 == 0 and not history:
            status = ShareProof.Status.PENDING
        else:
            status = ShareProof.Status.VERIFIED
        url = f"https://www.facebook.com/dv{link.user_id}/posts/{_pfbid(rng)}"
        network, normalized = normalize_post_url(url)
        claimed = at(min(last_day, max(first_day, link.kit.valid_from) + datetime.timedelta(days=n % 4)), 20)
        decided = status != ShareProof.Status.PENDING
        decider = next(u for u in deciders[link.unit_id] if u.pk != link.user_id)
        proofs.append(ShareProof(
            kit=link.kit, user=link.user, unit=link.unit, network=network, post_url=url, normalized_url=normalized,
            status=status, decided_by=decider if decided else None,
            decided_at=claimed + datetime.timedelta(hours=14) if decided else None,
            reason="Bài đăng để chế độ riêng tư, cán bộ không xem được." if status == ShareProof.Status.REJECTED else "",
        ))
        proofs[-1].claimed = claimed
    ShareProof.objects.bulk_create(proofs)
    claimed_at = defaultdict(list)
    for proof in proofs:
        claimed_at[proof.claimed].append(proof.pk)
    for moment, pks in claimed_at.items():
        ShareProof.objects.filter(pk__in=pks).update(created_at=moment)
    return links, clicks, proofs


def seed(context, stdout=None):
    rng = random.Random(2018)  # noqa: S311 - demo data, not security
    root, upper, may10, viettien = (context[k] for k in ("root", "upper", "officer_unit", "sibling_unit"))
    users = context["users"]
    hq, officer, member = users["hq"], users["officer"], users["member"]
    deciders = {may10.pk: [officer, users["upper"]], viettien.pk: [users["sibling"], users["upper"]]}
    today, now = timezone.localdate(), timezone.now()
    season = tet_season(today)

    congress = _campaign(
        unit=root, created_by=hq, fields=CONGRESS, starts_on=CONGRESS_CAMPAIGN[0], ends_on=CONGRESS_CAMPAIGN[1],
        congress_number=12, term_start_year=2018, term_end_year=2023, scene="congress",
        picture_title="Hướng về Đại hội XII Công đoàn Việt Nam", created_at=at(CONGRESS_LETTER_DAY, 14),
    )
    tet = _campaign(
        unit=root, created_by=hq, fields=_tet_campaign_fields(season), starts_on=season["starts_on"],
        ends_on=season["ends_on"], scene="tet", picture_title=f"Tết Sum vầy – {season['name']}",
        created_at=at(season["starts_on"], 8),
    )
    congress_kits = _kits(congress, _congress_kits(root, upper, may10), hq)
    tet_kits = _kits(tet, _tet_kits(season, today, root, upper, may10), hq)
    _news(congress, _congress_news(root, upper, may10), officer)
    _news(tet, _tet_news(season, now, root, upper, may10), officer)

    for position, (slug, title, summary, body) in enumerate(LESSONS):
        lesson = Lesson(unit=root, slug=slug, title=title, summary=summary, body=clean_rich_text(body),
                        position=position, created_by=hq)
        _save(lesson.image, poster(title, "filter", size=SIZE_WIDE, kicker="BỘ LỌC THÔNG TIN"))
        lesson.save()

    # Members of May 10 and Việt Tiến share: the Congress kits in 2018 (those who were members then),
    # the Tết kits over the last days.
    memberships = list(
        Membership.objects.active().filter(union__in=[may10, viettien]).select_related("user", "union")
        .order_by("union__code", "member_code")
    )
    veterans = [m for m in memberships if m.joined_on and m.joined_on < CONGRESS_LETTER_DAY][:40]
    old = _links_clicks_proofs(rng, congress_kits, veterans, first_day=CONGRESS_LETTER_DAY,
                               last_day=datetime.date(2018, 10, 5), deciders=deciders, member=member, history=True)
    new = _links_clicks_proofs(rng, tet_kits, memberships[:60], first_day=today - datetime.timedelta(days=9),
                               last_day=today, deciders=deciders, member=member, history=False)

    context["campaigns"] = {"congress": congress, "tet": tet}
    context["campaign"] = tet
    context["tet_season"] = season
    context["lessons"] = list(Lesson.objects.order_by("position"))
    context["lesson_members"] = [m for m in memberships[:60] if m.user_id != member.pk][:25]
    context["veterans"] = veterans
    if stdout:
        stdout.write(
            f"Campaigns: {congress.title} ({_vn(congress.starts_on)}–{_vn(congress.ends_on)}), "
            f"{tet.title} ({_vn(tet.starts_on)}–{_vn(tet.ends_on)}); kits {len(congress_kits) + len(tet_kits)}, "
            f"links {len(old[0]) + len(new[0])}, clicks {len(old[1]) + len(new[1])}, "
            f"proofs {len(old[2]) + len(new[2])}, lessons {len(LESSONS)}"
        )
