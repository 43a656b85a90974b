"""The scale seeder behind ``manage.py bench_seed`` (issue 14): the federation at full size.

Writes, with bulk inserts in chunks and explicit ids (so foreign keys and materialised paths are
known before the rows exist), a five-level tree of units with Vietnamese names, members,
officers, submissions waiting at every level with their review steps, published stories, a
campaign with share kits, tracked links, clicks, share proofs and frame uses, notifications,
hot issues, a quiz with attempts and the units' reports for two periods. Every row is one the
portal's own code could have written (statuses, paths, counters and search texts filled as the
services fill them), so the pages, selectors and exports run on it unchanged.

It refuses a database that holds anything but its own data: the first run requires no unit and
no user, and leaves a marker table (``bench_seed_marker``); later runs see the marker and either
stop (``--if-needed``, same size) or refuse (another size: drop the database first).
"""

import datetime as dt
import io
import random
import sys
import time
from dataclasses import dataclass

from django.contrib.auth.hashers import make_password
from django.core.files.base import ContentFile
from django.core.management.color import no_style
from django.db import connection, transaction
from django.utils import timezone

from accounts.models import User
from accounts.text import fold
from campaigns.models import AvatarFrame, Campaign, FrameUse, LinkClick, ShareKit, ShareProof, TrackedLink
from contests.models import Attempt, Choice, Question, Quiz
from incidents.models import HotIssue
from notifications.models import Notification
from reports.catalogue import ensure_default_version
from reports.models import ReportPeriod, UnitReport
from submissions.models import Decision, Kind, ReviewStep, Status, Submission
from unions.models import PATH_STEP, Level, Membership, Role, Union, UnitType, path_segment

MARKER_TABLE = "bench_seed_marker"
PASSWORD = "bench-Lan-Toa-2026"  # noqa: S105 - the bench personas' password, on a throw-away database
TODAY = dt.date(2026, 12, 7)


@dataclass(frozen=True)
class Size:
    name: str
    provinces: int  # level-2 units (provinces and central sectors)
    uppers: int  # upper-grassroots per level-2 unit
    grassroots: int  # grassroots per upper-grassroots unit
    sections: int  # below-grassroots units per 10 grassroots
    members: int
    pending: int
    published: int
    clicks: int
    notifications: int
    proofs: int
    frame_uses: int
    hot_issues: int
    attempts: int


SIZES = {
    # 1 + 80 + 80×9 + 80×9×13 + 936×11 ≈ 2.0×10^4 units
    "full": Size("full", 80, 9, 13, 11, 500_000, 100_000, 30_000, 1_000_000, 200_000, 20_000, 50_000, 2_000, 100_000),
    "small": Size("small", 4, 3, 4, 5, 2_000, 600, 300, 5_000, 1_000, 200, 300, 40, 500),
}

PROVINCES = [
    "Hà Nội", "Hồ Chí Minh", "Hải Phòng", "Đà Nẵng", "Cần Thơ", "Bắc Ninh", "Bình Dương", "Đồng Nai",
    "Long An", "Bà Rịa - Vũng Tàu", "Thái Nguyên", "Vĩnh Phúc", "Hưng Yên", "Hải Dương", "Nam Định",
    "Thái Bình", "Ninh Bình", "Thanh Hóa", "Nghệ An", "Hà Tĩnh", "Quảng Bình", "Quảng Trị",
    "Thừa Thiên Huế", "Quảng Nam", "Quảng Ngãi", "Bình Định", "Phú Yên", "Khánh Hòa", "Ninh Thuận",
    "Bình Thuận", "Kon Tum", "Gia Lai", "Đắk Lắk", "Đắk Nông", "Lâm Đồng", "Bình Phước", "Tây Ninh",
    "Tiền Giang", "Bến Tre", "Trà Vinh", "Vĩnh Long", "Đồng Tháp", "An Giang", "Kiên Giang", "Hậu Giang",
    "Sóc Trăng", "Bạc Liêu", "Cà Mau", "Bắc Giang", "Lạng Sơn", "Quảng Ninh", "Phú Thọ", "Tuyên Quang",
    "Hà Giang", "Cao Bằng", "Bắc Kạn", "Lào Cai", "Yên Bái", "Sơn La", "Điện Biên", "Lai Châu",
    "Hòa Bình", "Hà Nam",
]
SECTORS = [
    "Công Thương", "Giáo dục", "Y tế", "Giao thông vận tải", "Xây dựng", "Nông nghiệp và Phát triển nông thôn",
    "Dệt May", "Dầu khí", "Điện lực", "Than - Khoáng sản", "Cao su", "Bưu điện", "Ngân hàng",
    "Đường sắt", "Hàng không", "Viên chức", "Tài chính", "Quốc phòng", "Công an nhân dân", "Thông tin và Truyền thông",
]
COMPANIES = [
    "May Sông Hồng", "Giày Thái Bình", "Điện tử Samsung", "Thép Hòa Phát", "Dệt Nam Định", "Nhựa Tiền Phong",
    "Sữa Việt Nam", "Bia Sài Gòn", "Xi măng Bỉm Sơn", "Cao su Phước Hòa", "Gạch men Viglacera", "Thủy sản Minh Phú",
    "Giấy Bãi Bằng", "Phân đạm Hà Bắc", "Cơ khí Đông Anh", "May Việt Tiến", "Dược Hậu Giang", "Chè Mộc Châu",
    "Cà phê Trung Nguyên", "Gỗ Trường Thành", "Điện cơ Thống Nhất", "Pin Văn Điển", "Bánh kẹo Hải Hà", "Xe buýt Hà Nội",
]
SURNAMES = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô", "Dương"]
MIDDLES = ["Văn", "Thị", "Hữu", "Thị Thu", "Minh", "Quốc", "Thị Ngọc", "Đức", "Thanh", "Thị Hồng", "Công", "Ngọc"]
GIVENS = ["An", "Bình", "Chi", "Dũng", "Giang", "Hà", "Hải", "Hằng", "Hiếu", "Hoa", "Hùng", "Hương", "Lan", "Linh",
          "Long", "Mai", "Nam", "Nga", "Nhung", "Phong", "Phương", "Quân", "Sơn", "Tâm", "Thảo", "Thắng", "Trang",
          "Tuấn", "Vân", "Yến"]
STORY_TITLES = [
    "Bữa cơm ca giữa ca đêm", "Chuyến xe nghĩa tình đưa công nhân về quê đón Tết", "Sáng kiến tiết kiệm điện ở phân xưởng",
    "Tổ trưởng tận tụy với anh em", "Mái ấm công đoàn cho đoàn viên khó khăn", "Ngày hội văn hóa công nhân",
    "Cách làm hay trong an toàn lao động", "Giải bóng đá chào mừng Đại hội", "Góc thư viện nhỏ trong ký túc xá",
    "Người thợ may giỏi nghề, giàu lòng nhân ái", "Phong trào hiến máu tình nguyện", "Lớp học tiếng Anh miễn phí cho công nhân",
]
HOT_KINDS = ["wage_arrears", "social_insurance", "work_stoppage", "mass_layoff", "unsafe", "tet_bonus"]


def _has_marker():
    return MARKER_TABLE in connection.introspection.table_names()


def marker_size():
    if not _has_marker():
        return None
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT size FROM {MARKER_TABLE}")  # noqa: S608 - a constant name
        row = cursor.fetchone()
    return row[0] if row else None


class Refused(Exception):
    pass


def check_target(size_name):
    """``"seed"``, ``"done"`` (already seeded at this size), or raise :class:`Refused`."""
    seeded = marker_size()
    if seeded == size_name:
        return "done"
    if seeded is not None:
        raise Refused(f"this database holds the bench data of size {seeded!r}; drop it to seed {size_name!r}")
    if _has_marker():
        raise Refused("an unfinished bench seed is in this database; drop it and start again")
    if Union.objects.exists() or User.objects.exists():
        raise Refused("this database holds units or users that the bench seeder did not write; refusing to touch it")
    return "seed"


class Progress:
    """A one-line progress bar on stderr (``\\r``-redrawn on a terminal, one line per step otherwise)."""

    def __init__(self, out=None):
        self.out = out or sys.stderr
        self.tty = self.out.isatty()
        self.started = time.monotonic()

    def step(self, label, done, total):
        width = 30
        filled = int(width * done / total) if total else width
        line = f"{label:<22} [{'#' * filled}{'.' * (width - filled)}] {done:>9,}/{total:,}  {time.monotonic() - self.started:6.1f}s"
        if self.tty:
            self.out.write("\r" + line + ("\n" if done >= total else ""))
        elif done >= total:
            self.out.write(line + "\n")
        self.out.flush()


class Seeder:
    CHUNK = 5000

    def __init__(self, size, *, progress=None, seed=14):
        self.size = size
        self.rng = random.Random(seed)  # noqa: S311 - benchmark data, not security
        self.progress = progress or Progress()
        self.now = dt.datetime(2026, 12, 7, 2, 0, tzinfo=dt.UTC)

    # --- helpers ------------------------------------------------------------------------------

    def _next_id(self, model):
        last = model.objects.order_by("-pk").values_list("pk", flat=True).first()
        return (last or 0) + 1

    def _insert(self, label, model, rows_iter, total):
        done = 0
        chunk = []
        self.progress.step(label, 0, total)
        for row in rows_iter:
            chunk.append(row)
            if len(chunk) >= self.CHUNK:
                model.objects.bulk_create(chunk, batch_size=self.CHUNK)
                done += len(chunk)
                chunk = []
                self.progress.step(label, done, total)
        if chunk or not done:
            model.objects.bulk_create(chunk, batch_size=self.CHUNK)
            done += len(chunk)
            self.progress.step(label, done, total)
        return done

    def _person(self, i):
        r = random.Random(i)  # noqa: S311 - the same person for the same number
        return f"{r.choice(SURNAMES)} {r.choice(MIDDLES)} {r.choice(GIVENS)}"

    # --- the run ------------------------------------------------------------------------------

    def run(self):
        with connection.cursor() as cursor:
            cursor.execute(f"CREATE TABLE {MARKER_TABLE} (size varchar(16), finished_at varchar(40))")
        self.password = make_password(PASSWORD)
        self.units()
        self.people()
        self.campaign()
        self.submissions()
        self.sharing()
        self.notifications()
        self.hot_issues()
        self.quiz()
        self.reports()
        self._reset_sequences()
        with connection.cursor() as cursor:
            cursor.execute(f"INSERT INTO {MARKER_TABLE} (size, finished_at) VALUES (%s, %s)",  # noqa: S608
                           [self.size.name, timezone.now().isoformat()])
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")

    def _reset_sequences(self):
        from django.apps import apps

        models = [m for m in apps.get_models() if m._meta.app_label in
                  {"accounts", "unions", "campaigns", "submissions", "notifications", "incidents", "contests", "reports"}]
        statements = connection.ops.sequence_reset_sql(no_style(), models)
        with connection.cursor() as cursor:
            for sql in statements:
                cursor.execute(sql)

    # --- units: five levels -------------------------------------------------------------------

    def units(self):
        s = self.size
        next_id = self._next_id(Union)
        rows = []
        self.by_level = {lvl: [] for lvl in range(1, 6)}

        def add(parent, name, code, level, unit_type, short=""):
            nonlocal next_id
            pk = next_id
            next_id += 1
            path = (parent.path if parent else "") + path_segment(pk)
            unit = Union(pk=pk, parent=parent, path=path, depth=len(path) // PATH_STEP - 1, name=name, short_name=short,
                         code=code, level=level, unit_type=unit_type, valid_from=dt.date(2018, 1, 1))
            unit.search_text = unit.folded_search_text()
            rows.append(unit)
            self.by_level[level].append(unit)
            return unit

        root = add(None, "Tổng Liên đoàn Lao động Việt Nam", "TLD", Level.CENTRAL, UnitType.UNION_BODY, "TLĐLĐVN")
        self.root = root
        places = PROVINCES + [f"Công đoàn {x} Việt Nam" for x in SECTORS]
        for p in range(s.provinces):
            place = places[p % len(places)]
            name = place if place.startswith("Công đoàn") else f"Liên đoàn Lao động tỉnh {place}"
            if p >= len(places):
                name += f" ({p // len(places) + 1})"
            prov = add(root, name, f"P{p:03d}", Level.PROVINCE_SECTOR, UnitType.UNION_BODY)
            short_place = place.replace("Công đoàn ", "").replace(" Việt Nam", "")
            for u in range(s.uppers):
                kind = ["Công đoàn các Khu công nghiệp", "Liên đoàn Lao động huyện", "Công đoàn ngành"][u % 3]
                upper = add(prov, f"{kind} {short_place} số {u + 1}", f"P{p:03d}U{u:02d}", Level.UPPER_GRASSROOTS,
                            UnitType.UNION_BODY)
                for g in range(s.grassroots):
                    company = COMPANIES[(p * 31 + u * 7 + g) % len(COMPANIES)]
                    grass = add(upper, f"Công đoàn Công ty {company} {short_place} {u + 1}.{g + 1}",
                                f"P{p:03d}U{u:02d}G{g:02d}", Level.GRASSROOTS,
                                [UnitType.FDI_ENTERPRISE, UnitType.PRIVATE_ENTERPRISE, UnitType.STATE_ENTERPRISE][g % 3])
                    if (g * 10) % 10 < s.sections and self.rng.random() < s.sections / 10:
                        sections = 1 + (self.rng.random() < 0.1)
                        for b in range(sections):
                            add(grass, f"Công đoàn bộ phận Phân xưởng {b + 1} – {company}", f"{grass.code}B{b}",
                                Level.BELOW_GRASSROOTS, grass.unit_type)
        self._insert("đơn vị (units)", Union, iter(rows), len(rows))
        self.units_all = rows
        self.leaf_units = self.by_level[4] + self.by_level[5]

    # --- people: members, officers, the personas ----------------------------------------------

    def _user(self, pk, username, full_name, **extra):
        user = User(pk=pk, username=username, full_name=full_name, password=self.password, is_active=True,
                    date_joined=self.now, **extra)
        user.normalise()
        return user

    def people(self):
        s = self.size
        uid = self._next_id(User)
        personas = [
            ("hq", "Nguyễn Thị Thu Hà", self.root, Role.Kind.ADMIN),
            ("upper", "Trần Văn Bình", self.by_level[3][0], Role.Kind.OFFICER),
            ("officer", "Lê Thị Hồng Nhung", self.by_level[4][0], Role.Kind.OFFICER),
            ("member", "Hoàng Văn Nam", None, None),
        ]
        users, roles = [], []
        self.personas = {}
        for username, name, unit, kind in personas:
            user = self._user(uid, username, name, email=f"{username}@bench.example.org")
            users.append(user)
            self.personas[username] = user
            if unit is not None:
                roles.append(Role(user_id=uid, union_id=unit.pk, kind=kind, created_at=self.now))
            uid += 1
        # One officer per province, upper-grassroots and grassroots unit (who reviews there).
        self.officer_of = {}
        for unit in self.by_level[2] + self.by_level[3] + self.by_level[4]:
            users.append(self._user(uid, f"cb{uid:07d}", self._person(uid)))
            roles.append(Role(user_id=uid, union_id=unit.pk, kind=Role.Kind.OFFICER, created_at=self.now))
            self.officer_of[unit.pk] = uid
            uid += 1
        self.first_member_id = uid
        total = len(users) + s.members
        member_units = self.leaf_units
        self.member_unit = {}

        def gen():
            yield from users
            for i in range(s.members):
                pk = self.first_member_id + i
                yield self._user(pk, f"dv{pk:07d}", self._person(pk), phone=f"09{pk:08d}"[-10:])

        self._insert("tài khoản (users)", User, gen(), total)
        self._insert("vai trò (roles)", Role, iter(roles), len(roles))
        mid = self._next_id(Membership)
        member_persona = self.personas["member"]
        persona_unit = self.by_level[4][0]

        def memberships():
            nonlocal mid
            yield Membership(pk=mid, user_id=member_persona.pk, union_id=persona_unit.pk, member_code="BENCH-00001",
                             status=Membership.Status.ACTIVE, joined_on=dt.date(2020, 3, 1), created_at=self.now)
            mid += 1
            for i in range(s.members):
                pk = self.first_member_id + i
                unit = member_units[i % len(member_units)]
                self.member_unit[pk] = unit
                status = Membership.Status.PENDING if i % 400 == 0 else Membership.Status.ACTIVE
                yield Membership(pk=mid, user_id=pk, union_id=unit.pk, member_code=f"{unit.code}-{i:06d}"[:50],
                                 status=status, joined_on=dt.date(2015 + i % 11, 1 + i % 12, 1 + i % 28),
                                 created_at=self.now)
                mid += 1

        self._insert("đoàn viên (members)", Membership, memberships(), s.members + 1)
        # Member counts as the recount service keeps them (active members of the unit itself).
        counts = {}
        for i in range(s.members):
            if i % 400:
                unit = member_units[i % len(member_units)]
                counts[unit.pk] = counts.get(unit.pk, 0) + 1
        counts[persona_unit.pk] = counts.get(persona_unit.pk, 0) + 1
        changed = []
        for unit in self.units_all:
            if counts.get(unit.pk):
                unit.member_count = counts[unit.pk]
                changed.append(unit)
        for start in range(0, len(changed), self.CHUNK):
            Union.objects.bulk_update(changed[start:start + self.CHUNK], ["member_count"])

    def _member(self, i):
        pk = self.first_member_id + (i % self.size.members)
        return pk, self.member_unit[pk]

    # --- a national campaign with a share kit and a frame -------------------------------------

    def campaign(self):
        hq = self.personas["hq"]
        self.camp = Campaign.objects.create(
            unit=self.root, created_by=hq, title="Hướng tới Đại hội XIII Công đoàn Việt Nam", slug="dai-hoi-xiii-bench",
            starts_on=dt.date(2026, 9, 1), ends_on=dt.date(2027, 3, 31), is_public=True,
            summary="Chia sẻ thành tựu, gửi tâm tư nguyện vọng và thay khung ảnh đại diện chào mừng Đại hội.",
        )
        self.kit = ShareKit.objects.create(
            campaign=self.camp, audience=self.root, created_by=hq, title="Infographic: 5 năm thực hiện Nghị quyết Đại hội XII",
            caption="Cùng nhìn lại chặng đường 5 năm thực hiện Nghị quyết Đại hội XII Công đoàn Việt Nam. #DaiHoiCongDoan",
            target_url="https://congdoanvn.org.vn/dai-hoi-xiii",
        )
        from PIL import Image, ImageDraw

        image = Image.new("RGBA", (1080, 1080), (200, 16, 46, 255))
        ImageDraw.Draw(image).ellipse((90, 90, 990, 990), fill=(0, 0, 0, 0))
        out = io.BytesIO()
        image.save(out, format="PNG")
        self.frame = AvatarFrame(campaign=self.camp, unit=self.root, title="Khung chào mừng Đại hội XIII",
                                 is_published=True, created_by=hq)
        self.frame.image.save("bench-frame.png", ContentFile(out.getvalue()), save=True)

    # --- submissions: waiting at every level, published, with their steps ---------------------

    def submissions(self):
        s = self.size
        sid = self._next_id(Submission)
        steps = []
        rows = []
        kinds = [Kind.GOOD_DEED, Kind.CREATIVE, Kind.WORKER_LIFE, Kind.UNION_ACTIVITY, Kind.ARTICLE]
        total = s.pending + s.published
        for i in range(total):
            author, unit = self._member(i * 7919)
            title = f"{STORY_TITLES[i % len(STORY_TITLES)]} ({unit.short_name or unit.code})"
            body = f"<p>{title}. Câu chuyện do đoàn viên gửi từ {unit.name}.</p>"
            submitted = self.now - dt.timedelta(days=1 + i % 60, minutes=i % 1440)
            item = Submission(pk=sid, kind=kinds[i % len(kinds)], title=title, body=body, author_id=author, unit=unit,
                              consent_publication=True, consent_people=True, submitted_at=submitted,
                              created_at=submitted, updated_at=submitted, campaign_id=self.camp.pk if i % 3 == 0 else None)
            item.search_text = fold(f"{title} {title} {unit.name}")
            chain = [unit]
            while chain[-1].parent is not None and chain[-1].level > Level.CENTRAL:
                chain.append(chain[-1].parent)
            steps.append(ReviewStep(submission_id=sid, actor_id=author, unit=unit, decision=Decision.SUBMIT,
                                    snapshot={"title": title}, created_at=submitted))
            if i < s.pending:
                # Waiting at every level: spread over the author's chain up to the central level.
                at = chain[min(i % 5, len(chain) - 1)]
                for level_unit in chain[:chain.index(at)]:
                    steps.append(ReviewStep(submission_id=sid, actor_id=self.officer_of.get(level_unit.pk), unit=level_unit,
                                            to_unit=level_unit.parent, decision=Decision.FORWARD,
                                            snapshot={"title": title}, created_at=submitted + dt.timedelta(hours=2)))
                item.status, item.current_unit, item.waiting_since = Status.PENDING, at, submitted + dt.timedelta(hours=3)
            else:
                at = chain[min(1, len(chain) - 1)]
                published = submitted + dt.timedelta(days=1)
                item.status, item.current_unit = Status.PUBLISHED, at
                item.published_unit, item.published_at = at, published
                steps.append(ReviewStep(submission_id=sid, actor_id=self.officer_of.get(at.pk), unit=at,
                                        decision=Decision.PUBLISH, snapshot={"title": title}, created_at=published))
            rows.append(item)
            sid += 1
        self._insert("bài gửi (submissions)", Submission, iter(rows), len(rows))
        self._insert("bước duyệt (steps)", ReviewStep, iter(steps), len(steps))

    # --- sharing: tracked links, clicks, proofs, frame uses -----------------------------------

    def sharing(self):
        s = self.size
        links = max(1, s.clicks // 10)
        lid = self._next_id(TrackedLink)
        first_link = lid

        def gen_links():
            for i in range(links):
                user, unit = self._member(i)
                yield TrackedLink(pk=lid + i, kit=self.kit, user_id=user, unit=unit, code=f"b{lid + i:09d}", clicks=10,
                                  created_at=self.now)

        self._insert("liên kết (links)", TrackedLink, gen_links(), links)

        def gen_clicks():
            for i in range(s.clicks):
                yield LinkClick(link_id=first_link + i // 10, day=TODAY - dt.timedelta(days=i % 10), visitor=f"v{i:08x}")

        self._insert("lượt nhấp (clicks)", LinkClick, gen_clicks(), s.clicks)

        def gen_proofs():
            for i in range(s.proofs):
                user, unit = self._member(i)
                status = ShareProof.Status.PENDING if i % 4 == 0 else ShareProof.Status.VERIFIED
                yield ShareProof(kit=self.kit, user_id=user, unit=unit, network="facebook",
                                 post_url=f"https://www.facebook.com/permalink.php?story_fbid={10**9 + i}&id=100{i}",
                                 normalized_url=f"facebook:{10**9 + i}", status=status, created_at=self.now)

        self._insert("minh chứng (proofs)", ShareProof, gen_proofs(), s.proofs)

        def gen_uses():
            for i in range(s.frame_uses):
                user, unit = self._member(i)
                yield FrameUse(frame=self.frame, user_id=user, unit=unit, day=TODAY - dt.timedelta(days=i % 60),
                               visitor=f"f{i:08x}", method="browser", created_at=self.now)

        self._insert("khung ảnh (frame uses)", FrameUse, gen_uses(), s.frame_uses)

    def notifications(self):
        s = self.size
        targets = [self.personas["member"].pk, self.personas["officer"].pk, self.personas["upper"].pk, self.personas["hq"].pk]

        def gen():
            for i in range(s.notifications):
                recipient = targets[i % 4] if i < 400 else self._member(i)[0]
                yield Notification(recipient_id=recipient, category="submission", title="Bài gửi của bạn đã được duyệt đăng",
                                   body="Xem kết quả trong mục Bài gửi của tôi.", url="/submissions/mine/",
                                   email_status="none",
                                   created_at=self.now - dt.timedelta(minutes=i),
                                   read_at=None if i % 3 else self.now)

        self._insert("thông báo (notifications)", Notification, gen(), s.notifications)

    def hot_issues(self):
        s = self.size
        grass = self.by_level[4]

        def gen():
            for i in range(s.hot_issues):
                unit = grass[i % len(grass)]
                company = unit.name.replace("Công đoàn ", "")
                started = self.now - dt.timedelta(days=i % 300)
                issue = HotIssue(unit=unit, assigned_unit=unit.parent if i % 3 == 0 else unit,
                                 title=f"Chậm trả lương tháng {1 + i % 11} tại {company}"[:200], kind=HOT_KINDS[i % len(HOT_KINDS)],
                                 employer=company[:200], province=PROVINCES[i % len(PROVINCES)], started_at=started,
                                 description="Người lao động phản ánh doanh nghiệp chậm trả lương, công đoàn cơ sở đã làm việc với chủ doanh nghiệp.",
                                 reported_by_id=self.officer_of[unit.pk], reported_at=started, workers_involved=50 + i % 900,
                                 status=["reported", "acknowledged", "handling", "resolved", "closed"][i % 5],
                                 severity=["low", "medium", "high", "critical"][i % 4])
                issue.search_text = fold(" ".join([issue.title, issue.employer, issue.workplace, issue.province]))[:800]
                yield issue

        self._insert("vụ việc (hot issues)", HotIssue, gen(), s.hot_issues)

    def quiz(self):
        s = self.size
        quiz = Quiz.objects.create(unit=self.root, campaign=self.camp, title="Tìm hiểu Đại hội XIII Công đoàn Việt Nam",
                                   slug="tim-hieu-dai-hoi-xiii-bench", is_public=True, is_published=True,
                                   opens_at=self.now - dt.timedelta(days=30), closes_at=self.now + dt.timedelta(days=30),
                                   created_by=self.personas["hq"])
        for q in range(10):
            question = Question.objects.create(
                quiz=quiz, text=f"Câu hỏi {q + 1}: Đại hội Công đoàn Việt Nam họp mấy năm một lần?", position=q)
            Choice.objects.bulk_create([Choice(question=question, text=t, is_correct=(t == "5 năm"))
                                        for t in ("3 năm", "5 năm", "10 năm")])
        self.quiz_obj = quiz

        def gen():
            for i in range(min(s.attempts, s.members)):
                user, unit = self._member(i)
                yield Attempt(quiz=quiz, user_id=user, unit=unit, tries=1, total=10, last_score=7 + i % 4,
                              best_score=7 + i % 4, last_answers={}, created_at=self.now, updated_at=self.now)

        self._insert("lượt thi (attempts)", Attempt, gen(), min(s.attempts, s.members))

    def reports(self):
        version = ensure_default_version()
        hq = self.personas["hq"]
        last = ReportPeriod.objects.create(
            kind=ReportPeriod.Kind.ANNUAL, year=2025, title="Báo cáo năm 2025", starts_on=dt.date(2025, 1, 1),
            ends_on=dt.date(2025, 12, 31), due_on=dt.date(2026, 1, 15), version=version, is_open=False, created_by=hq)
        current = ReportPeriod.objects.create(
            kind=ReportPeriod.Kind.ANNUAL, year=2026, title="Báo cáo năm 2026", starts_on=dt.date(2026, 1, 1),
            ends_on=dt.date(2026, 12, 31), due_on=dt.date(2026, 12, 15), version=version, is_open=True, created_by=hq)

        def gen():
            for period, statuses in ((last, ["accepted"] * 9 + ["submitted"]), (current, ["draft", "submitted", "accepted", "returned"])):
                for i, unit in enumerate(self.units_all):
                    status = statuses[i % len(statuses)]
                    yield UnitReport(unit=unit, period=period, version=version, status=status,
                                     submitted_at=None if status == "draft" else self.now - dt.timedelta(days=i % 20),
                                     is_late=(status != "draft" and i % 7 == 0), created_at=self.now, updated_at=self.now)

        self._insert("báo cáo (reports)", UnitReport, gen(), 2 * len(self.units_all))


def seed(size_name, *, progress=None):
    size = SIZES[size_name]
    with transaction.atomic():
        Seeder(size, progress=progress).run()
