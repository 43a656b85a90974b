"""Demo tree for ``seed_demo``: Công đoàn Công Thương Việt Nam, its upper-grassroots unions,
a few dozen grassroots unions and a few hundred members, plus the five demo accounts.

Member codes are numbered within each unit (``MAY10-00001``…), the demo accounts first.
"""

import datetime
import itertools
import random

from django.contrib.auth.hashers import make_password
from django.utils import timezone

from accounts.models import User

from .models import Level, Membership, Role, Union, UnitType

DEMO_PASSWORD = "demo1234"  # noqa: S105 - documented demo password, seed_demo refuses without DEBUG
ROOT_CODE = "CDCT"

UPPER_UNITS = [
    ("DMVN", "Công đoàn Tập đoàn Dệt May Việt Nam", "CĐ Dệt May VN", UnitType.STATE_ENTERPRISE, [
        ("MAY10", "Công đoàn Tổng Công ty May 10", UnitType.STATE_ENTERPRISE),
        ("VIETTIEN", "Công đoàn Tổng Công ty May Việt Tiến", UnitType.STATE_ENTERPRISE),
        ("DMNAMDINH", "Công đoàn Tổng Công ty Cổ phần Dệt May Nam Định", UnitType.STATE_ENTERPRISE),
        ("NHABE", "Công đoàn Tổng Công ty May Nhà Bè", UnitType.STATE_ENTERPRISE),
        ("PHONGPHU", "Công đoàn Tổng Công ty Cổ phần Phong Phú", UnitType.STATE_ENTERPRISE),
        ("HOAHUONG", "Công đoàn Công ty TNHH May Hoa Hướng Dương", UnitType.FDI_ENTERPRISE),
        ("MAYHUNGYEN", "Công đoàn Tổng Công ty May Hưng Yên", UnitType.PRIVATE_ENTERPRISE),
        ("DETKIMDONGXUAN", "Công đoàn Công ty TNHH Dệt Kim Đông Xuân", UnitType.PRIVATE_ENTERPRISE),
    ]),
    ("THEPVN", "Công đoàn Tổng Công ty Thép Việt Nam", "CĐ Thép VN", UnitType.STATE_ENTERPRISE, [
        ("TISCO", "Công đoàn Công ty Cổ phần Gang thép Thái Nguyên", UnitType.STATE_ENTERPRISE),
        ("THEPMIENNAM", "Công đoàn Công ty Thép Miền Nam", UnitType.STATE_ENTERPRISE),
        ("THEPDANANG", "Công đoàn Công ty Cổ phần Thép Đà Nẵng", UnitType.PRIVATE_ENTERPRISE),
        ("VICASA", "Công đoàn Công ty Cổ phần Thép Biên Hòa", UnitType.STATE_ENTERPRISE),
        ("THEPTAMDIEP", "Công đoàn Công ty Cổ phần Thép Tấm Điệp", UnitType.PRIVATE_ENTERPRISE),
    ]),
    ("HOACHAT", "Công đoàn Tập đoàn Hóa chất Việt Nam", "CĐ Hóa chất VN", UnitType.STATE_ENTERPRISE, [
        ("SUPEPHOTPHAT", "Công đoàn Công ty Cổ phần Supe Phốt phát và Hóa chất Lâm Thao", UnitType.STATE_ENTERPRISE),
        ("DAMHABAC", "Công đoàn Công ty TNHH MTV Phân đạm và Hóa chất Hà Bắc", UnitType.STATE_ENTERPRISE),
        ("CAOSUSAIGON", "Công đoàn Công ty Cổ phần Cao su Sài Gòn – Kymdan", UnitType.PRIVATE_ENTERPRISE),
        ("PINHANOI", "Công đoàn Công ty Cổ phần Pin Hà Nội", UnitType.STATE_ENTERPRISE),
        ("APATIT", "Công đoàn Công ty TNHH MTV Apatit Việt Nam", UnitType.STATE_ENTERPRISE),
        ("BOTGIAT", "Công đoàn Công ty Cổ phần Bột giặt và Hóa chất Đức Giang", UnitType.PRIVATE_ENTERPRISE),
    ]),
    ("GIAYVN", "Công đoàn Tổng Công ty Giấy Việt Nam", "CĐ Giấy VN", UnitType.STATE_ENTERPRISE, [
        ("GIAYBAIBANG", "Công đoàn Công ty Giấy Bãi Bằng", UnitType.STATE_ENTERPRISE),
        ("GIAYTANMAI", "Công đoàn Công ty Cổ phần Giấy Tân Mai", UnitType.PRIVATE_ENTERPRISE),
        ("NGUYENLIEUGIAY", "Công đoàn Công ty Nguyên liệu Giấy Miền Bắc", UnitType.STATE_ENTERPRISE),
    ]),
    ("VEAM", "Công đoàn Tổng Công ty Máy động lực và Máy nông nghiệp Việt Nam", "CĐ VEAM", UnitType.STATE_ENTERPRISE, [
        ("DIESELSONGCONG", "Công đoàn Công ty TNHH MTV Diesel Sông Công", UnitType.STATE_ENTERPRISE),
        ("MAYKEOVEAM", "Công đoàn Công ty Cổ phần Máy kéo và Máy nông nghiệp", UnitType.STATE_ENTERPRISE),
        ("HONDAVN", "Công đoàn Công ty Honda Việt Nam", UnitType.FDI_ENTERPRISE),
        ("TOYOTAVN", "Công đoàn Công ty Ô tô Toyota Việt Nam", UnitType.FDI_ENTERPRISE),
    ]),
    ("CQCDCT", "Công đoàn Cơ quan Bộ Công Thương", "CĐ Cơ quan Bộ", UnitType.PUBLIC_AGENCY, [
        ("VUKHCN", "Công đoàn Vụ Khoa học và Công nghệ", UnitType.PUBLIC_AGENCY),
        ("BAOCONGTHUONG", "Công đoàn Báo Công Thương", UnitType.PUBLIC_AGENCY),
        ("DHCONGNGHIEP", "Công đoàn Trường Đại học Công nghiệp Hà Nội", UnitType.PUBLIC_AGENCY),
        ("VIENNANGLUONG", "Công đoàn Viện Năng lượng", UnitType.PUBLIC_AGENCY),
    ]),
]

# Names are built from gendered pools: "Thị" is a woman's middle name and "Văn" a man's, so the
# given name must come from the same pool. Family names are weighted roughly as they occur.
FAMILY_NAMES = [
    ("Nguyễn", 38), ("Trần", 11), ("Lê", 9), ("Phạm", 7), ("Hoàng", 5), ("Huỳnh", 4), ("Phan", 4), ("Vũ", 4),
    ("Võ", 3), ("Đặng", 2), ("Bùi", 2), ("Đỗ", 2), ("Hồ", 2), ("Ngô", 2), ("Dương", 1), ("Lý", 1), ("Đinh", 1),
    ("Trịnh", 1), ("Mai", 1), ("Đào", 1),
]
MIDDLE_NAMES = {
    "male": [("Văn", 30), ("Đức", 8), ("Hữu", 6), ("Minh", 6), ("Quang", 5), ("Công", 5), ("Quốc", 4), ("Đình", 4),
             ("Mạnh", 3), ("Thành", 3), ("Trọng", 3), ("Xuân", 3), ("Tiến", 2), ("Duy", 2), ("Thế", 2), ("Thanh", 2)],
    "female": [("Thị", 40), ("Thu", 6), ("Ngọc", 6), ("Thanh", 5), ("Hồng", 4), ("Phương", 4), ("Kim", 3),
               ("Thùy", 3), ("Minh", 3), ("Bích", 2), ("Mỹ", 2), ("Hoài", 2), ("Diệu", 2), ("Hải", 2)],
}
GIVEN_NAMES = {
    "male": ["An", "Bình", "Cường", "Dũng", "Đạt", "Hải", "Hiếu", "Hòa", "Hùng", "Huy", "Khánh", "Khoa", "Kiên",
             "Lâm", "Long", "Nam", "Nghĩa", "Phong", "Phúc", "Quân", "Quang", "Sơn", "Tài", "Thắng", "Thành",
             "Thịnh", "Toàn", "Trung", "Tuấn", "Tùng", "Việt", "Vinh"],
    "female": ["Anh", "Chi", "Dung", "Giang", "Hà", "Hạnh", "Hằng", "Hiền", "Hoa", "Huệ", "Huyền", "Hương", "Lan",
               "Liên", "Linh", "Loan", "Mai", "Nga", "Ngân", "Nhung", "Oanh", "Phượng", "Quyên", "Quỳnh", "Thảo",
               "Thủy", "Trang", "Tuyết", "Vân", "Yến"],
}


def _pick(rng, weighted):
    names, weights = zip(*weighted, strict=True)
    return rng.choices(names, weights=weights)[0]


def vietnamese_name(rng, gender):
    """A full name whose middle and given names agree with ``gender`` ("male" or "female")."""
    family, middle = _pick(rng, FAMILY_NAMES), _pick(rng, MIDDLE_NAMES[gender])
    given = rng.choice([g for g in GIVEN_NAMES[gender] if g != middle])
    return f"{family} {middle} {given}"


def _joined_on(rng, today):
    """When a member joined: most before the 2018 Congress, some since (none in the last month)."""
    if rng.random() < 0.75:
        start, end = datetime.date(2008, 3, 1), datetime.date(2018, 6, 30)
    else:
        start, end = datetime.date(2018, 10, 1), today - datetime.timedelta(days=30)
    return start + datetime.timedelta(days=rng.randrange((end - start).days))


def _user(username, full_name, phone, email, password_hash, **extra):
    user = User(username=username, full_name=full_name, phone=phone, email=email, password=password_hash, **extra)
    user.save()
    return user


def seed(context, stdout=None):
    rng = random.Random(486)  # noqa: S311 - demo names, not security
    password_hash = make_password(DEMO_PASSWORD)
    since = datetime.date(2008, 1, 1)  # the units as recorded since the sector union was formed

    root = Union.objects.create(
        code=ROOT_CODE,
        name="Công đoàn Công Thương Việt Nam",
        short_name="CĐ Công Thương VN",
        level=Level.PROVINCE_SECTOR,
        unit_type=UnitType.UNION_BODY,
        valid_from=since,
    )
    grassroots = []
    uppers = {}
    for code, name, short, unit_type, children in UPPER_UNITS:
        upper = Union.objects.create(
            parent=root, code=code, name=name, short_name=short, level=Level.UPPER_GRASSROOTS,
            unit_type=UnitType.UNION_BODY if unit_type == UnitType.STATE_ENTERPRISE else unit_type,
            valid_from=since,
        )
        uppers[code] = upper
        for child_code, child_name, child_type in children:
            unit = Union.objects.create(
                parent=upper, code=child_code, name=child_name, level=Level.GRASSROOTS,
                unit_type=child_type, valid_from=since,
            )
            grassroots.append(unit)
    may10 = Union.objects.get(code="MAY10")
    for i, section in enumerate(["Xí nghiệp May 1", "Xí nghiệp May 2", "Phòng Kỹ thuật"], start=1):
        Union.objects.create(
            parent=may10, code=f"MAY10-BP{i}", name=f"Công đoàn bộ phận {section}",
            level=Level.BELOW_GRASSROOTS, unit_type=UnitType.STATE_ENTERPRISE, valid_from=since,
        )
    # A unit merged away in 2023: history stays, it is no longer current.
    Union.objects.create(
        parent=uppers["GIAYVN"], code="GIAYVIETTRI", name="Công đoàn Công ty Giấy Việt Trì",
        level=Level.GRASSROOTS, unit_type=UnitType.PRIVATE_ENTERPRISE, valid_from=since,
        valid_to=since.replace(year=2023, month=6, day=30), successor=Union.objects.get(code="GIAYBAIBANG"),
    )
    viettien = Union.objects.get(code="VIETTIEN")

    hq = _user("hq", "Nguyễn Thị Thu Hà", "0901000001", "hq@demo.congdoan.vn", password_hash, is_staff=True, is_superuser=True)
    upper_user = _user("upper", "Trần Văn Bình", "0901000002", "upper@demo.congdoan.vn", password_hash)
    officer = _user("officer", "Lê Thị Hồng Nhung", "0901000003", "officer@demo.congdoan.vn", password_hash)
    sibling = _user("sibling", "Phạm Quốc Hùng", "0901000004", "sibling@demo.congdoan.vn", password_hash)
    member = _user("member", "Hoàng Văn Nam", "0901000005", "member@demo.congdoan.vn", password_hash)
    Role.objects.create(user=hq, union=root, kind=Role.Kind.ADMIN)
    Role.objects.create(user=upper_user, union=uppers["DMVN"], kind=Role.Kind.OFFICER)
    Role.objects.create(user=upper_user, union=uppers["DMVN"], kind=Role.Kind.EDITOR)
    Role.objects.create(user=officer, union=may10, kind=Role.Kind.OFFICER)
    Role.objects.create(user=sibling, union=viettien, kind=Role.Kind.OFFICER)
    today = timezone.localdate()
    numbers = {}  # unit pk -> the unit's member numbers, 1, 2, 3…

    def member_code(unit):
        counter = numbers.setdefault(unit.pk, itertools.count(1))
        return f"{unit.code}-{next(counter):05d}"

    for user, unit, joined in (
        (officer, may10, datetime.date(2009, 8, 3)), (sibling, viettien, datetime.date(2011, 4, 18)),
        (member, may10, datetime.date(2016, 3, 1)), (upper_user, uppers["DMVN"], datetime.date(2006, 9, 12)),
    ):
        Membership.objects.create(user=user, union=unit, status=Membership.Status.ACTIVE, joined_on=joined,
                                  member_code=member_code(unit))

    # A few hundred members spread over the grassroots unions (more in the demo accounts' units).
    users, memberships, n = [], [], 0
    for unit in grassroots:
        count = 40 if unit in (may10, viettien) else rng.randint(6, 14)
        for _ in range(count):
            n += 1
            # Garment unions are mostly women, steel and machinery mostly men.
            women = 0.75 if unit.parent_id == uppers["DMVN"].pk else 0.3
            full_name = vietnamese_name(rng, "female" if rng.random() < women else "male")
            phone = f"09{n + 20000000:08d}"
            users.append(User(
                username=f"dv{n:05d}", full_name=full_name, phone=phone, password=password_hash,
            ).normalise())  # bulk_create skips save()
            memberships.append((unit, n, _joined_on(rng, today)))
    User.objects.bulk_create(users, batch_size=500)
    by_username = dict(User.objects.filter(username__startswith="dv").values_list("username", "pk"))
    Membership.objects.bulk_create(
        [
            Membership(user_id=by_username[f"dv{i:05d}"], union=unit, status=Membership.Status.ACTIVE,
                       joined_on=joined, member_code=member_code(unit))
            for unit, i, joined in memberships
        ],
        batch_size=500,
    )
    # Two registrations through the invite link, waiting for `officer`.
    for i, name in enumerate(["Đỗ Thị Mai Anh", "Vũ Đức Thắng"], start=1):
        pending = _user(f"dangky{i}", name, f"09880000{i:02d}", None, password_hash)
        Membership.objects.create(user=pending, union=may10)
    for unit in Union.objects.all():
        unit.ensure_invite_token()
        Union.objects.filter(pk=unit.pk).update(
            invite_token=unit.invite_token,
            member_count=Membership.objects.active().filter(union=unit).count(),
        )
    context.update({"root": root, "upper": uppers["DMVN"], "officer_unit": may10, "sibling_unit": viettien,
                    "users": {"hq": hq, "upper": upper_user, "officer": officer, "sibling": sibling, "member": member}})
    if stdout:
        stdout.write(f"Units: {Union.objects.count()}, members: {Membership.objects.active().count()}")
