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
        description="Mỗi đoàn viên làm bài một lần (cổng không nhận lần làm thứ hai). "
                    "Cuộc thi đã kết thúc ngày 30/9/2018.",
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
    seed_contests(context, stdout=stdout)


# --- Prize contests (issue 10) -----------------------------------------------------------------

CONGRESS_XIII_QUESTIONS = [
    ("Đại hội XIII Công đoàn Việt Nam diễn ra vào thời gian nào?",
     ["Từ ngày 01 đến 03/12/2023", "Từ ngày 24 đến 26/9/2018", "Từ ngày 28 đến 30/7/2023"],
     "Đại hội XIII Công đoàn Việt Nam họp tại Hà Nội từ ngày 01 đến 03/12/2023."),
    ("Nhiệm kỳ của Đại hội XIII Công đoàn Việt Nam là?", ["2023–2028", "2018–2023", "2024–2029"], ""),
    ("Chủ đề Đại hội XIII Công đoàn Việt Nam có cụm từ nào?",
     ["Đổi mới tổ chức và hoạt động công đoàn", "Tăng tốc, bứt phá", "Kỷ cương, trách nhiệm"], ""),
    ("Ngày truyền thống Công đoàn Việt Nam là ngày nào?", ["28/7", "1/5", "20/10"],
     "Ngày 28/7/1929, Tổng Công hội Đỏ Bắc Kỳ được thành lập."),
    ("Luật Công đoàn (sửa đổi) gần đây nhất được Quốc hội thông qua năm nào?", ["2024", "2012", "2019"], ""),
    ("Theo Luật Công đoàn năm 2024, Luật có hiệu lực từ ngày nào?", ["01/7/2025", "01/01/2025", "01/7/2024"], ""),
    ("Tổ chức đại diện người lao động tại cơ sở thuộc hệ thống công đoàn là?",
     ["Công đoàn cơ sở", "Ban giám đốc doanh nghiệp", "Phòng hành chính – nhân sự"], ""),
    ("Kinh phí công đoàn do người sử dụng lao động đóng bằng bao nhiêu phần trăm quỹ lương đóng bảo hiểm xã hội?",
     ["2%", "1%", "3%"], ""),
    ("Đoàn viên công đoàn đóng đoàn phí hằng tháng tối đa bao nhiêu?",
     ["1% tiền lương, tối đa 10% mức lương cơ sở", "2% tiền lương", "Không giới hạn"], ""),
    ("Ai có quyền gia nhập Công đoàn Việt Nam theo Luật Công đoàn năm 2024?",
     ["Người lao động Việt Nam, kể cả người làm việc không có quan hệ lao động", "Chỉ công chức, viên chức",
      "Chỉ người lao động ở doanh nghiệp nhà nước"], ""),
    ("Tháng Công nhân hằng năm là tháng mấy?", ["Tháng 5", "Tháng 7", "Tháng 12"], ""),
    ("Chương trình chăm lo Tết cho đoàn viên, người lao động có tên là?",
     ["Tết Sum vầy", "Xuân yêu thương", "Tết an toàn"], ""),
]

PHOTO_ENTRIES = [
    ("Nguyễn Thị Thanh Hương", "Ca đêm ở xưởng may số 3"),
    ("Trần Văn Đức", "Bữa cơm ca nghĩa tình"),
    ("Lê Thị Ngọc Ánh", "Những đôi tay chuyền may"),
    ("Phạm Minh Tuấn", "Giờ giải lao bên máy khâu"),
    ("Đỗ Thị Hồng Nhung", "Nụ cười công nhân mùa Tết"),
    ("Vũ Thị Lan", "Xe đưa đón công nhân lúc bình minh"),
]


def _contest(*, unit, title, slug, kind, method, starts_at, ends_at, rules, created_by, **extra):
    from contests import draw as draw_algo

    from .models import Contest, ContestRules

    seed = draw_algo.new_seed()
    contest = Contest.objects.create(unit=unit, eligible_unit=unit, title=title, slug=slug, kind=kind,
                                     winner_method=method, starts_at=starts_at, ends_at=ends_at, seed=seed,
                                     seed_hash=draw_algo.commitment(seed), status=Contest.Status.PUBLISHED,
                                     published_at=starts_at, created_by=created_by, **extra)
    ContestRules.objects.create(contest=contest, version=1, body=rules, created_by=created_by)
    Contest.objects.filter(pk=contest.pk).update(created_at=starts_at - datetime.timedelta(days=2))
    return contest


def _question_bank(contest, rows):
    """``rows`` of (question, choices with the right one first, explanation) into ``contest``'s bank."""
    from .models import ContestChoice, ContestQuestion

    for i, (text, choices, explanation) in enumerate(rows):
        question = ContestQuestion.objects.create(contest=contest, text=text, explanation=explanation, position=i)
        ContestChoice.objects.bulk_create([ContestChoice(question=question, text=c, is_correct=(j == 0), position=j)
                                           for j, c in enumerate(choices)])


def seed_contests(context, stdout=None):
    from contests import services
    from submissions.models import Kind, Status, Submission

    from .models import Contest, ContestAttempt, ContestChoice, ContestEntry, ContestVote, Prize

    rng = random.Random(10)  # noqa: S311 - demo data
    root, may10 = context["root"], context["officer_unit"]
    users = context["users"]
    today = timezone.localdate()

    # 1. The open Congress quiz with VND prizes (Công đoàn Công Thương Việt Nam, whole sector).
    quiz = _contest(
        unit=root, title="Tìm hiểu Đại hội XIII Công đoàn Việt Nam và Luật Công đoàn năm 2024",
        slug="tim-hieu-dai-hoi-xiii", kind=Contest.Kind.QUIZ, method=Contest.Method.SCORE_TIME,
        starts_at=at(today - datetime.timedelta(days=6), 8), ends_at=at(today + datetime.timedelta(days=13), 17),
        questions_per_attempt=10, time_limit_seconds=15 * 60, max_attempts=1, created_by=users["hq"],
        campaign=context.get("campaigns", {}).get("congress"),
        summary="10 câu hỏi trong 15 phút; mỗi đoàn viên dự thi một lần. Tổng giá trị giải 26.000.000 đồng.",
        rules="Số: 12/TL-BTC\n\nI. ĐỐI TƯỢNG DỰ THI\nĐoàn viên công đoàn các cấp thuộc Công đoàn Công Thương Việt Nam "
              "(trừ thành viên Ban Tổ chức).\n\nII. NỘI DUNG\nKết quả Đại hội XIII Công đoàn Việt Nam và Luật Công đoàn "
              "năm 2024.\n\nIII. HÌNH THỨC, THỜI GIAN, CƠ CẤU GIẢI THƯỞNG\nMỗi lượt thi gồm 10 câu rút ngẫu nhiên từ "
              "ngân hàng câu hỏi, làm trong 15 phút; mỗi đoàn viên dự thi một lần. Giải thưởng xếp theo số câu đúng, "
              "bằng nhau thì ai làm nhanh hơn xếp trên, tiếp đó ai nộp bài sớm hơn.",
    )
    _question_bank(quiz, CONGRESS_XIII_QUESTIONS)
    Prize.objects.bulk_create([
        Prize(contest=quiz, position=1, name="Giải Nhất", quantity=1, value=5_000_000),
        Prize(contest=quiz, position=2, name="Giải Nhì", quantity=2, value=3_000_000),
        Prize(contest=quiz, position=3, name="Giải Ba", quantity=3, value=2_000_000),
        Prize(contest=quiz, position=4, name="Giải Khuyến khích", quantity=18, value=500_000),
    ])
    players = [m for m in context.get("lesson_members", [])][:16]
    for n, m in enumerate(players):
        attempt = services.attempt_start(contest=quiz, user=m.user, unit=m.union)
        correct = dict(ContestChoice.objects.filter(question_id__in=[i["q"] for i in attempt.paper], is_correct=True)
                       .values_list("question_id", "pk"))
        answers = {i["q"]: (correct[i["q"]] if rng.random() < 0.8 else i["c"][-1]) for i in attempt.paper}
        services.attempt_submit(attempt=attempt, user=m.user, answers=answers)
        started = at(today - datetime.timedelta(days=n % 6), 19, 5 + n)
        took = datetime.timedelta(seconds=240 + rng.randint(0, 500), milliseconds=rng.randint(0, 999))
        ContestAttempt.objects.filter(pk=attempt.pk).update(
            started_at=started, deadline_at=started + datetime.timedelta(minutes=15), submitted_at=started + took,
            duration_ms=int(took.total_seconds() * 1000))

    # 2. The closed photo contest of May 10, with votes, a published draw and its winners.
    officer = users["officer"]
    photo = _contest(
        unit=may10, title="Ảnh đẹp “Nét đẹp lao động May 10” năm 2026", slug="anh-dep-lao-dong-may-10-2026",
        kind=Contest.Kind.ENTRY, method=Contest.Method.DRAW, entry_kind=Contest.EntryKind.PHOTO,
        vote_scope=Contest.VoteScope.PER_CONTEST, created_by=officer,
        starts_at=at(datetime.date(today.year, 10, 1), 8), ends_at=at(datetime.date(today.year, 11, 15), 17),
        summary="Bộ ảnh về lao động và đời sống công nhân May 10; quay số 3 giải trong các bộ ảnh được duyệt đăng.",
        rules="Số: 05/TL-BTC\n\nI. ĐỐI TƯỢNG DỰ THI\nĐoàn viên Công đoàn Tổng Công ty May 10 (trừ Ban Tổ chức).\n\n"
              "II. NỘI DUNG\nẢnh chụp lao động, sản xuất và đời sống công nhân.\n\nIII. HÌNH THỨC, CƠ CẤU GIẢI THƯỞNG\n"
              "Mỗi đoàn viên gửi một bộ ảnh qua cổng; bộ ảnh được duyệt đăng là hợp lệ. Ban Tổ chức quay số 3 giải "
              "trong các bài hợp lệ bằng khóa bí mật đã công bố mã SHA-256 từ trước; đoàn viên bình chọn để chọn "
              "bài được giới thiệu trên trang Công đoàn.",
    )
    Prize.objects.bulk_create([
        Prize(contest=photo, position=1, name="Giải Nhất", quantity=1, value=2_000_000),
        Prize(contest=photo, position=2, name="Giải Nhì", quantity=2, value=1_000_000),
    ])
    from unions.models import Membership

    authors = list(Membership.objects.active().filter(union=may10).exclude(user__in=users.values())
                   .select_related("user")[:len(PHOTO_ENTRIES) + len(STORY_ENTRIES)])
    entries = []
    for (_name, title), m in zip(PHOTO_ENTRIES, authors, strict=False):
        moment = at(datetime.date(today.year, 10, 5 + len(entries) * 4), 20)
        sub = Submission.objects.create(
            author=m.user, unit=may10, current_unit=may10, published_unit=may10, kind=Kind.PHOTO_SET, title=title,
            body=f"<p>{title} — ảnh dự thi “Nét đẹp lao động May 10” năm {today.year}.</p>", status=Status.PUBLISHED,
            consent_publication=True, consent_people=True, consent_at=moment, submitted_at=moment,
            waiting_since=moment, published_at=moment + datetime.timedelta(days=1),
        )
        entry = ContestEntry.objects.create(contest=photo, user=m.user, unit=may10, submission=sub,
                                            rules=photo.rules_versions.first())
        ContestEntry.objects.filter(pk=entry.pk).update(created_at=moment)
        entries.append(entry)
    voters = [m.user for m in Membership.objects.active().filter(union=may10).exclude(
        user__in=[e.user for e in entries]).select_related("user")[:30]]
    ContestVote.objects.bulk_create([
        ContestVote(contest=photo, entry=entries[rng.randrange(len(entries))], voter=v, slot=0) for v in voters
    ] if entries else [])
    Contest.objects.filter(pk=photo.pk).update(ends_at=at(datetime.date(today.year, 11, 15), 17))
    photo.refresh_from_db()
    if photo.may_draw() and entries:
        services.winners_choose(contest=photo, user=officer)
    _seed_live_round(context, rng)


    _seed_story_contest(context, authors=authors[len(PHOTO_ENTRIES):])
    if stdout:
        stdout.write(f"Prize contests: {Contest.objects.count()}; attempts {ContestAttempt.objects.count()}, "
                     f"entries {ContestEntry.objects.count()}")


def _seed_live_round(context, rng):
    """"Rung chuông vàng" of May 10, played live at yesterday afternoon's workers' conference: the
    officer showed the questions on the hall's screen, eight members answered on their phones; the
    round's final scoreboard stays on the live page, and the officer may open another round."""
    from contests import services
    from unions.models import Membership

    from .models import Contest, ContestAttempt, ContestChoice, LiveRound, Prize

    may10, users = context["officer_unit"], context["users"]
    officer = users["officer"]
    today = timezone.localdate()
    contest = _contest(
        unit=may10, title="Rung chuông vàng: Tìm hiểu Luật Công đoàn năm 2024", slug="rung-chuong-vang-may-10",
        kind=Contest.Kind.QUIZ, method=Contest.Method.SCORE_TIME, created_by=officer,
        starts_at=at(today - datetime.timedelta(days=3), 7), ends_at=at(today + datetime.timedelta(days=10), 17),
        questions_per_attempt=5, time_limit_seconds=5 * 60, max_attempts=1,
        summary="Chơi trực tiếp tại các hội nghị của Công đoàn May 10: câu hỏi hiện trên màn hình lớn, đoàn viên "
                "trả lời trên điện thoại; ai không dự hội nghị làm bài trên cổng.",
        rules="Số: 09/TL-BTC\n\nI. ĐỐI TƯỢNG DỰ THI\nĐoàn viên Công đoàn Tổng Công ty May 10 (trừ Ban Tổ chức).\n\n"
              "II. NỘI DUNG\nLuật Công đoàn năm 2024 và kết quả Đại hội XIII Công đoàn Việt Nam.\n\n"
              "III. HÌNH THỨC, CƠ CẤU GIẢI THƯỞNG\nMỗi vòng 5 câu, mỗi câu 20 giây, chơi trực tiếp tại hội nghị hoặc "
              "làm trên cổng; mỗi đoàn viên dự thi một lần. Xếp giải theo số câu đúng, bằng nhau thì ai trả lời "
              "nhanh hơn xếp trên.",
    )
    _question_bank(contest, CONGRESS_XIII_QUESTIONS[3:])
    Prize.objects.bulk_create([
        Prize(contest=contest, position=1, name="Giải Nhất", quantity=1, value=1_000_000),
        Prize(contest=contest, position=2, name="Giải Nhì", quantity=2, value=500_000),
    ])
    players = [m for m in Membership.objects.active().filter(union=may10).exclude(user__in=users.values())
               .select_related("user").order_by("-pk")[:8]]
    meeting = at(today - datetime.timedelta(days=1), 14, 30)
    live = services.live_round_open(contest=contest, user=officer)
    moment = meeting
    for _question in range(live.question_count):
        live = services.live_round_advance(live_round=live, user=officer, step=live.step, now=moment)
        right = ContestChoice.objects.get(question_id=live.current["q"], is_correct=True).pk
        for m in players:
            choice = right if rng.random() < 0.75 else next(c for c in live.current["c"] if c != right)
            services.live_answer(live_round=live, user=m.user, unit=may10, choice_id=choice, step=live.step,
                                 now=moment + datetime.timedelta(seconds=rng.randint(3, 18), milliseconds=rng.randint(0, 999)))
        moment += datetime.timedelta(seconds=20)
        live = services.live_round_advance(live_round=live, user=officer, step=live.step, now=moment)
        moment += datetime.timedelta(seconds=40)
    live = services.live_round_advance(live_round=live, user=officer, step=live.step, now=moment)
    LiveRound.objects.filter(pk=live.pk).update(created_at=meeting - datetime.timedelta(minutes=5))
    ContestAttempt.objects.filter(contest=contest).update(started_at=meeting)


STORY_ENTRIES = [
    ("Chị Hạnh tổ cắt – mười năm kèm cặp thợ mới",
     "Mười năm làm tổ trưởng tổ cắt, chị Hạnh đã kèm cặp hơn 60 công nhân mới vào nghề, không nhận thù lao."),
    ("Anh Dũng sửa máy miễn phí cho bà con khu trọ",
     "Ngoài giờ làm, anh Dũng sửa quạt, bếp điện miễn phí cho công nhân ở khu trọ Sài Đồng."),
    ("Quỹ “Bát cơm ca” của tổ hoàn thiện",
     "Tổ hoàn thiện góp mỗi tháng một ngày lương cho quỹ giúp đồng nghiệp ốm đau, khó khăn."),
]


def _seed_story_contest(context, *, authors):
    """3. An open story contest of May 10, entered through the submission form: one story already
    approved (so an entry), two waiting in the review queue with “Bài dự thi: …” beside them."""
    from submissions import services as submission_services
    from submissions.models import Decision, Kind

    from .models import Contest, Prize

    may10, officer = context["officer_unit"], context["users"]["officer"]
    today = timezone.localdate()
    contest = _contest(
        unit=may10, title="Gương người tốt, việc tốt May 10 đón Tết", slug="guong-nguoi-tot-may-10",
        kind=Contest.Kind.ENTRY, method=Contest.Method.JURY, entry_kind=Contest.EntryKind.STORY,
        jury_criteria="Nội dung, ý nghĩa\nCách viết, hình ảnh", created_by=officer,
        starts_at=at(today - datetime.timedelta(days=3), 8), ends_at=at(today + datetime.timedelta(days=20), 17),
        summary="Kể về một đồng nghiệp tốt bụng, sáng tạo: gửi bài qua mẫu gửi bài, chọn cuộc thi này.",
        rules="Số: 07/TL-BTC\n\nI. ĐỐI TƯỢNG DỰ THI\nĐoàn viên Công đoàn Tổng Công ty May 10 (trừ Ban Tổ chức).\n\n"
              "II. NỘI DUNG\nBài viết về gương người tốt, việc tốt, cách làm sáng tạo trong Tổng Công ty.\n\n"
              "III. HÌNH THỨC, CƠ CẤU GIẢI THƯỞNG\nMỗi đoàn viên gửi một bài qua cổng, chọn cuộc thi trong mẫu gửi "
              "bài; bài được duyệt đăng là bài dự thi hợp lệ. Ban giám khảo chấm theo hai tiêu chí.",
    )
    Prize.objects.bulk_create([
        Prize(contest=contest, position=1, name="Giải Nhất", quantity=1, value=1_500_000),
        Prize(contest=contest, position=2, name="Giải Khuyến khích", quantity=3, value=300_000),
    ])
    for n, ((title, text), m) in enumerate(zip(STORY_ENTRIES, authors, strict=False)):
        item = submission_services.submission_create(
            author=m.user, unit=may10, kind=Kind.GOOD_DEED, title=title, body=f"<p>{text}</p>",
            consent_publication=True, consent_people=True, submit=True,
            extensions={"contest_entry": {"contest": contest.slug}},
        )
        if n == 0:
            submission_services.submission_decide(submission=item, reviewer=officer, decision=Decision.PUBLISH)
