"""Live rounds of a quiz contest: the officer's big screen, the members' phones and the scoreboard
after each question. Short polling through htmx (``hx-trigger="every 2s"``): the phone's state
fragment answers 204 while nothing changed, so polling costs one small query per phone. Thin views:
look up through ``access``, call one service, render."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.errors import ServiceError
from unions.access import officer_required

from . import access, selectors, services
from .models import LiveRound


def _quiz_for_user(user, slug):
    contest = access.get_contest_for_user(user, slug)
    if not contest.is_quiz:
        raise Http404
    return contest


def _step_of(request):
    raw = request.POST.get("step", request.GET.get("step", ""))
    return int(raw) if raw.isdigit() else -1


def _player_context(request, contest, live, error=""):
    user = request.user
    context = {"contest": contest, "live": live, "error": error,
               "player_unit": access.contest_player_unit(user, contest)}
    if live is None:
        return context
    reveal = live.state == LiveRound.State.REVEAL
    context["question"] = selectors.live_question(live, reveal=reveal)
    context["my_answer"] = selectors.live_my_answer(live, user)
    if live.state in (LiveRound.State.REVEAL, LiveRound.State.FINISHED):
        context["board"], context["mine"] = selectors.live_scoreboard(
            live, user if user.is_authenticated else None)
    return context


def contest_live(request, slug):
    """The member's phone page: the round's current question, their answer, the scoreboard."""
    contest = _quiz_for_user(request.user, slug)
    live = selectors.live_round_of(contest)
    return render(request, "contests/live.html", _player_context(request, contest, live))


def contest_live_state(request, slug):
    """The phone's polled fragment; 204 (htmx keeps what it shows) while the round's step is the
    one the phone has."""
    contest = _quiz_for_user(request.user, slug)
    live = selectors.live_round_of(contest)
    if live is not None and _step_of(request) == live.step and request.GET.get("round") == str(live.pk):
        return HttpResponse(status=204)
    if live is None and request.GET.get("round") == "none":
        return HttpResponse(status=204)
    return render(request, "contests/_live_player.html", _player_context(request, contest, live))


@login_required
@require_POST
def contest_live_answer(request, slug):
    contest = _quiz_for_user(request.user, slug)
    live = selectors.live_round_of(contest)
    choice = request.POST.get("choice", "")
    error = ""
    try:
        if live is None:
            raise ServiceError(_("Chưa có vòng chơi trực tiếp nào."))
        services.live_answer(live_round=live, user=request.user, choice_id=int(choice) if choice.isdigit() else None,
                             unit=access.contest_player_unit(request.user, contest), step=_step_of(request))
    except ServiceError as exc:
        error = str(exc)
    if request.htmx:
        return render(request, "contests/_live_player.html", _player_context(request, contest, live, error))
    if error:
        messages.warning(request, error)
    return redirect("contest_live", slug=contest.slug)


def _host_context(request, contest):
    live = selectors.live_round_of(contest)
    context = {"contest": contest, "live": live,
               "join_url": request.build_absolute_uri(reverse("contest_live", args=[contest.slug])),
               "seconds_default": services.LIVE_SECONDS_DEFAULT}
    if live is not None:
        context["question"] = selectors.live_question(live, reveal=live.state == LiveRound.State.REVEAL)
        context["answer_count"] = selectors.live_answer_count(live)
        if live.state in (LiveRound.State.REVEAL, LiveRound.State.FINISHED):
            context["board"], _mine = selectors.live_scoreboard(live)
    return context


@officer_required
def contest_live_host(request, slug):
    """The big screen: the join link and its QR code, the question with its countdown, the
    answers coming in, then the right answer and the scoreboard; the host's buttons below."""
    contest = access.get_contest_for_manager(request.user, slug)
    if not contest.is_quiz:
        raise Http404
    context = _host_context(request, contest)
    if request.GET.get("part") == "count":
        return render(request, "contests/_live_count.html", context)
    return render(request, "contests/live_host.html", context)


@officer_required
@require_POST
def contest_live_control(request, slug):
    """The host's buttons: open a round, move it one step on, or finish it."""
    contest = access.get_contest_for_manager(request.user, slug)
    if not contest.is_quiz:
        raise Http404
    action = request.POST.get("action", "")
    try:
        if action == "open":
            seconds = request.POST.get("seconds", "")
            services.live_round_open(contest=contest, user=request.user,
                                     seconds_per_question=int(seconds) if seconds.isdigit() else services.LIVE_SECONDS_DEFAULT)
        elif action in ("next", "finish"):
            live = selectors.live_round_of(contest)
            if live is None:
                raise ServiceError(_("Chưa có vòng chơi trực tiếp nào."))
            services.live_round_advance(live_round=live, user=request.user, step=_step_of(request),
                                        finish=action == "finish")
        else:
            raise ServiceError(_("Thao tác không hợp lệ."))
    except ServiceError as exc:
        messages.warning(request, str(exc))
    return redirect("contest_live_host", slug=contest.slug)


def contest_live_qr(request, slug):
    """The join link of the live page as a QR code (SVG), for the big screen."""
    import qrcode
    import qrcode.image.svg

    contest = _quiz_for_user(request.user, slug)
    url = request.build_absolute_uri(reverse("contest_live", args=[contest.slug]))
    image = qrcode.make(url, image_factory=qrcode.image.svg.SvgPathImage, box_size=10, border=2)
    response = HttpResponse(image.to_string(), content_type="image/svg+xml")
    response["Cache-Control"] = "private, max-age=300"
    return response
