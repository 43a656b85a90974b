"""Views of the prize contests (quiz contests and entry contests): thin — parse, look up through
``access``, call one service, render."""


from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core import exporters, once
from core.errors import ServiceError
from unions.access import officer_required
from unions.models import Union
from unions.pickers import suggest_units

from . import access, selectors, services
from .draw import RECOMPUTE_SNIPPET
from .exports import HandoverExporter
from .forms import (
    ContestForm,
    HandoverForm,
    ImportForm,
    PrizeForm,
    QuestionForm,
    RulesForm,
    WinnerDisplayForm,
)
from .models import Contest, ContestQuestion, Prize


def _units(request):
    return Union.objects.filter(request.scope.filter("path")).order_by("path")


def _setup_url(contest):
    return reverse("contest_setup", args=[contest.slug])


# --- Members and the public --------------------------------------------------------------------


def prize_contest_detail(request, slug):
    contest = access.get_contest_for_user(request.user, slug)
    user = request.user
    unit = access.contest_player_unit(user, contest)
    context = {
        "contest": contest,
        "rules": selectors.current_rules(contest),
        "prizes": list(contest.prizes.all()),
        "player_unit": unit,
        "may_manage": access.may_manage_contest(user, contest),
        "winners": selectors.winners_of(contest),
    }
    if user.is_authenticated:
        context["my_attempts"] = list(contest.attempts.filter(user=user).order_by("number"))
        context["running"] = next((a for a in context["my_attempts"] if a.is_running()), None)
        context["attempts_left"] = max(contest.max_attempts - len(context["my_attempts"]), 0)
        context["my_entry"] = contest.entries.filter(user=user).select_related("submission").first()
        if contest.kind == Contest.Kind.ENTRY and unit is not None and context["my_entry"] is None:
            context["my_submissions"] = selectors.enterable_submissions(user, contest)
            context["my_intent"] = selectors.waiting_intent(user, contest)
            context["new_entry_kind"] = services.NEW_ENTRY_KIND.get(contest.entry_kind, "")
            context["entry_token"] = once.issue()
        context["my_win"] = next((w for w in context["winners"] if w.user_id == user.pk), None)
    if contest.kind == Contest.Kind.ENTRY:
        context["entries"] = selectors.public_entries(contest, user)
    else:
        context["live_round"] = selectors.live_round_of(contest)
    return render(request, "contests/contest_detail.html", context)


def contest_rules(request, slug):
    """"Luật chơi": the current rules and every earlier published version (``?v=N``)."""
    contest = access.get_contest_for_user(request.user, slug)
    versions = list(contest.rules_versions.all())
    shown = versions[0] if versions else None
    if request.GET.get("v", "").isdigit():
        shown = next((v for v in versions if v.version == int(request.GET["v"])), None)
        if shown is None:
            raise Http404
    return render(request, "contests/rules.html", {
        "contest": contest, "versions": versions, "shown": shown, "prizes": list(contest.prizes.all()),
    })


def contest_winners(request, slug):
    contest = access.get_contest_for_user(request.user, slug)
    draw = selectors.draw_of(contest)
    return render(request, "contests/winners.html", {
        "contest": contest, "draw": draw, "winners": selectors.winners_of(contest),
        "snippet": RECOMPUTE_SNIPPET, "slot_count": len(services.prize_slots(contest)),
    })


def contest_leaderboard(request, slug):
    contest = access.get_contest_for_user(request.user, slug)
    return render(request, "contests/leaderboard.html", {
        "contest": contest, "units": selectors.unit_participation(contest),
    })


@login_required
def contest_points(request):
    history = selectors.points_history(request.user)
    unit = access.scope_for(request.user).member_units[0] if access.scope_for(request.user).member_units else None
    return render(request, "contests/points.html", {
        "history": history, "total": sum(item.points for item in history), "unit": unit,
        "board": selectors.unit_points_board(unit) if unit else [],
    })


@login_required
@require_POST
def contest_play(request, slug):
    contest = access.get_contest_for_user(request.user, slug)
    try:
        attempt = services.attempt_start(contest=contest, user=request.user,
                                         unit=access.contest_player_unit(request.user, contest))
    except ServiceError as exc:
        messages.warning(request, str(exc))
        return redirect(contest)
    return redirect("contest_attempt", slug=contest.slug, number=attempt.number)


@login_required
def contest_attempt(request, slug, number):
    contest = access.get_contest_for_user(request.user, slug)
    attempt = access.get_attempt_for_user(request.user, contest, number)
    if request.method == "POST":
        answers = {}
        for item in attempt.paper:
            value = request.POST.get(f"q_{item['q']}", "")
            if value.isdigit():
                answers[item["q"]] = int(value)
        try:
            attempt = services.attempt_submit(attempt=attempt, user=request.user, answers=answers)
        except ServiceError as exc:
            messages.warning(request, str(exc))
        else:
            if attempt.late:
                messages.warning(request, _("Bài nộp sau khi hết giờ nên không được tính điểm."))
            else:
                messages.success(request, _("Bạn đúng %(score)s/%(total)s câu.") % {"score": attempt.score,
                                                                                    "total": attempt.total})
        return redirect("contest_attempt", slug=contest.slug, number=attempt.number)
    return render(request, "contests/attempt.html", {
        "contest": contest, "attempt": attempt, "paper": selectors.paper_of(attempt),
        "seconds_left": max(int((attempt.deadline_at - timezone.now()).total_seconds()), 0),
    })


@login_required
def contest_attempt_json(request, slug, number):
    """The attempt's questions and choices as JSON (what a client app would render): never which
    choice is right until the attempt is submitted."""
    contest = access.get_contest_for_user(request.user, slug)
    attempt = access.get_attempt_for_user(request.user, contest, number)
    paper = selectors.paper_of(attempt)
    data = {
        "contest": contest.slug, "number": attempt.number, "deadline": attempt.deadline_at.isoformat(),
        "submitted": attempt.is_submitted,
        "questions": [{"id": q["id"], "text": q["text"], "choices": [{"id": c["id"], "text": c["text"]} for c in q["choices"]]}
                      for q in paper],
    }
    if attempt.is_submitted:
        data["score"], data["total"] = attempt.score, attempt.total
        data["review"] = attempt.answers
    return JsonResponse(data)


@login_required
@require_POST
def contest_enter(request, slug):
    contest = access.get_contest_for_user(request.user, slug)
    submission = selectors.enterable_submissions(request.user, contest).filter(
        pk=request.POST.get("submission") if str(request.POST.get("submission", "")).isdigit() else None
    ).first()

    def enter():
        if submission is None:  # checked here: on a repeat the entered item is no longer offered
            raise ServiceError(_("Hãy chọn một bài của bạn để dự thi."))
        return services.entry_create(contest=contest, user=request.user, submission=submission,
                                     unit=access.contest_player_unit(request.user, contest))

    try:
        _entry, created = once.create_once(
            user=request.user, token=once.token_of(request), form="contestentry", create=enter,
            find=lambda pk: access.get_own_entry(request.user, contest, pk),
        )
    except ServiceError as exc:
        messages.warning(request, str(exc))
    else:
        messages.success(request, _("Đã gửi bài dự thi.") if created else _("Bài dự thi đã được gửi trước đó."))
    return redirect(contest)


@login_required
@require_POST
def contest_vote(request, slug, pk):
    contest = access.get_contest_for_user(request.user, slug)
    entry = access.get_entry_for_user(request.user, contest, pk)
    try:
        services.vote_cast(entry=entry, voter=request.user, unit=access.contest_player_unit(request.user, contest))
    except ServiceError as exc:
        messages.warning(request, str(exc))
    else:
        messages.success(request, _("Cảm ơn bạn đã bình chọn."))
    return redirect(contest)


@login_required
@require_POST
def contest_winner_name(request, slug, pk):
    contest = access.get_contest_for_user(request.user, slug)
    winner = next((w for w in selectors.winners_of(contest) if w.pk == pk and w.user_id == request.user.pk), None)
    if winner is None:
        raise Http404
    form = WinnerDisplayForm(request.POST)
    if form.is_valid():
        services.winner_display_set(winner=winner, user=request.user, display=form.cleaned_data["display"])
        messages.success(request, _("Đã lưu cách công bố tên của bạn."))
    return redirect("contest_winners", slug=contest.slug)


# --- Officers ------------------------------------------------------------------------------------


@officer_required
def contest_manage(request):
    contests = selectors.managed_contests(request.user)
    return render(request, "contests/manage.html", {"contests": contests})


@officer_required
def contest_create(request):
    form = ContestForm(request.POST or None, units=_units(request))
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        rules_body = data.pop("rules_body")
        try:
            contest = services.contest_create(user=request.user, rules_body=rules_body, **data)
        except ServiceError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, str(exc))
        else:
            messages.success(request, _("Đã tạo cuộc thi “%(t)s” (bản nháp).") % {"t": contest.title})
            return redirect(_setup_url(contest))
    return render(request, "campaigns/form.html", {"form": form, "title": _("Tạo cuộc thi"),
                                                  "cancel": reverse("contest_manage")})


@officer_required
def contest_unit_search(request):
    """The contest form's unit suggestions (htmx): at most 20 units of the officer's subtrees."""
    field = "eligible_unit" if "eligible_unit" in request.GET else "unit"
    return render(request, "unions/_unit_options.html",
                  {"units": suggest_units(_units(request), request.GET.get(field, ""))})


@officer_required
def contest_edit(request, slug):
    contest = access.get_contest_for_manager(request.user, slug)
    units = Union.objects.filter(request.scope.filter("path") | Q(pk__in=[contest.unit_id, contest.eligible_unit_id]))
    form = ContestForm(request.POST or None, instance=contest, units=units, with_rules=False)
    if request.method == "POST" and form.is_valid():
        try:
            services.contest_update(contest=contest, user=request.user, **form.cleaned_data)
        except ServiceError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, str(exc))
        else:
            messages.success(request, _("Đã lưu cuộc thi."))
            return redirect(_setup_url(contest))
    return render(request, "campaigns/form.html", {"form": form, "title": _("Sửa cuộc thi"), "cancel": _setup_url(contest)})


@officer_required
def contest_setup(request, slug):
    contest = access.get_contest_for_manager(request.user, slug)
    return render(request, "contests/setup.html", {
        "contest": contest, "rules": selectors.current_rules(contest), "prizes": list(contest.prizes.all()),
        "questions": list(contest.questions.prefetch_related("choices")) if contest.is_quiz else [],
        "rules_form": RulesForm(initial={"body": getattr(selectors.current_rules(contest), "body", "")}),
        "prize_form": PrizeForm(), "question_form": QuestionForm(), "import_form": ImportForm(),
        "draw": selectors.draw_of(contest), "stats": selectors.contest_stats(contest),
        "entries": selectors.ranked_for_officer(contest) if contest.kind == Contest.Kind.ENTRY else [],
        "criteria": contest.criteria() if contest.winner_method == Contest.Method.JURY else [],
    })


def _act(request, contest, fn, success):
    try:
        fn()
    except ServiceError as exc:
        messages.warning(request, str(exc))
    else:
        messages.success(request, success)
    return redirect(_setup_url(contest))


@officer_required
@require_POST
def contest_rules_new(request, slug):
    contest = access.get_contest_for_manager(request.user, slug)
    form = RulesForm(request.POST)
    if not form.is_valid():
        messages.warning(request, _("Thể lệ không được để trống."))
        return redirect(_setup_url(contest))
    return _act(request, contest, lambda: services.contest_rules_publish(contest=contest, user=request.user,
                                                                         **form.cleaned_data),
                _("Đã công bố phiên bản thể lệ mới."))


@officer_required
@require_POST
def contest_prize_add(request, slug):
    contest = access.get_contest_for_manager(request.user, slug)
    form = PrizeForm(request.POST)
    if not form.is_valid():
        messages.warning(request, _("Hãy điền tên, số lượng và trị giá của giải."))
        return redirect(_setup_url(contest))
    return _act(request, contest, lambda: services.prize_add(contest=contest, user=request.user, **form.cleaned_data),
                _("Đã thêm giải thưởng."))


@officer_required
@require_POST
def contest_prize_delete(request, slug, pk):
    contest = access.get_contest_for_manager(request.user, slug)
    prize = Prize.objects.filter(contest=contest, pk=pk).first()
    if prize is None:
        raise Http404
    return _act(request, contest, lambda: services.prize_remove(prize=prize, user=request.user), _("Đã xóa giải."))


@officer_required
@require_POST
def contest_question_add(request, slug):
    contest = access.get_contest_for_manager(request.user, slug)
    form = QuestionForm(request.POST)
    if not form.is_valid():
        messages.warning(request, _("Hãy điền câu hỏi, ít nhất hai phương án và phương án đúng."))
        return redirect(_setup_url(contest))
    return _act(request, contest, lambda: services.question_add(
        contest=contest, user=request.user, text=form.cleaned_data["text"], choices=form.choices(),
        explanation=form.cleaned_data["explanation"]), _("Đã thêm câu hỏi."))


@officer_required
@require_POST
def contest_question_delete(request, slug, pk):
    contest = access.get_contest_for_manager(request.user, slug)
    question = ContestQuestion.objects.filter(contest=contest, pk=pk).first()
    if question is None:
        raise Http404
    return _act(request, contest, lambda: services.question_remove(question=question, user=request.user),
                _("Đã xóa câu hỏi."))


@officer_required
@require_POST
def contest_questions_import(request, slug):
    contest = access.get_contest_for_manager(request.user, slug)
    form = ImportForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.warning(request, " ".join(str(e) for e in form.errors.get("sheet", [_("Hãy chọn tệp.")])))
        return redirect(_setup_url(contest))
    sheet = form.cleaned_data["sheet"]
    try:
        count = services.questions_import(contest=contest, user=request.user, name=sheet.name, data=sheet.read())
    except ServiceError as exc:
        messages.warning(request, str(exc))
    else:
        messages.success(request, _("Đã nhập %(n)s câu hỏi.") % {"n": count})
    return redirect(_setup_url(contest))


@officer_required
@require_POST
def contest_publish(request, slug):
    contest = access.get_contest_for_manager(request.user, slug)
    return _act(request, contest, lambda: services.contest_publish(contest=contest, user=request.user),
                _("Đã công bố cuộc thi."))


@officer_required
@require_POST
def contest_draw(request, slug):
    contest = access.get_contest_for_manager(request.user, slug)
    try:
        _draw, created = services.winners_choose(contest=contest, user=request.user)
    except ServiceError as exc:
        messages.warning(request, str(exc))
        return redirect(_setup_url(contest))
    if created:
        messages.success(request, _("Đã chọn người đoạt giải."))
    else:
        messages.info(request, _("Cuộc thi đã có kết quả; kết quả không đổi."))
    return redirect("contest_winners", slug=contest.slug)


@officer_required
def contest_handover(request, slug):
    contest = access.get_contest_for_manager(request.user, slug)
    form = HandoverForm(request.POST or None, initial={"handed_at": timezone.localtime().replace(second=0, microsecond=0)})
    if request.method == "POST":
        winner = access.get_winner_for_manager(contest, int(request.POST.get("winner", 0) or 0)
                                               if str(request.POST.get("winner", "")).isdigit() else 0)
        if form.is_valid():
            try:
                services.handover_record(winner=winner, user=request.user, **form.cleaned_data)
            except ServiceError as exc:
                messages.warning(request, str(exc))
            else:
                messages.success(request, _("Đã ghi nhận trao giải."))
        else:
            messages.warning(request, _("Hãy nhập thời điểm trao giải."))
        return redirect("contest_handover", slug=contest.slug)
    return render(request, "contests/handover.html", {
        "contest": contest, "winners": selectors.winners_of(contest, handovers=True), "form": form,
    })


@officer_required
def contest_handover_export(request, slug):
    contest = access.get_contest_for_manager(request.user, slug)
    return exporters.xlsx_response(HandoverExporter(contest), f"trao-giai-{contest.slug}.xlsx")


@officer_required
@require_POST
def contest_jury(request, slug, pk):
    """A juror (an officer managing the contest) scores an entry, 0–10 per criterion."""
    contest = access.get_contest_for_manager(request.user, slug)
    entry = access.get_entry_for_user(request.user, contest, pk)
    scores = {}
    for i, criterion in enumerate(contest.criteria()):
        value = request.POST.get(f"c{i}", "")
        scores[criterion] = int(value) if value.isdigit() else -1
    return _act(request, contest, lambda: services.jury_scores_set(entry=entry, juror=request.user, scores=scores),
                _("Đã lưu điểm giám khảo."))
