"""Demo quizzes for ``seed_demo``: one quiz ending each "bộ lọc thông tin" lesson, a Congress XII
quiz on the campaign, and some members' attempts (passes record lesson completions)."""

import random
import secrets

from django.utils import timezone

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


def _quiz(*, unit, title, slug, questions, lesson=None, campaign=None, description=""):
    quiz = Quiz.objects.create(unit=unit, title=title, slug=slug, lesson=lesson, campaign=campaign,
                               description=description, pass_percent=80)
    for position, (text, choices) in enumerate(questions):
        question = Question.objects.create(quiz=quiz, text=text, position=position)
        Choice.objects.bulk_create(
            [Choice(question=question, text=c, is_correct=(i == 0), position=i) for i, c in enumerate(choices)]
        )
    return quiz


def seed(context, stdout=None):
    rng = random.Random(12)  # noqa: S311 - demo data
    root, campaign = context["root"], context["campaign"]
    quizzes = []
    for lesson in context["lessons"]:
        quizzes.append(_quiz(unit=root, lesson=lesson, title=f"Trắc nghiệm: {lesson.title}", slug=f"{lesson.slug}-trac-nghiem",
                             questions=QUESTIONS.get(lesson.slug, QUESTIONS["kiem-tra-nguon-tin"]),
                             description="Trả lời đúng từ 80% số câu để hoàn thành bài học."))
    _quiz(unit=root, campaign=campaign, title="Tìm hiểu Đại hội XII Công đoàn Việt Nam", slug="tim-hieu-dai-hoi-xii",
          description="Mỗi đoàn viên làm bài một lần.",
          questions=[("Đại hội XII Công đoàn Việt Nam thuộc nhiệm kỳ nào?", ["2018–2023", "2013–2018", "2023–2028"])])
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
    Attempt.objects.bulk_create(attempts)
    LessonCompletion.objects.bulk_create(completions)
    if stdout:
        stdout.write(f"Quizzes: {len(quizzes) + 1}; attempts {len(attempts)}, lesson completions {len(completions)}")
