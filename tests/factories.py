import factory
from django.utils import timezone

from accounts.models import User
from unions.models import Level, Membership, Role, Union, UnitType

PASSWORD = "demo1234"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    full_name = factory.Sequence(lambda n: f"Nguyễn Văn Thử {n}")
    phone = factory.Sequence(lambda n: f"09{n + 10000000:08d}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.org")

    @factory.post_generation
    def password(obj, create, extracted, **kwargs):
        obj.set_password(extracted or PASSWORD)
        if create:
            obj.save(update_fields=["password"])


class UnionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Union

    name = factory.Sequence(lambda n: f"Công đoàn Công ty Thử nghiệm {n}")
    code = factory.Sequence(lambda n: f"U{n:05d}")
    level = Level.GRASSROOTS
    unit_type = UnitType.OTHER


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    union = factory.SubFactory(UnionFactory)
    status = Membership.Status.ACTIVE
    joined_on = factory.LazyFunction(timezone.localdate)


class RoleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Role

    user = factory.SubFactory(UserFactory)
    union = factory.SubFactory(UnionFactory)
    kind = Role.Kind.OFFICER


# --- campaigns and contests (issue 4) -----------------------------------------------------------


class CampaignFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "campaigns.Campaign"

    unit = factory.SubFactory(UnionFactory)
    title = factory.Sequence(lambda n: f"Chiến dịch thử nghiệm {n}")
    slug = factory.Sequence(lambda n: f"chien-dich-{n}")
    summary = "Lan tỏa hình ảnh đẹp của đoàn viên, người lao động."
    starts_on = factory.LazyFunction(timezone.localdate)
    is_public = True


class ShareKitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "campaigns.ShareKit"

    audience = factory.SubFactory(UnionFactory)
    title = factory.Sequence(lambda n: f"Bộ chia sẻ {n}")
    caption = "Chào mừng Đại hội Công đoàn Việt Nam lần thứ XII!"
    hashtags = "#DaiHoiCongDoan #CongDoanVietNam"
    target_url = "https://www.facebook.com/congdoanvietnam/posts/123456789"


class LessonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "campaigns.Lesson"

    unit = factory.SubFactory(UnionFactory)
    title = factory.Sequence(lambda n: f"Bài học kiểm tra nguồn tin {n}")
    slug = factory.Sequence(lambda n: f"bai-hoc-{n}")
    body = "<p>Hãy kiểm tra nguồn tin trước khi chia sẻ.</p>"


class QuizFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "contests.Quiz"

    unit = factory.SubFactory(UnionFactory)
    title = factory.Sequence(lambda n: f"Trắc nghiệm {n}")
    slug = factory.Sequence(lambda n: f"trac-nghiem-{n}")
    pass_percent = 80


def quiz_with_questions(quiz, answers=(("Nguồn tin chính thống là gì?", ["Trang có dấu tích xanh của tổ chức", "Tin nhắn chuyển tiếp"]),
                                        ("Ảnh cũ có thể bị dùng lại?", ["Có", "Không"]))):
    """Add questions to ``quiz``; the first choice of each is the right one. Returns the questions."""
    from contests.models import Choice, Question

    questions = []
    for position, (text, choices) in enumerate(answers):
        question = Question.objects.create(quiz=quiz, text=text, position=position)
        for i, choice in enumerate(choices):
            Choice.objects.create(question=question, text=choice, is_correct=(i == 0), position=i)
        questions.append(question)
    return questions


# --- incidents (issue 12) -----------------------------------------------------------------------


class HotIssueFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "incidents.HotIssue"

    unit = factory.SubFactory(UnionFactory)
    assigned_unit = factory.SelfAttribute("unit")
    title = factory.Sequence(lambda n: f"Công nhân ngừng việc tập thể số {n}")
    kind = "work_stoppage"
    employer = "Công ty TNHH May mặc Thử nghiệm"
    province = "Bắc Ninh"
    workers_involved = 350
    started_at = factory.LazyFunction(timezone.now)
    severity = "high"
    description = "Người lao động ngừng việc, đề nghị tăng lương và trả thưởng Tết đúng hạn."
    reported_by = factory.SubFactory(UserFactory)
    ack_due_at = factory.LazyFunction(lambda: timezone.now() + timezone.timedelta(hours=12))


class MisinformationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "incidents.Misinformation"

    unit = factory.SubFactory(UnionFactory)
    source_url = factory.Sequence(lambda n: f"https://www.facebook.com/trang.la/posts/{1000 + n}")
    platform = "facebook"
    claim = "Công đoàn thu đoàn phí rồi không làm gì cho người lao động."
    rating = "false"
    reported_by = factory.SubFactory(UserFactory)
