"""Demo content for ``seed_demo``: the Congress XII campaign (term 2018–2023) with share kits, unit
news, "bộ lọc thông tin" lessons, tracked links with clicks, and share proofs.

Images are drawn with Pillow at seed time. Rows are bulk-created so seeding stays fast.
"""

import datetime
import io
import random

from django.core.files.base import ContentFile
from django.utils import timezone

from core.html import clean_rich_text
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
from .sharing import share_code, visitor_hash

RED, GOLD, BLUE, WHITE = (179, 19, 27), (255, 205, 0), (0, 84, 166), (255, 255, 255)


def _picture(size, background, accent, label=""):
    """A simple poster: coloured background, a ring, stripes (and a short label if a font exists)."""
    from PIL import Image, ImageDraw

    width, height = size
    image = Image.new("RGB", size, background)
    draw = ImageDraw.Draw(image)
    ring = min(width, height) // 3
    cx, cy = width // 2, height // 2 - height // 10
    draw.ellipse([cx - ring, cy - ring, cx + ring, cy + ring], outline=accent, width=max(6, ring // 8))
    for i in range(6):
        y = height - height // 5 + i * 6
        draw.line([(0, y), (width, y)], fill=accent, width=2)
    if label:
        draw.text((24, 24), label, fill=WHITE)
    out = io.BytesIO()
    image.save(out, "JPEG", quality=80)
    return ContentFile(out.getvalue(), name="demo.jpg")


def _save(field, content):
    field.save(f"{timezone.now():%Y%m%d%H%M%S%f}.jpg", content, save=False)


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
     "trong bài và so với sự kiện hiện tại.</p>"),
    ("anh-bi-chinh-sua", "Bài 3. Ảnh bị chỉnh sửa, cắt ghép",
     "Tìm ảnh gốc và dấu hiệu cắt ghép.",
     "<p>Dùng chức năng tìm kiếm bằng hình ảnh để tìm ảnh gốc. Để ý bóng đổ, chữ bị méo, viền lạ quanh người "
     "hoặc vật.</p><p>Khi nghi ngờ, <strong>không chia sẻ</strong> và báo cho cán bộ công đoàn.</p>"),
]


def seed(context, stdout=None):
    rng = random.Random(2023)  # noqa: S311 - demo data, not security
    root, upper, may10, viettien = (context[k] for k in ("root", "upper", "officer_unit", "sibling_unit"))
    users = context["users"]
    hq, officer, member = users["hq"], users["officer"], users["member"]
    today = timezone.localdate()

    campaign = Campaign(
        unit=root, created_by=hq, slug="dai-hoi-xii",
        title="Hướng về Đại hội XII Công đoàn Việt Nam",
        summary="Tuyên truyền kết quả nhiệm kỳ 2013–2018 và mục tiêu nhiệm kỳ 2018–2023 của tổ chức Công đoàn.",
        goals="100% công đoàn cơ sở chia sẻ thông tin về Đại hội; mỗi đoàn viên thay khung ảnh đại diện hưởng ứng.",
        body="Theo Công văn số 486/CĐCT-TG ngày 20/9/2018, các cấp công đoàn đẩy mạnh tuyên truyền trên mạng xã hội.",
        congress_number=12, term_start_year=2018, term_end_year=2023,
        previous_results="Phát triển hơn 1,1 triệu đoàn viên mới.\nThành lập hơn 9.000 công đoàn cơ sở.\n"
                         "Ký kết gần 29.000 thỏa ước lao động tập thể.",
        directions="Đổi mới tổ chức và hoạt động công đoàn; chăm lo, bảo vệ quyền lợi hợp pháp, chính đáng của "
                   "đoàn viên, người lao động; phát triển đoàn viên, xây dựng tổ chức công đoàn vững mạnh.",
        starts_on=today - datetime.timedelta(days=20), ends_on=today + datetime.timedelta(days=60),
    )
    _save(campaign.hero_image, _picture((1600, 900), RED, GOLD, "DAI HOI XII"))
    with campaign.hero_image.open("rb") as handle:
        card = og_card(handle)
    campaign.og_image.save(card.name, card, save=False)
    campaign.save()

    kits = []
    for i, (audience, title, caption) in enumerate([
        (root, "Chào mừng Đại hội XII Công đoàn Việt Nam",
         "Đại hội XII Công đoàn Việt Nam, nhiệm kỳ 2018–2023: Đổi mới tổ chức và hoạt động, chăm lo lợi ích đoàn viên."),
        (upper, "Dệt May hướng về Đại hội",
         "Công nhân Dệt May Việt Nam thi đua lập thành tích chào mừng Đại hội XII Công đoàn Việt Nam."),
        (may10, "May 10 – Đoàn viên thay khung ảnh chào mừng Đại hội",
         "Đoàn viên Tổng Công ty May 10 đồng loạt thay khung ảnh đại diện hưởng ứng Đại hội XII."),
    ]):
        kit = ShareKit.objects.create(
            audience=audience, campaign=campaign, title=title, caption=caption, created_by=hq,
            hashtags="#DaiHoiXIICongDoanVietNam #CongDoanVietNam",
            target_url="https://www.facebook.com/congdoanvietnam/posts/pfbid0demo" + str(i) if i < 2 else "/campaigns/dai-hoi-xii/",
            valid_from=today - datetime.timedelta(days=10 - i), valid_to=today + datetime.timedelta(days=30),
        )
        image = KitImage(kit=kit, position=0)
        _save(image.image, _picture((800, 800), (RED, BLUE, RED)[i], GOLD))
        image.save()
        kits.append(kit)

    for i, (unit, title, body) in enumerate([
        (may10, "Công đoàn May 10 tổ chức Hội nghị đại biểu người lao động",
         "Hội nghị đã thông qua thỏa ước lao động tập thể mới với nhiều điều khoản có lợi hơn cho người lao động."),
        (upper, "Công đoàn Dệt May Việt Nam bầu đoàn đại biểu dự Đại hội XII",
         "Đoàn đại biểu gồm 12 đồng chí, đại diện cho hơn 100.000 đoàn viên của Tập đoàn."),
    ]):
        news = NewsPost.objects.create(
            unit=unit, campaign=campaign, title=title, summary=body[:120], body=clean_rich_text(body),
            published_at=timezone.now() - datetime.timedelta(days=i + 1), created_by=officer,
        )
        image = NewsImage(news=news, position=0)
        _save(image.image, _picture((1200, 800), BLUE, WHITE))
        image.save()
        with image.image.open("rb") as handle:
            card = og_card(handle)
        news.og_image.save(card.name, card, save=True)

    for position, (slug, title, summary, body) in enumerate(LESSONS):
        Lesson.objects.create(unit=root, slug=slug, title=title, summary=summary, body=clean_rich_text(body),
                              position=position, created_by=hq)

    # Tracked links for members of May 10 and Việt Tiến, with clicks over the last days; some proofs.
    memberships = list(
        Membership.objects.active().filter(union__in=[may10, viettien]).select_related("user", "union")[:60]
    )
    links, clicks, proofs = [], [], []
    for m in memberships:
        for kit in kits:
            if not m.union.path.startswith(kit.audience.path) or rng.random() < 0.3:
                continue
            links.append(TrackedLink(kit=kit, user=m.user, unit=m.union, code=share_code(kit.pk, m.user_id)))
    TrackedLink.objects.bulk_create(links, batch_size=500)
    links = list(TrackedLink.objects.filter(kit__in=kits))
    for link in links:
        visitors = rng.randint(0, 6)
        for v in range(visitors):
            day = today - datetime.timedelta(days=rng.randint(0, 9))
            clicks.append(LinkClick(link=link, day=day, visitor=visitor_hash(f"10.0.{link.pk}.{v}", "demo", day)))
        link.clicks = visitors
    LinkClick.objects.bulk_create(clicks, batch_size=1000, ignore_conflicts=True)
    TrackedLink.objects.bulk_update(links, ["clicks"], batch_size=500)
    for n, link in enumerate(links[:40]):
        status = ShareProof.Status.VERIFIED if n % 3 else ShareProof.Status.PENDING
        if link.user_id == member.pk:
            status = ShareProof.Status.PENDING
        proofs.append(ShareProof(
            kit=link.kit, user=link.user, unit=link.unit, network="facebook",
            post_url=f"https://www.facebook.com/dv{link.user_id}/posts/pfbid0{link.pk}",
            normalized_url=f"facebook.com/dv{link.user_id}/posts/pfbid0{link.pk}",
            status=status, decided_by=officer if status == ShareProof.Status.VERIFIED else None,
            decided_at=timezone.now() if status == ShareProof.Status.VERIFIED else None,
        ))
    ShareProof.objects.bulk_create(proofs)
    context["campaign"] = campaign
    context["lessons"] = list(Lesson.objects.order_by("position"))
    context["lesson_members"] = [m for m in memberships if m.user_id != member.pk][:25]
    if stdout:
        stdout.write(f"Campaign: {campaign.title}; kits {len(kits)}, links {len(links)}, clicks {len(clicks)}, "
                     f"proofs {len(proofs)}, lessons {len(LESSONS)}")
