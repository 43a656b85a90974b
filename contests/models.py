"""The quiz engine. A later issue adds entry contests, votes, prizes and draws beside ``Quiz``.

One :class:`Attempt` row per member and quiz (a database constraint): it keeps the number of tries,
the last and the best score and when the member first passed, so "one attempt per member" contests
(``max_tries=1``) and "learn until you pass" lesson quizzes (``max_tries=0``) share one model.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


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
