"""Demo quizzes for ``seed_demo``: one quiz ending each "bộ lọc thông tin" lesson, the Congress XII
quiz of 2018 (closed), a labour-law quiz of the Tết campaign (open until Tết), and members'
attempts (passes record lesson completions)."""

import datetime
import random
import secrets

from django.utils import timezone

from campaigns.demo import at
from campaigns.models import LessonCompletion

from .models import Attempt, Choice, Question, Quiz

QUESTIONS = {
    "kiem-tra-nguon-tin": [
        ("Nguồn tin nào đáng tin cậy nhất về Đại hội Công đoàn?",
         ["Fanpage chính thức của Công đoàn Việt Nam", "Một trang mới lập có tên gần giống", "Tin nhắn chuyển tiếp"]),
        ("Dấu hiệu của trang giả mạo là gì?", ["Mới lập, tên na ná trang chính thức", "Có nhiều năm hoạt động"]),
    ],
    "kiem-tra-thoi-diem": [
        ("Trước khi chia sẻ một tin 'nóng', bạn cần xem gì?", ["Ngày đăng gốc của tin", "Số lượt thích"]),
        ("Tin cũ đăng lại có thể gây hại không?", ["Có, vì gây hiểu nhầm về tình hình hiện tại", "Không"]),
    ],
    "anh-bi-chinh-sua": [
        ("Cách kiểm tra ảnh có bị dùng lại?", ["Tìm kiếm bằng hình ảnh để tìm ảnh gốc", "Phóng to ảnh"]),
        ("Khi nghi ngờ ảnh bị cắt ghép, bạn nên làm gì?", ["Không chia sẻ và báo cán bộ công đoàn", "Chia sẻ ngay"]),
    ],
}


CONGRESS_QUESTIONS = [
    ("Đại hội XII Công đoàn Việt Nam thuộc nhiệm kỳ nào?", ["2018–2023", "2013–2018", "2023–2028"]),
    ("Đại hội XII Công đoàn Việt Nam họp ở đâu, vào thời gian nào?",
     ["Thủ đô Hà Nội, từ ngày 24 đến 26/9/2018", "TP. Hồ Chí Minh, tháng 10/2018", "Đà Nẵng, tháng 8/2018"]),
]
TET_QUESTIONS = [
    ("Theo Bộ luật Lao động năm 2019, người lao động được nghỉ Tết Âm lịch bao nhiêu ngày hưởng nguyên lương?",
     ["05 ngày", "03 ngày", "07 ngày"]),
    ("Làm thêm giờ vào ngày nghỉ Tết, người lao động được trả ít nhất bao nhiêu?",
     ["300% tiền lương, chưa kể tiền lương của ngày nghỉ Tết", "150% tiền lương", "200% tiền lương"]),
    ("Ai quyết định quy chế thưởng trong doanh nghiệp?",
     ["Người sử dụng lao động, sau khi tham khảo ý kiến tổ chức đại diện người lao động tại cơ sở",
      "Công đoàn cấp trên trực tiếp cơ sở", "Từng người lao động tự thỏa thuận"]),
    ("Phương châm của Chương trình “Tết Sum vầy” là gì?",
     ["Tất cả đoàn viên, người lao động đều có Tết", "Tết vui, Tết khỏe, Tết an toàn", "Mỗi nhà một cành mai"]),
]


def _quiz(*, unit, title, slug, questions, lesson=None, campaign=None, description="", **extra):
    quiz = Quiz.objects.create(unit=unit, title=title, slug=slug, lesson=lesson, campaign=campaign,
                               description=description, pass_percent=80, **extra)
    for position, (text, choices) in enumerate(questions):
        question = Question.objects.create(quiz=quiz, text=text, position=position)
        Choice.objects.bulk_create(
            [Choice(question=question, text=c, is_correct=(i == 0), position=i) for i, c in enumerate(choices)]
        )
    return quiz


def seed(context, stdout=None):
    rng = random.Random(12)  # noqa: S311 - demo data
    root = context["root"]
    quizzes = []
    for lesson in context["lessons"]:
        quizzes.append(_quiz(unit=root, lesson=lesson, title=f"Trắc nghiệm: {lesson.title}", slug=f"{lesson.slug}-trac-nghiem",
                             questions=QUESTIONS.get(lesson.slug, QUESTIONS["kiem-tra-nguon-tin"]),
                             description="Trả lời đúng từ 80% số câu để hoàn thành bài học."))
    now = timezone.now()
    attempts, completions = [], []
    totals = {quiz.pk: quiz.questions.count() for quiz in quizzes}
    for m in context["lesson_members"]:
        for quiz in quizzes:
            if rng.random() < 0.4:
                continue
            passed = rng.random() < 0.75
            total = totals[quiz.pk]
            attempts.append(Attempt(quiz=quiz, user=m.user, unit=m.union, tries=rng.randint(1, 3), total=total,
                                    last_score=total if passed else 0, best_score=total if passed else 0,
                                    passed_at=now if passed else None))
            if passed:
                completions.append(LessonCompletion(lesson=quiz.lesson, user=m.user, unit=m.union, score_percent=100,
                                                    certificate_code=secrets.token_hex(5).upper()))

    campaigns = context.get("campaigns", {})
    congress = _quiz(
        unit=root, campaign=campaigns.get("congress"), title="Tìm hiểu Đại hội XII Công đoàn Việt Nam",
        slug="tim-hieu-dai-hoi-xii", questions=CONGRESS_QUESTIONS, max_tries=1,
        opens_at=at(datetime.date(2018, 9, 20), 8), closes_at=at(datetime.date(2018, 9, 30), 17),
        description="Mỗi đoàn viên làm bài một lần. Cuộc thi đã kết thúc ngày 30/9/2018.",
    )
    Quiz.objects.filter(pk=congress.pk).update(created_at=at(datetime.date(2018, 9, 19), 15))
    for n, m in enumerate(context.get("veterans", [])[:20]):
        score = 2 if n % 4 else 1
        attempts.append(Attempt(quiz=congress, user=m.user, unit=m.union, tries=1, total=2, last_score=score,
                                best_score=score, passed_at=at(datetime.date(2018, 9, 21 + n % 9), 20) if score == 2 else None))
    season = context.get("tet_season")
    if season:
        tet = _quiz(
            unit=root, campaign=campaigns.get("tet"), slug=f"phap-luat-lao-dong-tet-{season['year']}",
            title=f"Tìm hiểu pháp luật về nghỉ Tết, tiền lương và thưởng Tết {season['lunar']}",
            questions=TET_QUESTIONS, max_tries=2,
            opens_at=at(season["starts_on"], 8), closes_at=at(season["tet"] - datetime.timedelta(days=7), 17),
            description="Mỗi đoàn viên làm bài tối đa 2 lần, tính kết quả cao nhất. Trả lời đúng từ 80% số câu "
                        "là đạt; kết quả được công bố trên trang của Công đoàn Công Thương Việt Nam.",
        )
        for n, m in enumerate(context["lesson_members"][:18]):
            score = 4 if n % 3 else 3
            attempts.append(Attempt(quiz=tet, user=m.user, unit=m.union, tries=1 + n % 2, total=4, last_score=score,
                                    best_score=score, passed_at=now if score == 4 else None))
    Attempt.objects.bulk_create(attempts)
    LessonCompletion.objects.bulk_create(completions)
    if stdout:
        stdout.write(f"Quizzes: {Quiz.objects.count()}; attempts {len(attempts)}, lesson completions {len(completions)}")
