import datetime as dt

from django.utils import timezone

from contests import services
from contests.models import Contest, ContestChoice, ContestQuestion, Prize

QUESTIONS = [
    ("Đại hội XIII Công đoàn Việt Nam diễn ra vào năm nào?", ["2023", "2018", "2028"]),
    ("Nhiệm kỳ của Đại hội XIII là?", ["2023–2028", "2018–2023", "2028–2033"]),
    ("Đại hội XIII họp ở đâu?", ["Hà Nội", "Đà Nẵng", "Huế"]),
    ("Ngày truyền thống Công đoàn Việt Nam?", ["28/7", "1/5", "2/9"]),
    ("Tổ chức đại diện người lao động tại cơ sở là?", ["Công đoàn cơ sở", "Ban giám đốc", "Phòng nhân sự"]),
    ("Luật Công đoàn mới nhất được thông qua năm nào?", ["2024", "2012", "2019"]),
]


def quiz_contest(unit, *, user, slug="thi-dai-hoi", n=4, questions=QUESTIONS, seconds=600, max_attempts=1, prizes=True,
                 method=Contest.Method.SCORE_TIME, starts=None, ends=None, publish=True, is_public=False):
    now = timezone.now()
    contest = Contest.objects.create(
        kind=Contest.Kind.QUIZ, unit=unit, eligible_unit=unit, title="Tìm hiểu Đại hội XIII Công đoàn Việt Nam",
        slug=slug, starts_at=starts or now - dt.timedelta(hours=1), ends_at=ends or now + dt.timedelta(days=3),
        questions_per_attempt=n, time_limit_seconds=seconds, max_attempts=max_attempts, winner_method=method,
        pass_percent=50, is_public=is_public,
    )
    contest.rules_versions.create(version=1, body="Mỗi đoàn viên làm bài một lần, 4 câu trong 10 phút.")
    for i, (text, choices) in enumerate(questions):
        q = ContestQuestion.objects.create(contest=contest, text=text, position=i, explanation=f"Giải thích {i}")
        ContestChoice.objects.bulk_create(
            [ContestChoice(question=q, text=c, is_correct=(j == 0), position=j) for j, c in enumerate(choices)]
        )
    if prizes:
        Prize.objects.create(contest=contest, position=1, name="Giải Nhất", quantity=1, value=5_000_000)
        Prize.objects.create(contest=contest, position=2, name="Giải Khuyến khích", quantity=2, value=500_000)
    if publish:
        services.contest_publish(contest=contest, user=user)
        contest.refresh_from_db()
    return contest


def right_answers(attempt):
    correct = dict(ContestChoice.objects.filter(question_id__in=[i["q"] for i in attempt.paper], is_correct=True)
                   .values_list("question_id", "pk"))
    return {item["q"]: correct[item["q"]] for item in attempt.paper}
