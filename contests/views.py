from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from core.ratelimit import rate_limit

from . import access, selectors, services
from .forms import QuizForm
from .models import Contest
from .prize_views import prize_contest_detail


def contest_list(request):
    quizzes = access.quizzes_visible_to(request.user).order_by("-created_at", "-id")
    page = Paginator(quizzes, 30).get_page(request.GET.get("page"))
    attempts = selectors.attempts_by_quiz(request.user, page)
    for quiz in page:
        quiz.my_attempt = attempts.get(quiz.pk)
    return render(request, "contests/list.html", {
        "page": page, **selectors.contest_board(request.user),
        "manages": request.user.is_authenticated and request.scope.is_officer,
    })


@rate_limit("contest_play")
def contest_detail(request, slug):
    if Contest.objects.filter(slug=slug).exists():
        return prize_contest_detail(request, slug)
    quiz = access.get_quiz_for_user(request.user, slug)
    attempt = selectors.attempt_for(request.user, quiz)
    can_play = access.may_play(request.user, quiz) and quiz.is_open() and (attempt is None or attempt.may_try_again())
    form = QuizForm(request.POST or None, quiz=quiz) if can_play else None
    if request.method == "POST":
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if form is None:
            messages.warning(request, _("Bạn không thể làm bài trắc nghiệm này lúc này."))
            return redirect(quiz)
        if form.is_valid():
            try:
                result = services.quiz_submit(quiz=quiz, user=request.user, answers=form.answers(),
                                              unit=access.player_unit(request.user, quiz))
            except services.ServiceError as exc:
                messages.warning(request, str(exc))
            else:
                if result.passed:
                    messages.success(request, _("Chúc mừng! Bạn đạt %(score)s/%(total)s câu.") % {"score": result.score, "total": result.total})
                else:
                    messages.warning(request, _("Bạn đúng %(score)s/%(total)s câu, chưa đạt. Hãy đọc lại bài và thử lần nữa.") % {"score": result.score, "total": result.total})
            return redirect(quiz)
    review = []
    if attempt and attempt.tries:
        for question in quiz.questions.all():
            item = attempt.last_answers.get(str(question.pk), {})
            chosen = next((c for c in question.choices.all() if c.pk == item.get("choice")), None)
            review.append({"question": question, "chosen": chosen, "ok": item.get("ok", False)})
    return render(request, "contests/detail.html", {
        "quiz": quiz, "attempt": attempt, "form": form, "review": review,
        "may_play": access.may_play(request.user, quiz),
    })
