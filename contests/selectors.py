"""Reads for the quiz engine."""

from .access import quizzes_visible_to
from .models import Attempt


def attempt_for(user, quiz):
    if not user.is_authenticated:
        return None
    return Attempt.objects.filter(user=user, quiz=quiz).first()


def attempts_by_quiz(user, quizzes):
    if not user.is_authenticated:
        return {}
    return {a.quiz_id: a for a in Attempt.objects.filter(user=user, quiz__in=list(quizzes))}


# --- Campaign hub hooks (registered in apps.py) ------------------------------------------------


def campaign_entries_count(campaign, unit=None):
    """Members who took part in the campaign's quizzes (one per member and quiz)."""
    qs = Attempt.objects.filter(quiz__campaign=campaign, tries__gt=0)
    if unit is not None:
        qs = qs.filter(unit__path__startswith=unit.path)
    return qs.count()


def campaign_contest_links(campaign, user):
    from .access import contests_visible_to

    contests = [
        {"title": c.title, "url": c.get_absolute_url(), "note": c.summary[:80]}
        for c in contests_visible_to(user).filter(campaign=campaign).order_by("-starts_at")[:5]
    ]
    return contests + [
        {"title": q.title, "url": q.get_absolute_url(), "note": q.description[:80]}
        for q in quizzes_visible_to(user).filter(campaign=campaign)[:10]
    ]


# --- Counts for reports (``reports.indicators``) -----------------------------------------------
# Each takes ``(unit, start, end)``: the unit's subtree (or the unit alone with ``subtree=False``)
# and a date range, both ends included. One query each.


def _day_range(start, end):
    import datetime as dt

    from notifications.deadlines import start_of_day

    return start_of_day(start), start_of_day(end + dt.timedelta(days=1))


def quizzes_held_count(unit, start, end, *, subtree=True):
    """Published quizzes organised by the unit('s subtree) that opened (or were created) in the period."""
    from django.db.models import Q
    from django.db.models.functions import Coalesce

    from .models import Quiz

    since, until = _day_range(start, end)
    q = Q(unit__path__startswith=unit.path) if subtree else Q(unit_id=unit.pk)
    return (
        Quiz.objects.filter(q, is_published=True)
        .annotate(held=Coalesce("opens_at", "created_at"))
        .filter(held__gte=since, held__lt=until)
        .count()
    )


def quiz_participants_count(unit, start, end, *, subtree=True):
    """Distinct members of the unit('s subtree) who played a quiz in the period."""
    from django.db.models import Count, Q

    since, until = _day_range(start, end)
    q = Q(unit__path__startswith=unit.path) if subtree else Q(unit_id=unit.pk)
    return (
        Attempt.objects.filter(q, tries__gt=0, created_at__gte=since, created_at__lt=until)
        .aggregate(n=Count("user", distinct=True))["n"]
    )


def quiz_attempts_count(unit, start, end, *, subtree=True):
    """Attempts (tries) at quizzes by members of the unit('s subtree) who started in the period."""
    from django.db.models import Q, Sum

    since, until = _day_range(start, end)
    q = Q(unit__path__startswith=unit.path) if subtree else Q(unit_id=unit.pk)
    return (
        Attempt.objects.filter(q, created_at__gte=since, created_at__lt=until).aggregate(n=Sum("tries"))["n"] or 0
    )


# --- Prize contests (issue 10) -----------------------------------------------------------------

from dataclasses import dataclass  # noqa: E402

from django.db.models import Count, Min, Prefetch, Q, Sum  # noqa: E402
from django.utils import timezone  # noqa: E402
from django.utils.translation import gettext as _  # noqa: E402

from .access import contests_managed_by, contests_visible_to  # noqa: E402
from .models import (  # noqa: E402
    Contest,
    ContestAttempt,
    ContestChoice,
    ContestEntry,
    ContestRules,
    Draw,
    Prize,
    Winner,
    initials_name,
)


def _with_prizes(qs):
    return qs.prefetch_related(Prefetch("prizes", queryset=Prize.objects.order_by("position", "pk")))


def contest_board(user, now=None):
    """What ``/contests/`` shows beside the quizzes: contests open to the user with their prizes
    and time left, the user's results, and finished contests with winners. Four queries."""
    now = now or timezone.now()
    visible = contests_visible_to(user)
    open_contests = list(_with_prizes(visible.filter(status=Contest.Status.PUBLISHED, starts_at__lte=now,
                                                     ends_at__gt=now).order_by("ends_at")[:30]))
    for contest in open_contests:
        contest.time_left = contest.ends_at - now
    past = list(_with_prizes(visible.filter(status=Contest.Status.FINISHED).order_by("-ends_at")[:10]))
    mine = []
    if user.is_authenticated:
        mine = list(ContestAttempt.objects.filter(user=user, submitted_at__isnull=False)
                    .select_related("contest").order_by("-submitted_at")[:10])
    return {"open_contests": open_contests, "past_contests": past, "my_results": mine}


def current_rules(contest):
    return ContestRules.objects.filter(contest=contest).order_by("-version").first()


def draw_of(contest):
    return Draw.objects.filter(contest=contest).first()


def winners_of(contest, *, handovers=False):
    qs = Winner.objects.filter(contest=contest).select_related("user", "unit", "prize").order_by("position")
    if handovers:
        qs = qs.select_related("handover", "handover__handed_by")
    return list(qs)


def managed_contests(user):
    return list(contests_managed_by(user).annotate(
        attempt_count=Count("attempts", distinct=True), entry_count=Count("entries", distinct=True),
    ).order_by("-starts_at", "-pk")[:100])


def contest_stats(contest):
    people = set(ContestAttempt.objects.filter(contest=contest).values_list("user_id", flat=True))
    people |= set(ContestEntry.objects.filter(contest=contest).values_list("user_id", flat=True))
    return {
        "participants": len(people),
        "attempts": ContestAttempt.objects.filter(contest=contest, submitted_at__isnull=False).count(),
        "entries": ContestEntry.objects.filter(contest=contest).count(),
    }


def enterable_submissions(user, contest):
    """The member's own submissions that may enter: the contest's kind, in review or approved."""
    from submissions.models import Status, Submission

    from .services import ENTRY_KINDS

    return (Submission.objects.filter(author=user, kind__in=ENTRY_KINDS.get(contest.entry_kind, set()),
                                      status__in=[Status.PENDING, Status.PUBLISHED])
            .exclude(contest_entries__contest=contest).order_by("-created_at"))


def waiting_intent(user, contest):
    """The member's newest submission sent for ``contest`` through the submission form and not
    approved yet (it becomes their entry when approved), or None."""
    from .models import EntryIntent

    return (EntryIntent.objects.filter(contest=contest, submission__author=user, outcome=EntryIntent.Outcome.WAITING)
            .select_related("submission").order_by("-created_at", "-pk").first())


def public_entries(contest, user):
    """Approved entries with their vote counts and whether the user voted for each."""
    from submissions.models import Status

    entries = list(ContestEntry.objects.filter(contest=contest, submission__status=Status.PUBLISHED)
                   .select_related("submission", "unit", "user").annotate(vote_count=Count("votes"))
                   .order_by("created_at", "pk"))
    voted = set()
    if user.is_authenticated:
        voted = set(contest.votes.filter(voter=user).values_list("entry_id", flat=True))
    for e in entries:
        e.voted = e.pk in voted
    return entries


def ranked_for_officer(contest):
    from .services import ranked_entries

    return ranked_entries(contest)


def paper_of(attempt):
    """The attempt's questions in its order, each with its choices in its shuffled order. Whether a
    choice is right (and the explanation) is added only once the attempt is submitted."""
    from .models import ContestQuestion

    ids = [item["q"] for item in attempt.paper]
    questions = {q.pk: q for q in ContestQuestion.objects.filter(pk__in=ids)}
    choices = {c.pk: c for c in ContestChoice.objects.filter(question_id__in=ids)}
    done = attempt.is_submitted
    out = []
    for number, item in enumerate(attempt.paper, start=1):
        question = questions.get(item["q"])
        if question is None:
            continue
        review = attempt.answers.get(str(item["q"]), {}) if done else {}
        entry = {"id": question.pk, "number": number, "text": question.text, "choices": []}
        for cid in item["c"]:
            choice = choices.get(cid)
            if choice is None:
                continue
            row = {"id": choice.pk, "text": choice.text}
            if done:
                row["right"] = choice.is_correct
                row["chosen"] = review.get("choice") == choice.pk
            entry["choices"].append(row)
        if done:
            entry["ok"] = review.get("ok", False)
            entry["explanation"] = question.explanation
        out.append(entry)
    return out


def unit_participation(contest):
    """Units of the contest's eligible subtree (those with members) ranked by participation rate:
    distinct participants / members. Two queries."""
    from unions.models import Union

    participants = {}
    for model in (ContestAttempt, ContestEntry):
        for unit_id, n in (model.objects.filter(contest=contest, unit__isnull=False).values("unit")
                           .annotate(n=Count("user", distinct=True)).values_list("unit", "n")):
            participants[unit_id] = max(participants.get(unit_id, 0), n)
    units = list(Union.objects.filter(path__startswith=contest.eligible_unit.path, member_count__gt=0)
                 .only("pk", "name", "member_count")[:500])
    rows = []
    for u in units:
        n = participants.get(u.pk, 0)
        rows.append({"unit": u, "participants": n, "members": u.member_count, "rate": n / u.member_count})
    rows.sort(key=lambda r: (-r["rate"], -r["participants"], r["unit"].name))
    for rank, row in enumerate(rows, start=1):
        row["rank"] = rank
        row["percent"] = f"{100 * row['rate']:.1f}".replace(".", ",")
    return rows


# --- Points: verified outcomes only ------------------------------------------------------------

POINTS = {"story": 10, "share": 2, "lesson": 5, "win": 20}  # plus one point per right answer in a contest


@dataclass
class PointsItem:
    when: object
    label: str
    points: int
    url: str = ""


def points_history(user):
    """The user's points, newest first: approved stories, verified share proofs, passed lessons, and
    contest results (right answers of the best on-time attempt per contest, prizes won). Raw clicks
    never count. Four queries."""
    from campaigns.models import LessonCompletion, ShareProof
    from submissions.models import Submission

    items = []
    for s in Submission.objects.published().filter(author=user).only("pk", "title", "published_at", "created_at"):
        items.append(PointsItem(s.published_at or s.created_at, _("Bài được duyệt đăng: %(t)s") % {"t": s.title},
                                POINTS["story"], f"/stories/{s.pk}/"))
    for p in ShareProof.objects.filter(user=user, status=ShareProof.Status.VERIFIED).select_related("kit"):
        items.append(PointsItem(p.decided_at or p.created_at, _("Chia sẻ được xác minh: %(t)s") % {"t": p.kit},
                                POINTS["share"]))
    for c in LessonCompletion.objects.filter(user=user).select_related("lesson"):
        items.append(PointsItem(c.completed_at, _("Hoàn thành bài học: %(t)s") % {"t": c.lesson.title},
                                POINTS["lesson"], c.lesson.get_absolute_url()))
    best = {}
    for a in (ContestAttempt.objects.filter(user=user, submitted_at__isnull=False, late=False)
              .select_related("contest").order_by("-score", "duration_ms")):
        best.setdefault(a.contest_id, a)
    for a in best.values():
        if a.score:
            items.append(PointsItem(a.submitted_at, _("Kết quả cuộc thi: %(t)s (%(s)s/%(n)s câu)")
                                    % {"t": a.contest.title, "s": a.score, "n": a.total}, a.score,
                                    a.contest.get_absolute_url()))
    for w in Winner.objects.filter(user=user).select_related("contest", "prize", "draw"):
        items.append(PointsItem(w.draw.created_at, _("Đoạt %(p)s, %(t)s") % {"p": w.prize.name, "t": w.contest.title},
                                POINTS["win"], w.contest.get_absolute_url()))
    items.sort(key=lambda i: i.when, reverse=True)
    return items


def unit_points_board(unit, limit=20):
    """Members of ``unit`` ranked by points (same rules as :func:`points_history`). One grouped
    query per source."""
    from campaigns.models import LessonCompletion, ShareProof
    from submissions.models import Submission
    from unions.models import Membership

    members = dict(Membership.objects.active().filter(union=unit).values_list("user_id", "user__full_name"))
    totals = dict.fromkeys(members, 0)

    def add(rows, weight):
        for user_id, n in rows:
            if user_id in totals:
                totals[user_id] += weight * n

    ids = list(members)
    add(Submission.objects.published().filter(author_id__in=ids).values("author").annotate(n=Count("pk"))
        .values_list("author", "n"), POINTS["story"])
    add(ShareProof.objects.filter(user_id__in=ids, status=ShareProof.Status.VERIFIED).values("user")
        .annotate(n=Count("pk")).values_list("user", "n"), POINTS["share"])
    add(LessonCompletion.objects.filter(user_id__in=ids).values("user").annotate(n=Count("pk"))
        .values_list("user", "n"), POINTS["lesson"])
    add(Winner.objects.filter(user_id__in=ids).values("user").annotate(n=Count("pk")).values_list("user", "n"),
        POINTS["win"])
    best = {}
    for user_id, contest_id, score in (ContestAttempt.objects.filter(user_id__in=ids, submitted_at__isnull=False,
                                                                     late=False)
                                       .values_list("user_id", "contest_id", "score")):
        best[(user_id, contest_id)] = max(best.get((user_id, contest_id), 0), score)
    for (user_id, _c), score in best.items():
        totals[user_id] += score
    rows = sorted(((members[u], p) for u, p in totals.items() if p), key=lambda r: (-r[1], r[0]))[:limit]
    return [{"rank": i, "name": name, "points": p} for i, (name, p) in enumerate(rows, start=1)]


# --- Deadlines (registered in apps.py) ---------------------------------------------------------


def closing_deadlines(start, end):
    """Contests closing in the window and still without winners (one query): the organisers are
    reminded before the close and, once it has passed, to choose the winners — the item stops
    appearing when they are chosen (the contest is then finished)."""
    from notifications.deadlines import Due

    for c in Contest.objects.filter(status=Contest.Status.PUBLISHED, ends_at__gte=start, ends_at__lt=end).only(
        "pk", "title", "slug", "unit_id", "ends_at", "published_at", "created_at"
    ):
        yield Due(key=f"{c.pk}:{c.ends_at:%Y%m%d%H%M}", unit_id=c.unit_id, due_at=c.ends_at, title=c.title,
                  url=f"/contests/{c.slug}/setup/", opened_at=c.published_at or c.created_at)


# --- Counts for reports (``reports.indicators``) -----------------------------------------------
# ``(unit, start, end, *, subtree=True)``: the unit's subtree, or the unit alone with subtree=False.


def _unit_q(field, unit, subtree):
    return Q(**{f"{field}__path__startswith": unit.path}) if subtree else Q(**{f"{field}_id": unit.pk})


def contests_held_count(unit, start, end, *, subtree=True):
    """Quizzes and prize contests organised by the unit('s subtree) that opened in the period."""
    since, until = _day_range(start, end)
    contests = (Contest.objects.filter(_unit_q("unit", unit, subtree), starts_at__gte=since, starts_at__lt=until)
                .exclude(status=Contest.Status.DRAFT).count())
    return contests + quizzes_held_count(unit, start, end, subtree=subtree)


def contest_participants_count(unit, start, end, *, subtree=True):
    """Members of the unit('s subtree) who took part in a quiz or prize contest in the period."""
    since, until = _day_range(start, end)
    people = set(ContestAttempt.objects.filter(_unit_q("unit", unit, subtree), started_at__gte=since,
                                               started_at__lt=until).values_list("user_id", flat=True))
    people |= set(ContestEntry.objects.filter(_unit_q("unit", unit, subtree), created_at__gte=since,
                                              created_at__lt=until).values_list("user_id", flat=True))
    people |= set(Attempt.objects.filter(_unit_q("unit", unit, subtree), tries__gt=0, created_at__gte=since,
                                         created_at__lt=until).values_list("user_id", flat=True))
    return len(people)


def contest_entries_count(unit, start, end, *, subtree=True):
    """Entries: quiz tries, prize-quiz attempts and contest entries by the unit('s subtree) members."""
    since, until = _day_range(start, end)
    return (
        ContestAttempt.objects.filter(_unit_q("unit", unit, subtree), started_at__gte=since, started_at__lt=until).count()
        + ContestEntry.objects.filter(_unit_q("unit", unit, subtree), created_at__gte=since, created_at__lt=until).count()
        + quiz_attempts_count(unit, start, end, subtree=subtree)
    )


def _awarded(unit, start, end, subtree):
    since, until = _day_range(start, end)
    return Winner.objects.filter(_unit_q("contest__unit", unit, subtree), draw__created_at__gte=since,
                                 draw__created_at__lt=until)


def prizes_awarded_count(unit, start, end, *, subtree=True):
    """Prizes awarded (winners chosen in the period) by contests the unit('s subtree) organised."""
    return _awarded(unit, start, end, subtree).count()


def prizes_value_total(unit, start, end, *, subtree=True):
    """Total value in VND of those prizes."""
    return _awarded(unit, start, end, subtree).aggregate(v=Sum("prize__value"))["v"] or 0


def points_total(user):
    """The user's points (the rules of :func:`points_history`), by counting: five queries."""
    from campaigns.models import LessonCompletion, ShareProof
    from submissions.models import Submission

    total = POINTS["story"] * Submission.objects.published().filter(author=user).count()
    total += POINTS["share"] * ShareProof.objects.filter(user=user, status=ShareProof.Status.VERIFIED).count()
    total += POINTS["lesson"] * LessonCompletion.objects.filter(user=user).count()
    total += POINTS["win"] * Winner.objects.filter(user=user).count()
    best = {}
    for contest_id, score in ContestAttempt.objects.filter(user=user, submitted_at__isnull=False, late=False).values_list(
        "contest_id", "score"
    ):
        best[contest_id] = max(best.get(contest_id, 0), score)
    return total + sum(best.values())


# --- Live rounds -------------------------------------------------------------------------------

LIVE_BOARD_SIZE = 10


def live_round_of(contest):
    """The round running now, else the latest finished one (its final scoreboard), else None. One
    query: at most one round runs (a constraint), and it is the latest."""
    from .models import LiveRound

    return LiveRound.objects.filter(contest=contest).order_by("-created_at", "-pk").first()


def live_question(live, *, reveal=False):
    """The current question as shown: its text and its choices in the round's order, lettered A, B…;
    ``right`` and the per-choice answer counts only when ``reveal`` (after the question closed)."""
    from .models import ContestQuestion, LiveAnswer

    item = live.current
    if item is None:
        return None
    question = ContestQuestion.objects.prefetch_related("choices").get(pk=item["q"])
    by_id = {c.pk: c for c in question.choices.all()}
    counts = {}
    if reveal:
        counts = dict(LiveAnswer.objects.filter(round=live, question_id=item["q"]).values("choice")
                      .annotate(n=Count("pk")).values_list("choice", "n"))
    total = sum(counts.values())
    choices = []
    for n, cid in enumerate(c for c in item["c"] if c in by_id):
        row = {"id": cid, "text": by_id[cid].text, "letter": "ABCDEFGHIJ"[n % 10]}
        if reveal:
            row["right"] = by_id[cid].is_correct
            row["count"] = counts.get(cid, 0)
            row["percent"] = round(100 * row["count"] / total) if total else 0
        choices.append(row)
    return {"id": question.pk, "number": live.index + 1, "text": question.text, "choices": choices,
            "explanation": question.explanation if reveal else ""}


def live_answer_count(live):
    from .models import LiveAnswer

    item = live.current
    return LiveAnswer.objects.filter(round=live, question_id=item["q"]).count() if item else 0


def live_my_answer(live, user):
    from .models import LiveAnswer

    item = live.current
    if item is None or not user.is_authenticated:
        return None
    return LiveAnswer.objects.filter(round=live, question_id=item["q"], user=user).first()


def live_scoreboard(live, user=None, size=LIVE_BOARD_SIZE):
    """``(top, mine)``: the ``size`` best participants (right answers, then the shortest total
    answering time, then who joined first) with their rank, and the user's own row wherever it
    stands. Two queries; the participants of one meeting, not the whole federation."""
    from django.contrib.auth import get_user_model

    from unions.models import Union

    from .models import LiveAnswer

    rows = list(LiveAnswer.objects.filter(round=live).values("user").annotate(
        score=Count("pk", filter=Q(ok=True)), time=Sum("elapsed_ms"), first=Min("pk"), unit=Min("unit"),
    ).order_by("-score", "time", "first"))
    for rank, row in enumerate(rows, start=1):
        row["rank"] = rank
        row["seconds"] = f"{(row['time'] or 0) / 1000:.1f}".replace(".", ",")
    top = rows[:size]
    mine = next((r for r in rows if user is not None and r["user"] == user.pk), None)
    shown = top + ([mine] if mine and mine not in top else [])
    people = {u.pk: u for u in get_user_model().objects.filter(pk__in=[r["user"] for r in shown])
              .only("pk", "full_name", "username")}
    units = {pk: short or name for pk, short, name in Union.objects.filter(
        pk__in=[r["unit"] for r in shown if r["unit"]]).values_list("pk", "short_name", "name")}
    for row in shown:
        person = people.get(row["user"])
        row["name"] = initials_name(person.full_name or person.get_username()) if person else "—"
        row["unit_name"] = units.get(row["unit"], "")
        row["is_me"] = user is not None and row["user"] == user.pk
    return top, mine
