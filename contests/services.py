"""Writes for the quiz engine: keyword-only, atomic, audit row inside."""

from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.services import audit_record
from campaigns.services import lesson_complete
from core.errors import ServiceError

from .models import Attempt


@dataclass
class QuizResult:
    attempt: Attempt
    score: int
    total: int
    passed: bool
    lesson_completed: bool = False


def _attempt_locked(quiz, user, unit):
    try:
        with transaction.atomic():
            Attempt.objects.get_or_create(quiz=quiz, user=user, defaults={"unit": unit})
    except IntegrityError:  # created by a concurrent request: fine, lock it below
        pass
    return Attempt.objects.select_for_update().select_related("quiz").get(quiz=quiz, user=user)


@transaction.atomic
def quiz_submit(*, quiz, user, answers, unit=None):
    """Score one try. ``answers`` maps question id → chosen choice id.

    Updates the member's single attempt row (tries, last and best score, first pass). Passing a
    lesson's quiz records the lesson's completion through ``campaigns.services.lesson_complete``,
    which counts it once however often the member passes.
    """
    if not quiz.is_open():
        raise ServiceError(_("Bài trắc nghiệm này hiện không nhận bài làm."))
    attempt = _attempt_locked(quiz, user, unit)
    if not attempt.may_try_again():
        raise ServiceError(_("Bạn đã dùng hết số lần làm bài cho phép."))
    questions = list(quiz.questions.prefetch_related("choices"))
    score, review = 0, {}
    for question in questions:
        chosen = answers.get(question.pk)
        correct_ids = {c.pk for c in question.choices.all() if c.is_correct}
        valid_ids = {c.pk for c in question.choices.all()}
        ok = chosen in valid_ids and chosen in correct_ids
        score += ok
        review[str(question.pk)] = {"choice": chosen if chosen in valid_ids else None, "ok": ok}
    total = len(questions)
    passed = quiz.passes(score, total)
    now = timezone.now()
    attempt.tries += 1
    attempt.total = total
    attempt.last_score = score
    attempt.best_score = max(attempt.best_score, score)
    attempt.last_answers = review
    if unit is not None and attempt.unit_id is None:
        attempt.unit = unit
    if passed and attempt.passed_at is None:
        attempt.passed_at = now
    attempt.save()
    audit_record(actor=user, verb="quiz.submitted", obj=attempt, unit=unit,
                 data={"quiz": quiz.pk, "score": score, "total": total, "passed": passed})
    completed = False
    if passed and quiz.lesson_id:
        _completion, completed = lesson_complete(
            lesson=quiz.lesson, user=user, unit=unit, score_percent=round(100 * score / total)
        )
    return QuizResult(attempt=attempt, score=score, total=total, passed=passed, lesson_completed=completed)


# --- Contests (issue 10) ---------------------------------------------------------------------

import csv  # noqa: E402
import datetime as dt  # noqa: E402
import io  # noqa: E402
import random  # noqa: E402

from django.db.models import Count, Sum  # noqa: E402

from unions.scope import scope_for  # noqa: E402

from . import draw as draw_algo  # noqa: E402
from .models import (  # noqa: E402
    Contest,
    ContestAttempt,
    ContestChoice,
    ContestEntry,
    ContestQuestion,
    ContestRules,
    ContestVote,
    Draw,
    JuryScore,
    Prize,
    PrizeHandover,
    Quiz,
    Winner,
)

RESERVED_SLUGS = {"new", "manage", "points"}
ENTRY_KINDS = {
    Contest.EntryKind.STORY: {"good_deed", "creative", "worker_life", "union_activity", "article"},
    Contest.EntryKind.PHOTO: {"photo_set"},
    Contest.EntryKind.VIDEO: {"video"},
}
CONTEST_FIELDS = ("kind", "unit", "eligible_unit", "campaign", "title", "slug", "summary", "starts_at", "ends_at",
                  "is_public", "winner_method", "questions_per_attempt", "time_limit_seconds", "max_attempts",
                  "pass_percent", "entry_kind", "vote_scope", "jury_criteria")


def _check_contest_fields(*, user, values, contest=None):
    scope = scope_for(user)
    unit, eligible = values.get("unit"), values.get("eligible_unit")
    if unit is None or not scope.covers(unit):
        raise ServiceError(_("Bạn không quản lý đơn vị này."), field="unit")
    if eligible is None or not scope.covers(eligible):
        raise ServiceError(_("Đối tượng dự thi phải là đơn vị bạn quản lý."), field="eligible_unit")
    slug = values.get("slug", "")
    if slug in RESERVED_SLUGS or Quiz.objects.filter(slug=slug).exists() or (
        Contest.objects.filter(slug=slug).exclude(pk=getattr(contest, "pk", None)).exists()
    ):
        raise ServiceError(_("Đường dẫn này đã được dùng."), field="slug")
    if values["ends_at"] <= values["starts_at"]:
        raise ServiceError(_("Thời điểm kết thúc phải sau thời điểm bắt đầu."), field="ends_at")
    kind, method = values.get("kind"), values.get("winner_method")
    if kind == Contest.Kind.QUIZ and method in (Contest.Method.JURY, Contest.Method.VOTES):
        raise ServiceError(_("Cuộc thi trắc nghiệm chọn người thắng theo điểm và thời gian, hoặc quay số."),
                           field="winner_method")
    if kind == Contest.Kind.ENTRY and method == Contest.Method.SCORE_TIME:
        raise ServiceError(_("Cuộc thi bài dự thi chọn người thắng bằng giám khảo, bình chọn hoặc quay số."),
                           field="winner_method")
    if kind == Contest.Kind.ENTRY and not values.get("entry_kind"):
        raise ServiceError(_("Hãy chọn loại bài dự thi."), field="entry_kind")
    if kind == Contest.Kind.ENTRY and method == Contest.Method.JURY and not (values.get("jury_criteria") or "").strip():
        raise ServiceError(_("Hãy ghi các tiêu chí chấm của ban giám khảo."), field="jury_criteria")


@transaction.atomic
def contest_create(*, user, rules_body, **values):
    """Create a draft contest with its first rules version."""
    _check_contest_fields(user=user, values=values)
    contest = Contest.objects.create(created_by=user, **{k: v for k, v in values.items() if k in CONTEST_FIELDS})
    ContestRules.objects.create(contest=contest, version=1, body=rules_body, created_by=user)
    audit_record(actor=user, verb="contest.created", obj=contest, unit=contest.unit,
                 data={"kind": contest.kind, "method": contest.winner_method})
    return contest


@transaction.atomic
def contest_update(*, contest, user, **values):
    """Change a contest's settings. Once published only the title, summary and closing time may change
    (and the closing time only later, never earlier than now)."""
    contest = Contest.objects.select_for_update().get(pk=contest.pk)
    merged = {f: getattr(contest, f) for f in CONTEST_FIELDS} | values
    if contest.status != Contest.Status.DRAFT:
        locked = [f for f in CONTEST_FIELDS if f not in ("title", "summary", "ends_at") and merged[f] != getattr(contest, f)]
        if locked:
            raise ServiceError(_("Cuộc thi đã công bố: chỉ sửa được tên, giới thiệu và thời điểm kết thúc."))
        if merged["ends_at"] != contest.ends_at and merged["ends_at"] < max(contest.ends_at, timezone.now()):
            raise ServiceError(_("Chỉ được gia hạn, không được rút ngắn thời gian cuộc thi."), field="ends_at")
        if hasattr(contest, "draw"):
            raise ServiceError(_("Cuộc thi đã có kết quả."))
    _check_contest_fields(user=user, values=merged, contest=contest)
    changed = [f for f in CONTEST_FIELDS if merged[f] != getattr(contest, f)]
    for f in changed:
        setattr(contest, f, merged[f])
    contest.save()
    audit_record(actor=user, verb="contest.updated", obj=contest, unit=contest.unit, data={"fields": changed})
    return contest


@transaction.atomic
def contest_rules_publish(*, contest, user, body, note=""):
    """Publish a new version of the rules; earlier versions stay readable."""
    contest = Contest.objects.select_for_update().get(pk=contest.pk)
    if hasattr(contest, "draw"):
        raise ServiceError(_("Cuộc thi đã có kết quả: không thể sửa thể lệ."))
    last = contest.rules_versions.order_by("-version").first()
    if last and last.body.strip() == body.strip():
        raise ServiceError(_("Thể lệ không thay đổi."), field="body")
    rules = ContestRules.objects.create(contest=contest, version=(last.version + 1 if last else 1), body=body,
                                        note=note, created_by=user)
    audit_record(actor=user, verb="contest.rules_published", obj=contest, unit=contest.unit,
                 data={"version": rules.version})
    return rules


@transaction.atomic
def prize_add(*, contest, user, name, quantity, value, description=""):
    if contest.status != Contest.Status.DRAFT:
        raise ServiceError(_("Cuộc thi đã công bố: không thể đổi cơ cấu giải thưởng."))
    position = (contest.prizes.order_by("-position").values_list("position", flat=True).first() or 0) + 1
    prize = Prize.objects.create(contest=contest, position=position, name=name, quantity=quantity, value=value,
                                 description=description)
    audit_record(actor=user, verb="contest.prize_added", obj=contest, unit=contest.unit,
                 data={"prize": name, "quantity": quantity, "value": value})
    return prize


@transaction.atomic
def prize_remove(*, prize, user):
    contest = prize.contest
    if contest.status != Contest.Status.DRAFT:
        raise ServiceError(_("Cuộc thi đã công bố: không thể đổi cơ cấu giải thưởng."))
    audit_record(actor=user, verb="contest.prize_removed", obj=contest, unit=contest.unit, data={"prize": prize.name})
    prize.delete()


def _add_question(contest, text, choices, explanation, position):
    if not text.strip():
        raise ServiceError(_("Câu hỏi không được để trống."), field="text")
    choices = [(t.strip(), bool(ok)) for t, ok in choices if t and t.strip()]
    if len(choices) < 2:
        raise ServiceError(_("Mỗi câu hỏi cần ít nhất hai phương án."))
    if sum(ok for _t, ok in choices) != 1:
        raise ServiceError(_("Mỗi câu hỏi cần đúng một phương án đúng."))
    question = ContestQuestion.objects.create(contest=contest, text=text.strip(), explanation=explanation.strip(),
                                              position=position)
    ContestChoice.objects.bulk_create(
        [ContestChoice(question=question, text=t, is_correct=ok, position=i) for i, (t, ok) in enumerate(choices)]
    )
    return question


def _next_position(contest):
    return (contest.questions.order_by("-position").values_list("position", flat=True).first() or 0) + 1


@transaction.atomic
def question_add(*, contest, user, text, choices, explanation=""):
    """Add a question; ``choices`` is ``[(text, is_correct)]`` with exactly one right answer."""
    if contest.kind != Contest.Kind.QUIZ:
        raise ServiceError(_("Chỉ cuộc thi trắc nghiệm có ngân hàng câu hỏi."))
    question = _add_question(contest, text, choices, explanation, _next_position(contest))
    audit_record(actor=user, verb="contest.question_added", obj=contest, unit=contest.unit,
                 data={"question": question.pk})
    return question


@transaction.atomic
def question_remove(*, question, user):
    contest = question.contest
    if contest.status != Contest.Status.DRAFT:
        raise ServiceError(_("Cuộc thi đã công bố: không thể xóa câu hỏi."))
    audit_record(actor=user, verb="contest.question_removed", obj=contest, unit=contest.unit,
                 data={"question": question.pk})
    question.delete()


IMPORT_HEADER = ["cau_hoi", "dap_an_dung", "a", "b", "c", "d", "giai_thich"]
MAX_IMPORT_ROWS = 1000


def _sheet_rows(name, data):
    if name.lower().endswith(".xlsx"):
        from openpyxl import load_workbook

        try:
            sheet = load_workbook(io.BytesIO(data), read_only=True, data_only=True).active
        except Exception as exc:  # a broken or disguised file
            raise ServiceError(_("Không đọc được tệp Excel.")) from exc
        return [["" if v is None else str(v) for v in row] for row in sheet.iter_rows(values_only=True)]
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ServiceError(_("Tệp CSV phải mã hóa UTF-8.")) from exc
    return list(csv.reader(io.StringIO(text)))


@transaction.atomic
def questions_import(*, contest, user, name, data):
    """Import questions from a CSV or XLSX sheet with the columns of ``IMPORT_HEADER``
    (question, right answer letter, choices A–D, explanation); all rows or none."""
    if contest.kind != Contest.Kind.QUIZ:
        raise ServiceError(_("Chỉ cuộc thi trắc nghiệm có ngân hàng câu hỏi."))
    rows = [r for r in _sheet_rows(name, data) if any(str(c).strip() for c in r)]
    first = 1
    if rows and rows[0] and str(rows[0][0]).strip().lower().replace(" ", "_") in ("cau_hoi", "câu_hỏi", "question"):
        rows, first = rows[1:], 2
    if not rows:
        raise ServiceError(_("Tệp không có câu hỏi nào."))
    if len(rows) > MAX_IMPORT_ROWS:
        raise ServiceError(_("Mỗi lần nhập tối đa %(n)s câu hỏi.") % {"n": MAX_IMPORT_ROWS})
    position = _next_position(contest)
    for number, row in enumerate(rows, start=first):
        row = [str(c).strip() for c in row] + [""] * 7
        text, right, options, explanation = row[0], row[1].upper(), row[2:6], row[6]
        letters = "ABCD"
        if right not in letters or not options[letters.index(right)]:
            raise ServiceError(_("Dòng %(n)s: đáp án đúng phải là A, B, C hoặc D và có nội dung.") % {"n": number})
        try:
            _add_question(contest, text, [(t, letters[i] == right) for i, t in enumerate(options)], explanation,
                          position)
        except ServiceError as exc:
            raise ServiceError(_("Dòng %(n)s: %(e)s") % {"n": number, "e": exc}) from exc
        position += 1
    audit_record(actor=user, verb="contest.questions_imported", obj=contest, unit=contest.unit,
                 data={"count": len(rows), "file": name[:100]})
    return len(rows)


@transaction.atomic
def contest_publish(*, contest, user):
    """Open a draft contest: it needs its rules, and a quiz enough questions. The draw's seed is
    chosen now and only its SHA-256 shown until the draw. A contest with prizes allows one attempt."""
    contest = Contest.objects.select_for_update().get(pk=contest.pk)
    if contest.status != Contest.Status.DRAFT:
        raise ServiceError(_("Cuộc thi đã được công bố."))
    if not contest.rules_versions.exists():
        raise ServiceError(_("Cuộc thi cần có thể lệ trước khi công bố."))
    if contest.is_quiz:
        count = contest.questions.count()
        if count < max(contest.questions_per_attempt, 1):
            raise ServiceError(_("Ngân hàng câu hỏi mới có %(n)s câu, ít hơn số câu mỗi lượt (%(k)s).")
                               % {"n": count, "k": contest.questions_per_attempt})
        if contest.prizes.exists() and contest.max_attempts != 1:
            raise ServiceError(_("Cuộc thi có giải thưởng chỉ cho mỗi đoàn viên làm bài một lần."))
    if contest.ends_at <= timezone.now():
        raise ServiceError(_("Thời điểm kết thúc đã qua."))
    contest.seed = draw_algo.new_seed()
    contest.seed_hash = draw_algo.commitment(contest.seed)
    contest.status = Contest.Status.PUBLISHED
    contest.published_at = timezone.now()
    contest.save(update_fields=["seed", "seed_hash", "status", "published_at"])
    audit_record(actor=user, verb="contest.published", obj=contest, unit=contest.unit,
                 data={"seed_hash": contest.seed_hash})
    return contest


# --- Playing a quiz contest --------------------------------------------------------------------


def _current_rules(contest):
    return contest.rules_versions.order_by("-version").first()


def _deal_paper(contest):
    """N questions drawn at random, in random order, each with its choices shuffled."""
    rng = random.SystemRandom()
    questions = list(contest.questions.prefetch_related("choices"))
    chosen = rng.sample(questions, min(contest.questions_per_attempt, len(questions)))
    paper = []
    for question in chosen:
        choice_ids = [c.pk for c in question.choices.all()]
        rng.shuffle(choice_ids)
        paper.append({"q": question.pk, "c": choice_ids})
    return paper


@transaction.atomic
def attempt_start(*, contest, user, unit):
    """Start (or resume) the member's attempt. A running attempt is returned as it is; a new one gets
    the next number, and the unique constraint on (contest, user, number) refuses a second row with
    the same number however many requests race — the loser retries with a fresh count."""
    if not contest.is_open():
        raise ServiceError(_("Cuộc thi này hiện không nhận bài làm."))
    if unit is None:
        raise ServiceError(_("Cuộc thi này dành cho đoàn viên của các đơn vị dự thi."))
    for _try in range(3):
        now = timezone.now()
        running = ContestAttempt.objects.filter(contest=contest, user=user, submitted_at__isnull=True,
                                                deadline_at__gt=now).first()
        if running:
            return running
        number = ContestAttempt.objects.filter(contest=contest, user=user).count() + 1
        if number > contest.max_attempts:
            raise ServiceError(_("Bạn đã dùng hết số lượt làm bài của cuộc thi này."))
        try:
            with transaction.atomic():
                attempt = ContestAttempt.objects.create(
                    contest=contest, user=user, unit=unit, number=number, rules=_current_rules(contest),
                    paper=_deal_paper(contest), started_at=now,
                    deadline_at=min(now + dt.timedelta(seconds=contest.time_limit_seconds), contest.ends_at),
                )
        except IntegrityError:
            continue  # another request created this number first
        audit_record(actor=user, verb="contest.attempt_started", obj=attempt, unit=unit,
                     data={"contest": contest.pk, "number": number})
        return attempt
    raise ServiceError(_("Bạn đã dùng hết số lượt làm bài của cuộc thi này."))


@transaction.atomic
def attempt_submit(*, attempt, user, answers, now=None):
    """Score an attempt once. ``answers`` maps question id → choice id. Answers that reach the
    server after the attempt's deadline score nothing (the attempt is kept as late, score 0)."""
    attempt = ContestAttempt.objects.select_for_update().select_related("contest").get(pk=attempt.pk, user=user)
    if attempt.submitted_at is not None:
        raise ServiceError(_("Lượt làm bài này đã được nộp."))
    now = now or timezone.now()
    late = now > attempt.deadline_at
    ids = [item["q"] for item in attempt.paper]
    correct = dict(ContestChoice.objects.filter(question_id__in=ids, is_correct=True).values_list("question_id", "pk"))
    review, score = {}, 0
    for item in attempt.paper:
        chosen = answers.get(item["q"])
        chosen = chosen if chosen in item["c"] else None
        ok = not late and chosen is not None and chosen == correct.get(item["q"])
        score += ok
        review[str(item["q"])] = {"choice": chosen, "ok": ok}
    attempt.answers = review
    attempt.score = score
    attempt.total = len(attempt.paper)
    attempt.late = late
    attempt.submitted_at = now
    attempt.duration_ms = max(int((min(now, attempt.deadline_at) - attempt.started_at).total_seconds() * 1000), 0)
    attempt.save()
    audit_record(actor=user, verb="contest.attempt_submitted", obj=attempt, unit=attempt.unit,
                 data={"contest": attempt.contest_id, "score": score, "total": attempt.total, "late": late})
    return attempt


# --- Entry contests ----------------------------------------------------------------------------


@transaction.atomic
def entry_create(*, contest, user, unit, submission):
    """Enter one of the member's own submissions (approved, or still in review: it qualifies once
    approved). One entry per member and contest is a database constraint."""
    if contest.kind != Contest.Kind.ENTRY or not contest.is_open():
        raise ServiceError(_("Cuộc thi này hiện không nhận bài dự thi."))
    if unit is None:
        raise ServiceError(_("Cuộc thi này dành cho đoàn viên của các đơn vị dự thi."))
    from submissions.models import Status

    if submission.author_id != user.pk:
        raise ServiceError(_("Chỉ gửi dự thi bài của chính bạn."))
    if submission.status not in (Status.PUBLISHED, Status.PENDING):
        raise ServiceError(_("Bài dự thi phải đang chờ duyệt hoặc đã được duyệt đăng."))
    if submission.kind not in ENTRY_KINDS.get(contest.entry_kind, set()):
        raise ServiceError(_("Loại bài này không đúng thể lệ cuộc thi."))
    try:
        with transaction.atomic():
            entry = ContestEntry.objects.create(contest=contest, user=user, unit=unit, submission=submission,
                                                rules=_current_rules(contest))
    except IntegrityError as exc:
        raise ServiceError(_("Mỗi đoàn viên chỉ gửi một bài dự thi.")) from exc
    audit_record(actor=user, verb="contest.entered", obj=entry, unit=unit,
                 data={"contest": contest.pk, "submission": submission.pk})
    return entry


@transaction.atomic
def vote_cast(*, entry, voter, unit):
    """One vote per member and entry, or per contest (``Contest.vote_scope``): the constraint on
    (contest, voter, slot) decides, so concurrent clicks count once."""
    contest = entry.contest
    if not contest.is_open() or contest.kind != Contest.Kind.ENTRY:
        raise ServiceError(_("Cuộc thi này hiện không nhận bình chọn."))
    if unit is None:
        raise ServiceError(_("Chỉ đoàn viên của các đơn vị dự thi được bình chọn."))
    if not entry.qualifies:
        raise ServiceError(_("Bài này chưa được duyệt đăng."))
    if entry.user_id == voter.pk:
        raise ServiceError(_("Bạn không bình chọn cho bài của chính mình."))
    slot = entry.pk if contest.vote_scope == Contest.VoteScope.PER_ENTRY else 0
    try:
        with transaction.atomic():
            vote = ContestVote.objects.create(contest=contest, entry=entry, voter=voter, slot=slot)
    except IntegrityError as exc:
        raise ServiceError(_("Bạn đã bình chọn rồi.")) from exc
    audit_record(actor=voter, verb="contest.voted", obj=entry, unit=unit, data={"contest": contest.pk})
    return vote


@transaction.atomic
def jury_scores_set(*, entry, juror, scores):
    """Record a juror's scores (0–10) per criterion; scoring again replaces them."""
    contest = entry.contest
    if hasattr(contest, "draw"):
        raise ServiceError(_("Cuộc thi đã có kết quả."))
    criteria = contest.criteria()
    if set(scores) != set(criteria) or any(not 0 <= s <= 10 for s in scores.values()):
        raise ServiceError(_("Hãy chấm mỗi tiêu chí từ 0 đến 10."))
    for criterion, score in scores.items():
        JuryScore.objects.update_or_create(entry=entry, juror=juror, criterion=criterion, defaults={"score": score})
    audit_record(actor=juror, verb="contest.jury_scored", obj=entry, unit=contest.unit, data={"scores": scores})


# --- Choosing winners --------------------------------------------------------------------------


def prize_slots(contest):
    """Prizes in their order, each repeated by its quantity."""
    return [prize for prize in contest.prizes.order_by("position", "pk") for _n in range(prize.quantity)]


def attempt_code(attempt):
    return f"A{attempt.pk:07d}"


def entry_code(entry):
    return f"E{entry.pk:07d}"


def best_attempts(contest):
    """Each member's best submitted attempt, ranked: most right answers, then the shortest time, then
    the earliest submission, then the attempt id (the documented tie rule)."""
    best = {}
    attempts = ContestAttempt.objects.filter(contest=contest, submitted_at__isnull=False).select_related("user", "unit")
    for a in attempts.order_by("-score", "duration_ms", "submitted_at", "pk"):
        best.setdefault(a.user_id, a)
    return list(best.values())


def qualifying_attempts(contest):
    return [a for a in best_attempts(contest) if not a.late and a.total and a.score * 100 >= contest.pass_percent * a.total]


def ranked_entries(contest):
    """Approved entries ranked by the contest's method: votes (most first) or the jury's total score
    (highest first, then votes); ties go to the earlier entry, then the lower id."""
    from submissions.models import Status

    qs = (ContestEntry.objects.filter(contest=contest, submission__status=Status.PUBLISHED)
          .select_related("user", "unit", "submission")
          .annotate(vote_count=Count("votes", distinct=True)))
    entries = list(qs)
    jury = dict(JuryScore.objects.filter(entry__contest=contest).values("entry").annotate(t=Sum("score"))
                .values_list("entry", "t"))
    for e in entries:
        e.jury_total = jury.get(e.pk, 0)
    if contest.winner_method == Contest.Method.JURY:
        key = lambda e: (-e.jury_total, -e.vote_count, e.created_at, e.pk)  # noqa: E731
    else:
        key = lambda e: (-e.vote_count, e.created_at, e.pk)  # noqa: E731
    return sorted(entries, key=key)


@transaction.atomic
def winners_choose(*, contest, user):
    """Choose the winners once: by ranking, or by the verifiable draw among the qualifying. The
    contest row is locked and ``Draw`` is one per contest (a constraint), so clicking twice or from
    two browsers gives one set of winners; the later requests get the same ``Draw`` back."""
    contest = Contest.objects.select_for_update().get(pk=contest.pk)
    existing = Draw.objects.filter(contest=contest).first()
    if existing:
        return existing, False
    if not contest.may_draw():
        raise ServiceError(_("Chỉ chọn người thắng sau khi cuộc thi kết thúc."))
    slots = prize_slots(contest)
    if contest.is_quiz:
        people = qualifying_attempts(contest) if contest.winner_method == Contest.Method.DRAW else best_attempts(contest)
        by_code = {attempt_code(a): a for a in people}
    else:
        people = ranked_entries(contest)
        by_code = {entry_code(e): e for e in people}
    if contest.winner_method == Contest.Method.DRAW:
        candidates = sorted(by_code)  # the draw's published list: sorted codes
        chosen = draw_algo.pick(contest.seed, candidates, len(slots))
        seed = contest.seed
    else:  # a ranking: the published list is in rank order
        candidates = [code for code, p in by_code.items() if not getattr(p, "late", False)]
        chosen, seed = candidates[: len(slots)], ""
    try:
        with transaction.atomic():
            draw = Draw.objects.create(contest=contest, method=contest.winner_method, seed=seed,
                                       candidates=candidates, created_by=user)
    except IntegrityError:
        return Draw.objects.get(contest=contest), False
    Winner.objects.bulk_create([
        Winner(contest=contest, draw=draw, position=i, prize=prize, user=by_code[code].user, unit=by_code[code].unit,
               code=code)
        for i, (prize, code) in enumerate(zip(slots, chosen, strict=False), start=1)
    ])
    contest.status = Contest.Status.FINISHED
    contest.save(update_fields=["status"])
    audit_record(actor=user, verb="contest.winners_chosen", obj=contest, unit=contest.unit,
                 data={"method": contest.winner_method, "candidates": len(candidates), "winners": chosen})
    return draw, True


@transaction.atomic
def winner_display_set(*, winner, user, display):
    if winner.user_id != user.pk:
        raise ServiceError(_("Chỉ người đoạt giải chọn cách công bố tên mình."))
    if display not in Winner.Display.values:
        raise ServiceError(_("Lựa chọn không hợp lệ."))
    winner.display = display
    winner.save(update_fields=["display"])
    audit_record(actor=user, verb="contest.winner_display", obj=winner, unit=winner.unit, data={"display": display})
    return winner


@transaction.atomic
def handover_record(*, winner, user, handed_at, note=""):
    """Log that a prize was handed over (once per winner)."""
    try:
        with transaction.atomic():
            handover = PrizeHandover.objects.create(winner=winner, handed_at=handed_at, handed_by=user, note=note)
    except IntegrityError as exc:
        raise ServiceError(_("Giải này đã được ghi nhận trao.")) from exc
    audit_record(actor=user, verb="contest.prize_handed_over", obj=winner, unit=winner.contest.unit,
                 data={"note": note})
    return handover


# --- Live rounds (a quiz played together at a meeting; state rules on ``LiveRound``) ---------------

LIVE_SECONDS_DEFAULT = 20


@transaction.atomic
def live_round_open(*, contest, user, seconds_per_question=LIVE_SECONDS_DEFAULT):
    """Open a live round of a quiz contest in its lobby, with the questions drawn now (the contest's
    number per attempt, random order, shuffled choices: the same paper for everyone in the room).
    A round already running is returned as it is (a double click opens one)."""
    from .models import LiveRound

    if not contest.is_quiz:
        raise ServiceError(_("Chỉ cuộc thi trắc nghiệm mới chơi trực tiếp được."))
    if not contest.is_open():
        raise ServiceError(_("Cuộc thi đang không mở nên chưa thể chơi trực tiếp."))
    if not 5 <= seconds_per_question <= 300:
        raise ServiceError(_("Thời gian mỗi câu phải từ 5 đến 300 giây."))
    running = LiveRound.objects.filter(contest=contest).exclude(state=LiveRound.State.FINISHED).first()
    if running:
        return running
    paper = _deal_paper(contest)
    if not paper:
        raise ServiceError(_("Cuộc thi chưa có câu hỏi nào."))
    try:
        with transaction.atomic():
            live = LiveRound.objects.create(contest=contest, host=user, paper=paper,
                                            seconds_per_question=seconds_per_question)
    except IntegrityError:  # another request opened one first
        return LiveRound.objects.filter(contest=contest).exclude(state=LiveRound.State.FINISHED).get()
    audit_record(actor=user, verb="contest.live_opened", obj=live, unit=contest.unit,
                 data={"contest": contest.pk, "questions": len(paper), "seconds": seconds_per_question})
    return live


@transaction.atomic
def live_round_advance(*, live_round, user, step, finish=False, now=None):
    """Move the round one state on (or to ``finished`` with ``finish``), from the ``step`` the
    host's page showed. When the round has moved on already (another click, another browser), it
    is returned unchanged: each step happens once."""
    from .models import LiveRound

    live = LiveRound.objects.select_for_update().select_related("contest").get(pk=live_round.pk)
    if live.step != step or live.state == LiveRound.State.FINISHED:
        return live
    now = now or timezone.now()
    State = LiveRound.State
    if finish or (live.state == State.REVEAL and live.is_last_question()):
        return _live_finish(live, user, now)
    if live.state == State.QUESTION:
        live.state = State.REVEAL
        live.question_ends_at = min(live.question_ends_at, now)
    else:
        if live.state == State.REVEAL:
            live.index += 1
        live.state = State.QUESTION
        live.question_started_at = now
        live.question_ends_at = now + dt.timedelta(seconds=live.seconds_per_question)
    live.step += 1
    live.save(update_fields=["state", "index", "step", "question_started_at", "question_ends_at"])
    audit_record(actor=user, verb="contest.live_advanced", obj=live, unit=live.contest.unit,
                 data={"state": live.state, "index": live.index})
    return live


def _live_finish(live, user, now):
    """End the round and keep each participant's result as one of their attempts (their next
    number, while the contest's attempt limit allows; a member over the limit keeps only the
    scoreboard). Called with the round locked."""
    from .models import LiveAnswer, LiveRound

    live.state = LiveRound.State.FINISHED
    if live.question_ends_at and live.question_ends_at > now:
        live.question_ends_at = now
    live.finished_at = now
    live.step += 1
    live.save(update_fields=["state", "step", "question_ends_at", "finished_at"])
    contest = live.contest
    by_user = {}
    for a in LiveAnswer.objects.filter(round=live).order_by("pk"):
        by_user.setdefault(a.user_id, []).append(a)
    used = dict(ContestAttempt.objects.filter(contest=contest, user_id__in=by_user).values("user")
                .annotate(n=Count("pk")).values_list("user", "n"))
    rules = _current_rules(contest)
    started = live.created_at
    attempts = []
    for user_id, answers in by_user.items():
        number = used.get(user_id, 0) + 1
        if number > contest.max_attempts:
            continue
        attempts.append(ContestAttempt(
            contest=contest, user_id=user_id, unit_id=answers[0].unit_id, number=number, rules=rules,
            paper=live.paper, answers={str(a.question_id): {"choice": a.choice_id, "ok": a.ok} for a in answers},
            started_at=started, deadline_at=now, submitted_at=now, late=False,
            score=sum(a.ok for a in answers), total=len(live.paper),
            duration_ms=sum(a.elapsed_ms for a in answers),
        ))
    ContestAttempt.objects.bulk_create(attempts, ignore_conflicts=True)
    audit_record(actor=user, verb="contest.live_finished", obj=live, unit=contest.unit,
                 data={"contest": contest.pk, "participants": len(by_user), "attempts": len(attempts)})
    return live


def live_answer(*, live_round, user, unit, choice_id, step, now=None):
    """Record the member's answer to the current question of the round shown at ``step``. Refused
    when the question changed, the time is up (server clock), the member is not eligible or has
    answered already (a constraint, whatever the number of taps)."""
    from .models import LiveAnswer, LiveRound

    now = now or timezone.now()
    live = LiveRound.objects.get(pk=live_round.pk)
    if unit is None:
        raise ServiceError(_("Cuộc thi này dành cho đoàn viên của các đơn vị dự thi."))
    if live.step != step or live.current is None or not live.takes_answers(now):
        raise ServiceError(_("Đã hết giờ trả lời câu này."))
    item = live.current
    if choice_id not in item["c"]:
        raise ServiceError(_("Hãy chọn một phương án của câu hỏi đang hiện."))
    ok = ContestChoice.objects.filter(pk=choice_id, question_id=item["q"], is_correct=True).exists()
    elapsed = max(int((now - live.question_started_at).total_seconds() * 1000), 0)
    try:
        with transaction.atomic():
            answer = LiveAnswer.objects.create(round=live, question_id=item["q"], user=user, unit=unit,
                                               choice_id=choice_id, ok=ok, elapsed_ms=elapsed, answered_at=now)
            audit_record(actor=user, verb="contest.live_answered", obj=live, unit=unit,
                         data={"question": item["q"], "ok": ok})
    except IntegrityError:
        raise ServiceError(_("Bạn đã trả lời câu này rồi.")) from None
    return answer


# --- Entering through the submission form ------------------------------------------------------
# A member may send a new submission "for" an open entry contest from the submission form
# (``contests.entry_intents`` adds the choice to it). The choice is an ``EntryIntent`` made in the
# submission's transaction; the submission goes through the review queue as usual, and when it is
# approved for publication the intent becomes the entry (``entry_intents_resolve``).

from django.utils.formats import date_format  # noqa: E402

from .models import EntryIntent  # noqa: E402

# The submission kind a "new entry" link of an entry contest pre-selects.
NEW_ENTRY_KIND = {
    Contest.EntryKind.STORY: "good_deed",
    Contest.EntryKind.PHOTO: "photo_set",
    Contest.EntryKind.VIDEO: "video",
}


def entry_kind_names(contest):
    """The submission kinds an entry contest takes, as their labels (“Bộ ảnh”, …)."""
    from submissions.models import Kind

    return [str(Kind(k).label) for k in Kind.values if k in ENTRY_KINDS.get(contest.entry_kind, set())]


def entry_intent_problem(*, contest, user, kind, unit=None, now=None):
    """Why ``user`` may not send a new submission of ``kind`` (to their union ``unit``) for
    ``contest``, in Vietnamese; ``None`` when they may. Also refuses a member who already has an
    entry in the contest (one entry per member)."""
    now = now or timezone.now()
    values = {"contest": contest.title}
    if contest.kind != Contest.Kind.ENTRY:
        return _("“%(contest)s” là cuộc thi trắc nghiệm, không nhận bài dự thi.") % values
    if not contest.is_open(now):
        if contest.is_closed(now) or contest.status == Contest.Status.FINISHED:
            return _("Cuộc thi “%(contest)s” đã kết thúc, không nhận bài dự thi nữa.") % values
        if contest.status == Contest.Status.DRAFT:
            return _("Cuộc thi “%(contest)s” chưa được công bố.") % values
        return _("Cuộc thi “%(contest)s” bắt đầu nhận bài dự thi từ %(when)s.") % {
            **values, "when": date_format(timezone.localtime(contest.starts_at), "d/m/Y H:i")}
    eligible = contest.eligible_unit
    if scope_for(user).member_unit_in(eligible) is None:
        return _("Cuộc thi “%(contest)s” dành cho đoàn viên %(unit)s và các đơn vị trực thuộc; bạn không thuộc "
                 "đối tượng dự thi.") % {**values, "unit": eligible.name}
    if unit is not None and not unit.path.startswith(eligible.path):
        return _("Cuộc thi “%(contest)s” dành cho đoàn viên %(unit)s: hãy gửi bài tới công đoàn của bạn trong "
                 "đơn vị đó.") % {**values, "unit": eligible.name}
    if kind not in ENTRY_KINDS.get(contest.entry_kind, set()):
        return _("Cuộc thi “%(contest)s” nhận bài dự thi loại “%(entry)s”: hãy chọn loại bài %(kinds)s.") % {
            **values, "entry": contest.get_entry_kind_display(),
            "kinds": ", ".join(f"“{name}”" for name in entry_kind_names(contest))}
    if ContestEntry.objects.filter(contest=contest, user=user).exists():
        return _("Bạn đã có bài dự thi ở cuộc thi “%(contest)s”: mỗi đoàn viên chỉ gửi một bài.") % values
    return None


@transaction.atomic
def entry_intent_set(*, submission, actor, contest, submitted):
    """Record the contest the author chose in the submission form for ``submission`` (``None``:
    no contest), inside the submission's own transaction.

    Refused (``ServiceError`` on the ``contest`` field) for what :func:`entry_intent_problem`
    refuses. The rules version is the one in force when the item is sent for review
    (``submitted``), kept through later edits for the same contest; choosing another contest
    starts over. An intent already decided (the item was approved) no longer changes.
    """
    intent = EntryIntent.objects.select_for_update().filter(submission=submission).first()
    if intent is not None and intent.outcome != EntryIntent.Outcome.WAITING:
        return intent
    if contest is None:
        if intent is not None:
            audit_record(actor=actor, verb="contest.entry_intent_removed", obj=intent.contest,
                         unit=submission.unit, data={"submission": submission.pk})
            intent.delete()
        return None
    problem = entry_intent_problem(contest=contest, user=actor, kind=submission.kind, unit=submission.unit)
    if problem:
        raise ServiceError(problem, field="contest")
    rules = _current_rules(contest) if submitted else None
    if intent is None:
        intent = EntryIntent.objects.create(submission=submission, contest=contest, rules=rules)
    elif intent.contest_id != contest.pk:
        intent.contest, intent.rules = contest, rules
        intent.save(update_fields=["contest", "rules"])
    elif submitted and intent.rules_id is None:
        intent.rules = rules
        intent.save(update_fields=["rules"])
    else:
        return intent
    audit_record(actor=actor, verb="contest.entry_intent_set", obj=contest, unit=submission.unit,
                 data={"submission": submission.pk, "rules": getattr(rules, "version", None)})
    return intent


@transaction.atomic
def entry_intent_submitted(*, submission):
    """The item was sent for review without the form's choice (no change of contest): its waiting
    intent, if any, takes the rules version in force now, unless it has one."""
    intent = EntryIntent.objects.select_related("contest").filter(
        submission=submission, outcome=EntryIntent.Outcome.WAITING, rules__isnull=True).first()
    if intent is not None:
        intent.rules = _current_rules(intent.contest)
        intent.save(update_fields=["rules"])
    return intent


def _intent_message(contest, outcome, titles, version):
    values = {"contest": contest.title, "title": titles[0] if len(titles) == 1 else "", "v": version or 1}
    if outcome == EntryIntent.Outcome.ENTERED:
        title = (_("Bài “%(title)s” đã thành bài dự thi “%(contest)s”") if len(titles) == 1
                 else _("Bài của bạn đã thành bài dự thi “%(contest)s”")) % values
        return title, _("Bài được duyệt đăng nên đã được ghi nhận dự thi, theo thể lệ phiên bản %(v)s.") % values
    title = (_("Bài “%(title)s” chưa thành bài dự thi “%(contest)s”") if len(titles) == 1
             else _("Bài của bạn chưa thành bài dự thi “%(contest)s”")) % values
    if outcome == EntryIntent.Outcome.CLOSED:
        body = _("Bài được duyệt đăng sau khi cuộc thi đã kết thúc nên không được tính là bài dự thi.")
    elif outcome == EntryIntent.Outcome.HAS_ENTRY:
        body = _("Bạn đã có một bài dự thi khác ở cuộc thi này; mỗi đoàn viên chỉ gửi một bài.")
    else:
        body = _("Bài không đúng đối tượng hoặc loại bài dự thi của cuộc thi.")
    return title, body + " " + _("Bài vẫn được đăng như bình thường.")


@transaction.atomic
def entry_intents_resolve(*, submissions, actor, now=None):
    """Approval of ``submissions`` for publication (called inside the approval's transaction, one
    item or a bulk decision): each waiting intent becomes the author's entry under the rules
    version it recorded, if the contest is still open, the item still fits the contest (kind,
    eligible subtree) and the author has no entry in it yet; otherwise it records why not. The
    author is told either way. A fixed number of queries whatever the number of items: one read
    of the intents, one of the authors' entries, one insert, one update, then one audit row and
    one notification per contest and outcome. Never raises for an item: the approval stands.
    """
    from notifications.models import Category
    from notifications.services import in_both_languages, notify

    by_pk = {s.pk: s for s in submissions}
    intents = list(EntryIntent.objects.select_for_update(of=("self",))
                   .filter(submission_id__in=list(by_pk), outcome=EntryIntent.Outcome.WAITING)
                   .select_related("contest__unit", "contest__eligible_unit", "rules"))
    if not intents:
        return []
    now = now or timezone.now()
    existing = {
        (contest_id, user_id): (submission_id, pk)
        for contest_id, user_id, submission_id, pk in ContestEntry.objects.filter(
            contest_id__in={i.contest_id for i in intents}, user_id__in={by_pk[i.submission_id].author_id for i in intents},
        ).values_list("contest_id", "user_id", "submission_id", "pk")
    }
    fresh = []
    for intent in intents:
        submission, contest = by_pk[intent.submission_id], intent.contest
        key = (contest.pk, submission.author_id)
        intent.resolved_at = now
        if key in existing:
            entered_with, entry_pk = existing[key]
            if entered_with == submission.pk and entry_pk is not None:  # entered from the contest page too
                intent.outcome, intent.entry_id = EntryIntent.Outcome.ENTERED, entry_pk
            else:
                intent.outcome = EntryIntent.Outcome.HAS_ENTRY
        elif not contest.is_open(now):
            intent.outcome = EntryIntent.Outcome.CLOSED
        elif (submission.kind not in ENTRY_KINDS.get(contest.entry_kind, set())
              or not submission.unit.path.startswith(contest.eligible_unit.path)):
            intent.outcome = EntryIntent.Outcome.NOT_ELIGIBLE
        else:
            intent.outcome = EntryIntent.Outcome.ENTERED
            intent.rules = intent.rules or _current_rules(contest)  # sent before the rules step existed
            intent.entry = ContestEntry(contest=contest, user=submission.author, unit=submission.unit,
                                        submission=submission, rules=intent.rules)
            fresh.append(intent)
            existing[key] = (submission.pk, None)
    try:
        with transaction.atomic():
            ContestEntry.objects.bulk_create([i.entry for i in fresh])
    except IntegrityError:  # the author entered another item from the contest page meanwhile
        for intent in fresh:
            try:
                with transaction.atomic():
                    intent.entry.pk = None
                    intent.entry.save()
            except IntegrityError:
                intent.outcome, intent.entry = EntryIntent.Outcome.HAS_ENTRY, None
    for intent in fresh:
        if intent.entry is not None:
            intent.entry_id = intent.entry.pk
    EntryIntent.objects.bulk_update(intents, ["outcome", "entry", "rules", "resolved_at"])
    groups = {}
    for intent in intents:
        groups.setdefault((intent.contest_id, intent.outcome, getattr(intent.rules, "version", None)), []).append(intent)
    for contest_id in {i.contest_id for i in intents}:
        mine = [i for i in intents if i.contest_id == contest_id]
        contest = mine[0].contest
        audit_record(actor=actor, verb="contest.entered_on_approval", obj=contest, unit=contest.unit, data={
            "entries": [i.entry_id for i in mine if i.outcome == EntryIntent.Outcome.ENTERED],
            "submissions": {str(i.submission_id): i.outcome for i in mine},
        })
    for (_contest_id, outcome, version), group in groups.items():
        contest = group[0].contest
        titles = [by_pk[i.submission_id].title for i in group]
        notify(recipients=[by_pk[i.submission_id].author for i in group], category=Category.CONTEST,
               url=contest.get_absolute_url(),
               **in_both_languages(lambda c=contest, o=outcome, t=titles, v=version: _intent_message(c, o, t, v)))
    return intents
