"""The quiz engine. A later issue adds entry contests, votes, prizes and draws beside ``Quiz``.

One :class:`Attempt` row per member and quiz (a database constraint): it keeps the number of tries,
the last and the best score and when the member first passed, so "one attempt per member" contests
(``max_tries=1``) and "learn until you pass" lesson quizzes (``max_tries=0``) share one model.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


def initials_name(name):
    """"Nguyễn Thị Lan" → "N.T.Lan": the initials of the family and middle names, the given name kept."""
    parts = name.split()
    return ".".join(p[0] for p in parts[:-1]) + ("." if len(parts) > 1 else "") + (parts[-1] if parts else "")


class QuizQuerySet(models.QuerySet):
    def published(self):
        return self.filter(is_published=True)


class Quiz(models.Model):
    unit = models.ForeignKey(
        "unions.Union", verbose_name=_("đơn vị tổ chức (đối tượng: đơn vị và cấp dưới)"), on_delete=models.PROTECT,
        related_name="quizzes",
    )
    campaign = models.ForeignKey(
        "campaigns.Campaign", verbose_name=_("chiến dịch"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="quizzes",
    )
    lesson = models.ForeignKey(
        "campaigns.Lesson", verbose_name=_("bài học"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="quizzes", help_text=_("Đạt bài trắc nghiệm này là hoàn thành bài học."),
    )
    title = models.CharField(_("tên bài trắc nghiệm"), max_length=200)
    slug = models.SlugField(_("đường dẫn"), max_length=120, unique=True)
    description = models.TextField(_("thể lệ, hướng dẫn"), blank=True)
    pass_percent = models.PositiveSmallIntegerField(_("điểm đạt (%)"), default=80)
    max_tries = models.PositiveSmallIntegerField(_("số lần làm tối đa"), default=0, help_text=_("0 = không giới hạn"))
    opens_at = models.DateTimeField(_("mở từ"), null=True, blank=True)
    closes_at = models.DateTimeField(_("đóng lúc"), null=True, blank=True)
    is_public = models.BooleanField(_("ai cũng xem được thể lệ"), default=True)
    is_published = models.BooleanField(_("đã mở"), default=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = QuizQuerySet.as_manager()

    class Meta:
        verbose_name = _("bài trắc nghiệm")
        verbose_name_plural = _("bài trắc nghiệm")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=models.Q(pass_percent__lte=100), name="quiz_pass_percent_max_100"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("contest_detail", args=[self.slug])

    def is_open(self, now=None):
        """Whether answers are accepted now."""
        now = now or timezone.now()
        return (
            self.is_published
            and (self.opens_at is None or self.opens_at <= now)
            and (self.closes_at is None or self.closes_at > now)
        )

    def passes(self, score, total):
        """Whether ``score`` right answers out of ``total`` reach the pass mark."""
        return total > 0 and score * 100 >= self.pass_percent * total


class Question(models.Model):
    quiz = models.ForeignKey(Quiz, on_delete=models.CASCADE, related_name="questions")
    text = models.TextField(_("câu hỏi"))
    explanation = models.TextField(_("giải thích đáp án"), blank=True)
    position = models.PositiveSmallIntegerField(_("thứ tự"), default=0)

    class Meta:
        verbose_name = _("câu hỏi")
        verbose_name_plural = _("câu hỏi")
        ordering = ["position", "id"]

    def __str__(self):
        return self.text[:80]


class Choice(models.Model):
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="choices")
    text = models.CharField(_("phương án"), max_length=500)
    is_correct = models.BooleanField(_("đúng"), default=False)
    position = models.PositiveSmallIntegerField(_("thứ tự"), default=0)

    class Meta:
        verbose_name = _("phương án")
        verbose_name_plural = _("phương án")
        ordering = ["position", "id"]

    def __str__(self):
        return self.text


class Attempt(models.Model):
    """A member's record on a quiz: one per member and quiz, updated by each try."""

    quiz = models.ForeignKey(Quiz, on_delete=models.CASCADE, related_name="attempts")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="quiz_attempts")
    unit = models.ForeignKey("unions.Union", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    tries = models.PositiveSmallIntegerField(_("số lần làm"), default=0)
    total = models.PositiveSmallIntegerField(_("số câu"), default=0)
    last_score = models.PositiveSmallIntegerField(_("điểm lần cuối"), default=0)
    best_score = models.PositiveSmallIntegerField(_("điểm cao nhất"), default=0)
    last_answers = models.JSONField(default=dict, blank=True)
    passed_at = models.DateTimeField(_("đạt lúc"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("lượt làm bài")
        verbose_name_plural = _("lượt làm bài")
        constraints = [models.UniqueConstraint(fields=["quiz", "user"], name="attempt_one_per_member")]

    def __str__(self):
        return f"{self.user} — {self.quiz}"

    @property
    def passed(self):
        return self.passed_at is not None

    def may_try_again(self):
        """Whether the quiz's try limit leaves the member another try."""
        return self.quiz.max_tries == 0 or self.tries < self.quiz.max_tries


# --- Contests: quizzes with prizes and entry contests (issue 10) -------------------------------
#
# A ``Contest`` is run by a unit's officers for an eligible subtree. Its rules ("thể lệ") are
# versioned (``ContestRules``): an attempt or an entry records the version it was made under. A quiz
# contest has its own question bank (``ContestQuestion``/``ContestChoice``); each ``ContestAttempt``
# draws its questions and the order of their choices when it starts, and its deadline is fixed then.
# An entry contest collects ``ContestEntry`` rows (one per member: a constraint) pointing at the
# member's submissions; members vote (``ContestVote``, one per member and entry or per contest: a
# constraint) and a jury may score them (``JuryScore``). Winners are chosen once (``Draw``: one per
# contest, a constraint), either by ranking or by the verifiable draw of ``contests.draw``.

MAX_ATTEMPTS_LIMIT = 10


class ContestQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status__in=[Contest.Status.PUBLISHED, Contest.Status.FINISHED])


class Contest(models.Model):
    class Kind(models.TextChoices):
        QUIZ = "quiz", _("Trắc nghiệm")
        ENTRY = "entry", _("Cuộc thi bài dự thi")

    class Method(models.TextChoices):
        SCORE_TIME = "score_time", _("Điểm cao nhất, rồi thời gian ngắn nhất")
        JURY = "jury", _("Điểm ban giám khảo")
        VOTES = "votes", _("Bình chọn của đoàn viên")
        DRAW = "draw", _("Quay số trong số người đạt yêu cầu")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Bản nháp")
        PUBLISHED = "published", _("Đã công bố")
        FINISHED = "finished", _("Đã có kết quả")

    class VoteScope(models.TextChoices):
        PER_ENTRY = "entry", _("Mỗi đoàn viên bình chọn mỗi bài một lần")
        PER_CONTEST = "contest", _("Mỗi đoàn viên bình chọn một bài duy nhất")

    class EntryKind(models.TextChoices):
        STORY = "story", _("Bài viết")
        PHOTO = "photo", _("Ảnh")
        VIDEO = "video", _("Video")

    kind = models.CharField(_("loại cuộc thi"), max_length=10, choices=Kind.choices, default=Kind.QUIZ)
    unit = models.ForeignKey("unions.Union", verbose_name=_("đơn vị tổ chức"), on_delete=models.PROTECT,
                             related_name="contests")
    eligible_unit = models.ForeignKey(
        "unions.Union", verbose_name=_("đối tượng dự thi (đơn vị và cấp dưới)"), on_delete=models.PROTECT,
        related_name="+",
    )
    campaign = models.ForeignKey("campaigns.Campaign", verbose_name=_("chiến dịch"), null=True, blank=True,
                                 on_delete=models.SET_NULL, related_name="contests")
    title = models.CharField(_("tên cuộc thi"), max_length=200)
    slug = models.SlugField(_("đường dẫn"), max_length=120, unique=True)
    summary = models.CharField(_("giới thiệu ngắn"), max_length=300, blank=True)
    starts_at = models.DateTimeField(_("bắt đầu"))
    ends_at = models.DateTimeField(_("kết thúc"), db_index=True)
    is_public = models.BooleanField(_("công khai thể lệ và kết quả"), default=True)
    status = models.CharField(_("trạng thái"), max_length=12, choices=Status.choices, default=Status.DRAFT)
    winner_method = models.CharField(_("cách chọn người thắng"), max_length=12, choices=Method.choices,
                                     default=Method.SCORE_TIME)
    # Quiz
    questions_per_attempt = models.PositiveSmallIntegerField(_("số câu mỗi lượt"), default=10)
    time_limit_seconds = models.PositiveIntegerField(_("thời gian làm bài (giây)"), default=600)
    max_attempts = models.PositiveSmallIntegerField(_("số lượt làm tối đa"), default=1)
    pass_percent = models.PositiveSmallIntegerField(_("điểm đạt để dự quay số (%)"), default=100)
    # Entry contest
    entry_kind = models.CharField(_("loại bài dự thi"), max_length=10, choices=EntryKind.choices, blank=True)
    vote_scope = models.CharField(_("cách bình chọn"), max_length=10, choices=VoteScope.choices,
                                  default=VoteScope.PER_ENTRY)
    jury_criteria = models.TextField(_("tiêu chí chấm (mỗi dòng một tiêu chí)"), blank=True)
    # Verifiable draw: the seed is chosen at publication, its SHA-256 shown until the draw reveals it.
    seed_hash = models.CharField(max_length=64, blank=True)
    seed = models.CharField(max_length=64, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    published_at = models.DateTimeField(null=True, blank=True)

    objects = ContestQuerySet.as_manager()

    class Meta:
        verbose_name = _("cuộc thi")
        verbose_name_plural = _("cuộc thi")
        ordering = ["-starts_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=models.Q(ends_at__gt=models.F("starts_at")), name="contest_window_order"),
            models.CheckConstraint(condition=models.Q(max_attempts__gte=1, max_attempts__lte=MAX_ATTEMPTS_LIMIT),
                                   name="contest_max_attempts_range"),
            models.CheckConstraint(condition=models.Q(pass_percent__lte=100), name="contest_pass_percent_max_100"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("contest_detail", args=[self.slug])

    @property
    def is_quiz(self):
        return self.kind == self.Kind.QUIZ

    def is_open(self, now=None):
        """Whether the contest takes attempts, entries and votes now."""
        now = now or timezone.now()
        return self.status == self.Status.PUBLISHED and self.starts_at <= now < self.ends_at

    def is_closed(self, now=None):
        return (now or timezone.now()) >= self.ends_at

    def may_draw(self, now=None):
        """Winners are chosen once, after the window closed, for a published contest."""
        return self.status == self.Status.PUBLISHED and self.is_closed(now)

    def criteria(self):
        return [line.strip() for line in self.jury_criteria.splitlines() if line.strip()]


class ContestRules(models.Model):
    """One published version of a contest's rules. Versions are never edited: a change is a new one."""

    contest = models.ForeignKey(Contest, on_delete=models.CASCADE, related_name="rules_versions")
    version = models.PositiveSmallIntegerField(_("phiên bản"))
    body = models.TextField(_("thể lệ"))
    note = models.CharField(_("nội dung thay đổi"), max_length=300, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("thể lệ")
        verbose_name_plural = _("thể lệ")
        ordering = ["contest", "-version"]
        constraints = [models.UniqueConstraint(fields=["contest", "version"], name="contest_rules_version_unique")]

    def __str__(self):
        return f"{self.contest} — v{self.version}"


class Prize(models.Model):
    contest = models.ForeignKey(Contest, on_delete=models.CASCADE, related_name="prizes")
    position = models.PositiveSmallIntegerField(_("thứ tự"), default=0)
    name = models.CharField(_("tên giải"), max_length=120)
    quantity = models.PositiveSmallIntegerField(_("số lượng"), default=1)
    value = models.PositiveBigIntegerField(_("trị giá mỗi giải (đồng)"), default=0)
    description = models.CharField(_("hiện vật, ghi chú"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("giải thưởng")
        verbose_name_plural = _("giải thưởng")
        ordering = ["contest", "position", "id"]
        constraints = [models.CheckConstraint(condition=models.Q(quantity__gte=1), name="prize_quantity_min_1")]

    def __str__(self):
        return self.name

    @property
    def total_value(self):
        return self.value * self.quantity


class ContestQuestion(models.Model):
    contest = models.ForeignKey(Contest, on_delete=models.CASCADE, related_name="questions")
    text = models.TextField(_("câu hỏi"))
    explanation = models.TextField(_("giải thích đáp án"), blank=True)
    position = models.PositiveIntegerField(_("thứ tự"), default=0)

    class Meta:
        verbose_name = _("câu hỏi cuộc thi")
        verbose_name_plural = _("ngân hàng câu hỏi")
        ordering = ["contest", "position", "id"]

    def __str__(self):
        return self.text[:80]


class ContestChoice(models.Model):
    question = models.ForeignKey(ContestQuestion, on_delete=models.CASCADE, related_name="choices")
    text = models.CharField(_("phương án"), max_length=500)
    is_correct = models.BooleanField(_("đúng"), default=False)
    position = models.PositiveSmallIntegerField(_("thứ tự"), default=0)

    class Meta:
        ordering = ["question", "position", "id"]

    def __str__(self):
        return self.text


class ContestAttempt(models.Model):
    """One try at a quiz contest. ``number`` counts the member's tries (1, 2…); the unique constraint
    on (contest, user, number) makes the try limit hold under concurrent starts."""

    contest = models.ForeignKey(Contest, on_delete=models.CASCADE, related_name="attempts")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="contest_attempts")
    unit = models.ForeignKey("unions.Union", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    number = models.PositiveSmallIntegerField(_("lượt"))
    rules = models.ForeignKey(ContestRules, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    paper = models.JSONField(default=list, blank=True)  # [{"q": question id, "c": [choice ids in shown order]}]
    answers = models.JSONField(default=dict, blank=True)  # {question id: {"choice": id|None, "ok": bool}}
    started_at = models.DateTimeField(_("bắt đầu"))
    deadline_at = models.DateTimeField(_("hạn nộp"))
    submitted_at = models.DateTimeField(_("nộp lúc"), null=True, blank=True)
    late = models.BooleanField(_("nộp quá giờ"), default=False)
    score = models.PositiveSmallIntegerField(_("số câu đúng"), default=0)
    total = models.PositiveSmallIntegerField(_("số câu"), default=0)
    duration_ms = models.PositiveIntegerField(_("thời gian làm bài (ms)"), null=True, blank=True)

    class Meta:
        verbose_name = _("lượt thi trắc nghiệm")
        verbose_name_plural = _("lượt thi trắc nghiệm")
        ordering = ["contest", "user", "number"]
        constraints = [
            models.UniqueConstraint(fields=["contest", "user", "number"], name="contest_attempt_number_unique"),
            models.CheckConstraint(condition=models.Q(number__gte=1, number__lte=MAX_ATTEMPTS_LIMIT),
                                   name="contest_attempt_number_range"),
        ]

    def __str__(self):
        return f"{self.user} — {self.contest} #{self.number}"

    @property
    def is_submitted(self):
        return self.submitted_at is not None

    def is_running(self, now=None):
        return self.submitted_at is None and (now or timezone.now()) < self.deadline_at

    @property
    def duration_seconds(self):
        return None if self.duration_ms is None else self.duration_ms / 1000


class ContestEntry(models.Model):
    """A member's entry: one of their submissions. One entry per member and contest (a constraint);
    it qualifies once the submission is approved for publication."""

    contest = models.ForeignKey(Contest, on_delete=models.CASCADE, related_name="entries")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="contest_entries")
    unit = models.ForeignKey("unions.Union", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    submission = models.ForeignKey("submissions.Submission", on_delete=models.PROTECT, related_name="contest_entries")
    rules = models.ForeignKey(ContestRules, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("bài dự thi")
        verbose_name_plural = _("bài dự thi")
        ordering = ["contest", "created_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["contest", "user"], name="contest_entry_one_per_member"),
            models.UniqueConstraint(fields=["contest", "submission"], name="contest_entry_submission_once"),
        ]

    def __str__(self):
        return f"{self.contest} — {self.submission}"

    @property
    def qualifies(self):
        from submissions.models import Status

        return self.submission.status == Status.PUBLISHED


class ContestVote(models.Model):
    """A member's vote. ``slot`` is the entry's id for "one vote per entry" and 0 for "one vote per
    contest", so one unique constraint on (contest, voter, slot) enforces either rule."""

    contest = models.ForeignKey(Contest, on_delete=models.CASCADE, related_name="votes")
    entry = models.ForeignKey(ContestEntry, on_delete=models.CASCADE, related_name="votes")
    voter = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    slot = models.PositiveBigIntegerField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["contest", "voter", "slot"], name="contest_vote_once")]

    def __str__(self):
        return f"{self.voter} → {self.entry}"


class JuryScore(models.Model):
    entry = models.ForeignKey(ContestEntry, on_delete=models.CASCADE, related_name="jury_scores")
    juror = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    criterion = models.CharField(_("tiêu chí"), max_length=120)
    score = models.PositiveSmallIntegerField(_("điểm (0–10)"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["entry", "juror", "criterion"], name="jury_score_once"),
            models.CheckConstraint(condition=models.Q(score__lte=10), name="jury_score_max_10"),
        ]

    def __str__(self):
        return f"{self.entry} — {self.criterion}: {self.score}"


class Draw(models.Model):
    """The one choice of winners of a contest (a ranking, or the verifiable draw)."""

    contest = models.OneToOneField(Contest, on_delete=models.CASCADE, related_name="draw")
    method = models.CharField(max_length=12, choices=Contest.Method.choices)
    seed = models.CharField(max_length=64, blank=True)
    candidates = models.JSONField(default=list)  # the published, sorted list the winners came from
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("kết quả chọn giải")
        verbose_name_plural = _("kết quả chọn giải")

    def __str__(self):
        return f"{self.contest} — {self.method}"


class Winner(models.Model):
    class Display(models.TextChoices):
        INITIALS = "initials", _("Tên viết tắt và đơn vị")
        FULL = "full", _("Họ và tên đầy đủ")

    contest = models.ForeignKey(Contest, on_delete=models.CASCADE, related_name="winners")
    draw = models.ForeignKey(Draw, on_delete=models.CASCADE, related_name="winners")
    position = models.PositiveSmallIntegerField()
    prize = models.ForeignKey(Prize, on_delete=models.PROTECT, related_name="winners")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="contest_wins")
    unit = models.ForeignKey("unions.Union", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    code = models.CharField(max_length=40)
    display = models.CharField(_("tên công bố"), max_length=10, choices=Display.choices, default=Display.INITIALS)

    class Meta:
        ordering = ["contest", "position"]
        constraints = [
            models.UniqueConstraint(fields=["contest", "position"], name="winner_position_unique"),
            models.UniqueConstraint(fields=["contest", "user"], name="winner_one_prize_per_member"),
        ]

    def __str__(self):
        return f"{self.prize} — {self.public_name}"

    @property
    def public_name(self):
        """The name as the winner agreed: full name, or initials (the given name kept) and unit."""
        name = self.user.full_name or self.user.get_username()
        if self.display == self.Display.FULL:
            return name
        return initials_name(name)


class PrizeHandover(models.Model):
    winner = models.OneToOneField(Winner, on_delete=models.CASCADE, related_name="handover")
    handed_at = models.DateTimeField(_("trao lúc"))
    handed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    note = models.CharField(_("ghi chú"), max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self):
        return f"{self.winner} — {self.handed_at:%d/%m/%Y}"


class LiveRound(models.Model):
    """A quiz contest played live at a union meeting: the officer shows one question at a time on a
    big screen, the members answer on their phones, and the scoreboard appears after each question.

    State rules (documented here, enforced by ``services.live_round_advance``):

    - ``lobby`` → ``question`` (index 0) → ``reveal`` → ``question`` (index + 1) → … → ``reveal`` of
      the last question → ``finished``; the host may finish at any state.
    - Every move adds one to ``step``, and is made only from the ``step`` the host's page showed
      (a conditional move on the locked row), so a double click or two host browsers move once.
      Pages poll ``step`` to know that something changed.
    - Answers are taken only in ``question`` state for the current question, until
      ``question_ends_at`` by the server's clock (reveal closes the question at once); one answer
      per member and question (a constraint). Correct choices reach no browser before ``reveal``.
    - One round at a time per contest (a partial unique constraint). On ``finished`` each
      participant's result is kept as one of their :class:`ContestAttempt` (within the contest's
      attempt limit), so the ranking, the draw, the leaderboards and the reports count live play.
    """

    class State(models.TextChoices):
        LOBBY = "lobby", _("Chờ bắt đầu")
        QUESTION = "question", _("Đang trả lời")
        REVEAL = "reveal", _("Công bố đáp án")
        FINISHED = "finished", _("Đã kết thúc")

    contest = models.ForeignKey(Contest, on_delete=models.CASCADE, related_name="live_rounds")
    host = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                             related_name="+")
    state = models.CharField(_("trạng thái"), max_length=10, choices=State.choices, default=State.LOBBY)
    step = models.PositiveIntegerField(default=0)
    index = models.PositiveSmallIntegerField(_("câu hiện tại"), default=0)
    paper = models.JSONField(default=list, blank=True)  # [{"q": question id, "c": [choice ids in shown order]}]
    seconds_per_question = models.PositiveSmallIntegerField(_("thời gian mỗi câu (giây)"), default=20)
    question_started_at = models.DateTimeField(null=True, blank=True)
    question_ends_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("vòng chơi trực tiếp")
        verbose_name_plural = _("vòng chơi trực tiếp")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["contest"], condition=~models.Q(state="finished"),
                                    name="contest_one_live_round_running"),
            models.CheckConstraint(condition=models.Q(seconds_per_question__gte=5, seconds_per_question__lte=300),
                                   name="live_round_seconds_range"),
        ]

    def __str__(self):
        return f"{self.contest} — {self.created_at:%d/%m/%Y %H:%M}"

    @property
    def question_count(self):
        return len(self.paper)

    @property
    def current(self):
        """The current paper item ``{"q": id, "c": [ids]}``, or None in the lobby and at the end."""
        if self.state in (self.State.QUESTION, self.State.REVEAL) and self.index < len(self.paper):
            return self.paper[self.index]
        return None

    def is_last_question(self):
        return self.index + 1 >= len(self.paper)

    def takes_answers(self, now=None):
        return (self.state == self.State.QUESTION and self.question_ends_at is not None
                and (now or timezone.now()) <= self.question_ends_at)

    def seconds_left(self, now=None):
        if self.state != self.State.QUESTION or self.question_ends_at is None:
            return 0
        return max(int((self.question_ends_at - (now or timezone.now())).total_seconds() + 0.999), 0)


class LiveAnswer(models.Model):
    """One member's answer to one question of a live round (one per member and question)."""

    round = models.ForeignKey(LiveRound, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(ContestQuestion, on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    unit = models.ForeignKey("unions.Union", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    choice = models.ForeignKey(ContestChoice, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    ok = models.BooleanField(default=False)
    elapsed_ms = models.PositiveIntegerField(default=0)
    answered_at = models.DateTimeField()

    class Meta:
        verbose_name = _("câu trả lời trực tiếp")
        verbose_name_plural = _("câu trả lời trực tiếp")
        constraints = [
            models.UniqueConstraint(fields=["round", "question", "user"], name="live_answer_one_per_question"),
        ]

    def __str__(self):
        return f"{self.user} — {self.question_id}"


class EntryIntent(models.Model):
    """A submission sent through the submission form for an entry contest (``contests.entry_intents``).

    Made with the submission, in its transaction; ``rules`` is the version in force when the member
    sent it for review. When the submission is approved for publication it becomes the member's
    entry under that version (``services.entry_intents_resolve``) if the contest is still open and
    the member has no entry yet; otherwise ``outcome`` says why not, and the member is told.
    """

    class Outcome(models.TextChoices):
        WAITING = "waiting", _("Chờ duyệt")
        ENTERED = "entered", _("Đã thành bài dự thi")
        CLOSED = "closed", _("Cuộc thi đã kết thúc trước khi bài được duyệt")
        HAS_ENTRY = "has_entry", _("Bạn đã có bài dự thi khác")
        NOT_ELIGIBLE = "not_eligible", _("Không thuộc đối tượng hoặc thể loại dự thi")

    submission = models.OneToOneField("submissions.Submission", on_delete=models.CASCADE, related_name="entry_intent")
    contest = models.ForeignKey(Contest, verbose_name=_("cuộc thi"), on_delete=models.CASCADE,
                                related_name="entry_intents")
    rules = models.ForeignKey(ContestRules, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    outcome = models.CharField(_("kết quả"), max_length=12, choices=Outcome.choices, default=Outcome.WAITING)
    entry = models.OneToOneField(ContestEntry, null=True, blank=True, on_delete=models.SET_NULL, related_name="intent")
    created_at = models.DateTimeField(auto_now_add=True)
    resolved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("bài gửi dự thi qua mẫu gửi bài")
        verbose_name_plural = _("bài gửi dự thi qua mẫu gửi bài")
        ordering = ["contest", "created_at", "id"]

    def __str__(self):
        return f"{self.contest} — {self.submission}"
