"""The URL × role permission matrix (DESIGN.md, convention 9).

Every named URL of the project is requested by each persona of ``conftest.py``; the response must
fall in the class the table below expects:

    OK        200
    LOGIN     302 to the sign-in page
    DENIED    403
    HIDDEN    404 (outside the user's subtree, or not theirs: its existence is not revealed)
    REDIRECT  any other 3xx (an action done, a tracked link followed, a signed-in user sent home)
    REFUSED   400 (the user reaches the object, but the action is not theirs to take)
    UNAUTH    401 (the API without a valid key)

The API's URLs (``api_…``) read personal keys, not the session: each persona calls them with a key
of its own where it may hold one (officers, upper, hq); ``member`` may not, and calls with none.

The objects of the URLs (a private campaign, a pending membership, a submission…) all belong to
``officer``'s unit, so ``sibling`` — the officer of the unit next door — must get 404 wherever an
object appears in the URL. Views that only accept POST are requested with POST (empty data: the
point is who gets in, not the form).

A URL added to the project without a row here fails ``test_every_named_url_has_an_expectation``.
Django admin URLs (``admin:…``) follow one rule instead of rows: only staff get past the admin's
own sign-in page (``test_admin_urls_are_for_staff_only``).
"""

import datetime as dt
from types import SimpleNamespace

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from campaigns.models import LessonCompletion, NewsPost, ShareProof, TrackedLink
from notifications.models import Category, Notification
from privacy.models import ErasureRequest
from reports.models import UnitReport
from unions.models import ImportBatch, Membership, Role

from .factories import CampaignFactory, LessonFactory, MembershipFactory, QuizFactory, ShareKitFactory, UserFactory
from .frame_helpers import make_frame
from .reports.helpers import open_period
from .submissions.helpers import pending

OK, LOGIN, DENIED, HIDDEN, REDIRECT, REFUSED, UNAUTH = "200", "login", "403", "404", "redirect", "400", "401"
GET, POST = "GET", "POST"
PERSONAS = ("anonymous", "member", "officer", "sibling", "upper", "hq")
_ = None  # no arguments

# name                              method  anonymous member    officer   sibling   upper     hq
MATRIX = {
    # --- shell, sign-in, account -------------------------------------------------------------------
    "home":                          (GET,  OK,       OK,       OK,       OK,       OK,       OK),
    "healthz":                       (GET,  OK,       OK,       OK,       OK,       OK,       OK),
    "login":                         (GET,  OK,       REDIRECT, REDIRECT, REDIRECT, REDIRECT, REDIRECT),
    "logout":                        (POST, REDIRECT, REDIRECT, REDIRECT, REDIRECT, REDIRECT, REDIRECT),
    "password_reset":                (GET,  OK,       OK,       OK,       OK,       OK,       OK),
    "password_reset_done":           (GET,  OK,       OK,       OK,       OK,       OK,       OK),
    "password_reset_confirm":        (GET,  OK,       OK,       OK,       OK,       OK,       OK),
    "password_reset_complete":       (GET,  OK,       OK,       OK,       OK,       OK,       OK),
    "password_change":               (GET,  LOGIN,    OK,       OK,       OK,       OK,       OK),
    "password_change_done":          (GET,  LOGIN,    OK,       OK,       OK,       OK,       OK),
    "profile":                       (GET,  LOGIN,    OK,       OK,       OK,       OK,       OK),
    # API keys are for officers; an empty name is refused. A key is revoked by its owner only (officer's).
    "api_token_new":                 (POST, LOGIN,    DENIED,   REFUSED,  REFUSED,  REFUSED,  REFUSED),
    "api_token_revoke":              (POST, LOGIN,    HIDDEN,   REDIRECT, HIDDEN,   HIDDEN,   HIDDEN),
    # Only for accounts holding a temporary password; everyone else goes to "change password".
    "password_set_own":              (GET,  LOGIN,    REDIRECT, REDIRECT, REDIRECT, REDIRECT, REDIRECT),
    "set_language":                  (POST, REDIRECT, REDIRECT, REDIRECT, REDIRECT, REDIRECT, REDIRECT),
    "javascript-catalog":            (GET,  OK,       OK,       OK,       OK,       OK,       OK),
    "media":                         (GET,  HIDDEN,   HIDDEN,   HIDDEN,   HIDDEN,   HIDDEN,   HIDDEN),
    # --- unions: the tree, members, imports, invites, roles --------------------------------------
    "units_index":                   (GET,  LOGIN,    DENIED,   OK,       OK,       OK,       OK),
    "unit_detail":                   (GET,  LOGIN,    DENIED,   OK,       HIDDEN,   OK,       OK),
    "member_add":                    (GET,  LOGIN,    DENIED,   OK,       HIDDEN,   OK,       OK),
    "member_import":                 (GET,  LOGIN,    DENIED,   OK,       HIDDEN,   OK,       OK),
    "membership_decide":             (POST, LOGIN,    DENIED,   REDIRECT, HIDDEN,   REDIRECT, REDIRECT),
    # The confirmation page of a temporary password for ``member`` (the POST shows the password).
    "member_temp_password":          (GET,  LOGIN,    DENIED,   OK,       HIDDEN,   OK,       OK),
    # Lifting ``member``'s login lockout (a POST; back to the unit page).
    "member_login_unlock":           (POST, LOGIN,    DENIED,   REDIRECT, HIDDEN,   REDIRECT, REDIRECT),
    "units_import":                  (GET,  LOGIN,    DENIED,   DENIED,   HIDDEN,   DENIED,   OK),
    # An import preview is its uploader's alone.
    "import_batch":                  (GET,  LOGIN,    DENIED,   OK,       HIDDEN,   HIDDEN,   HIDDEN),
    "invite_qr":                     (GET,  LOGIN,    DENIED,   OK,       HIDDEN,   OK,       OK),
    "invite_reset":                  (POST, LOGIN,    DENIED,   REDIRECT, HIDDEN,   REDIRECT, REDIRECT),
    "role_grant":                    (POST, LOGIN,    DENIED,   DENIED,   HIDDEN,   DENIED,   REDIRECT),
    "role_revoke":                   (POST, LOGIN,    DENIED,   HIDDEN,   HIDDEN,   HIDDEN,   REDIRECT),
    "join":                          (GET,  OK,       OK,       OK,       OK,       OK,       OK),
    # --- notifications (the notification is officer's) -------------------------------------------
    "notification_list":             (GET,  LOGIN,    OK,       OK,       OK,       OK,       OK),
    "notification_open":             (POST, LOGIN,    HIDDEN,   REDIRECT, HIDDEN,   HIDDEN,   HIDDEN),
    "notification_mark_all_read":    (POST, LOGIN,    REDIRECT, REDIRECT, REDIRECT, REDIRECT, REDIRECT),
    "notification_preferences":      (GET,  LOGIN,    OK,       OK,       OK,       OK,       OK),
    # --- campaigns (private campaign, news, kit of officer's unit; member's proof and link) ------------
    "campaign_list":                 (GET,  OK,       OK,       OK,       OK,       OK,       OK),
    "campaign_create":               (GET,  LOGIN,    DENIED,   OK,       OK,       OK,       OK),
    "campaign_detail":               (GET,  HIDDEN,   OK,       OK,       HIDDEN,   OK,       OK),
    "campaign_edit":                 (GET,  LOGIN,    DENIED,   OK,       HIDDEN,   OK,       OK),
    "news_list":                     (GET,  OK,       OK,       OK,       OK,       OK,       OK),
    "news_create":                   (GET,  LOGIN,    DENIED,   OK,       OK,       OK,       OK),
    "news_detail":                   (GET,  HIDDEN,   OK,       OK,       HIDDEN,   OK,       OK),
    "news_edit":                     (GET,  LOGIN,    DENIED,   OK,       HIDDEN,   OK,       OK),
    "kit_manage":                    (GET,  LOGIN,    DENIED,   OK,       OK,       OK,       OK),
    "kit_create":                    (GET,  LOGIN,    DENIED,   OK,       OK,       OK,       OK),
    # The member's page of a kit: for members of its audience (the officers here are no members).
    "kit_detail":                    (GET,  LOGIN,    OK,       HIDDEN,   HIDDEN,   HIDDEN,   HIDDEN),
    "kit_edit":                      (GET,  LOGIN,    DENIED,   OK,       HIDDEN,   OK,       OK),
    "proof_queue":                   (GET,  LOGIN,    DENIED,   OK,       OK,       OK,       OK),
    "proof_decide":                  (POST, LOGIN,    DENIED,   REDIRECT, HIDDEN,   REDIRECT, REDIRECT),
    "campaign_stats":                (GET,  LOGIN,    DENIED,   OK,       OK,       OK,       OK),
    "campaign_stats_export":         (GET,  LOGIN,    DENIED,   OK,       OK,       OK,       OK),
    # Lessons are written by admins (hq) and, once published, read by everyone.
    "lesson_list":                   (GET,  OK,       OK,       OK,       OK,       OK,       OK),
    "lesson_create":                 (GET,  LOGIN,    DENIED,   DENIED,   DENIED,   DENIED,   OK),
    "lesson_detail":                 (GET,  OK,       OK,       OK,       OK,       OK,       OK),
    "lesson_edit":                   (GET,  LOGIN,    DENIED,   HIDDEN,   HIDDEN,   HIDDEN,   OK),
    "lesson_certificate":            (GET,  LOGIN,    OK,       HIDDEN,   HIDDEN,   HIDDEN,   HIDDEN),
    "tracked_link":                  (GET,  REDIRECT, REDIRECT, REDIRECT, REDIRECT, REDIRECT, REDIRECT),
    # Avatar frames of the private campaign (a published frame of officer's unit).
    "frame_studio":                  (GET,  HIDDEN,   OK,       OK,       HIDDEN,   OK,       OK),
    "frame_variant":                 (GET,  HIDDEN,   OK,       OK,       HIDDEN,   OK,       OK),
    "frame_use":                     (POST, HIDDEN,   OK,       OK,       HIDDEN,   OK,       OK),
    "frame_manage":                  (GET,  LOGIN,    DENIED,   OK,       HIDDEN,   OK,       OK),
    "frame_edit":                    (GET,  LOGIN,    DENIED,   OK,       HIDDEN,   OK,       OK),
    "frame_stats":                   (GET,  LOGIN,    DENIED,   OK,       HIDDEN,   OK,       OK),
    # --- contests (a published, non-public quiz of officer's unit) ---------------------------------
    "contest_list":                  (GET,  OK,       OK,       OK,       OK,       OK,       OK),
    "contest_detail":                (GET,  HIDDEN,   OK,       OK,       HIDDEN,   OK,       OK),
    # --- prize contests (a published, non-public quiz contest of officer's unit, with a winner) ------
    # Only the winner (member) may choose how their name is shown; officers manage, members play.
    "contest_manage":                (GET,  LOGIN,    DENIED,   OK,       OK,       OK,       OK),
    "contest_create":                (GET,  LOGIN,    DENIED,   OK,       OK,       OK,       OK),
    "contest_unit_search":           (GET,  LOGIN,    DENIED,   OK,       OK,       OK,       OK),
    "contest_points":                (GET,  LOGIN,    OK,       OK,       OK,       OK,       OK),
    "contest_rules":                 (GET,  HIDDEN,   OK,       OK,       HIDDEN,   OK,       OK),
    "contest_winners":               (GET,  HIDDEN,   OK,       OK,       HIDDEN,   OK,       OK),
    "contest_winner_name":           (POST, LOGIN,    REDIRECT, HIDDEN,   HIDDEN,   HIDDEN,   HIDDEN),
    "contest_leaderboard":           (GET,  HIDDEN,   OK,       OK,       HIDDEN,   OK,       OK),
    # The contest is finished: starting refuses with a message (redirect back to the contest).
    "contest_play":                  (POST, LOGIN,    REDIRECT, REDIRECT, HIDDEN,   REDIRECT, REDIRECT),
    # An attempt is its player's alone.
    "contest_attempt":               (GET,  LOGIN,    OK,       HIDDEN,   HIDDEN,   HIDDEN,   HIDDEN),
    "contest_attempt_json":          (GET,  LOGIN,    OK,       HIDDEN,   HIDDEN,   HIDDEN,   HIDDEN),
    # No live round runs on the finished contest: answering is refused with a message.
    "contest_live":                  (GET,  HIDDEN,   OK,       OK,       HIDDEN,   OK,       OK),
    "contest_live_state":            (GET,  HIDDEN,   OK,       OK,       HIDDEN,   OK,       OK),
    "contest_live_qr":               (GET,  HIDDEN,   OK,       OK,       HIDDEN,   OK,       OK),
    "contest_live_answer":           (POST, LOGIN,    REDIRECT, REDIRECT, HIDDEN,   REDIRECT, REDIRECT),
    "contest_live_host":             (GET,  LOGIN,    DENIED,   OK,       HIDDEN,   OK,       OK),
    "contest_live_control":          (POST, LOGIN,    DENIED,   REDIRECT, HIDDEN,   REDIRECT, REDIRECT),
    "contest_enter":                 (POST, LOGIN,    REDIRECT, REDIRECT, HIDDEN,   REDIRECT, REDIRECT),
    # A quiz contest has no entries: the entry of the URL is not found for anyone.
    "contest_vote":                  (POST, LOGIN,    HIDDEN,   HIDDEN,   HIDDEN,   HIDDEN,   HIDDEN),
    "contest_jury":                  (POST, LOGIN,    DENIED,   HIDDEN,   HIDDEN,   HIDDEN,   HIDDEN),
    "contest_setup":                 (GET,  LOGIN,    DENIED,   OK,       HIDDEN,   OK,       OK),
    "contest_edit":                  (GET,  LOGIN,    DENIED,   OK,       HIDDEN,   OK,       OK),
    "contest_rules_new":             (POST, LOGIN,    DENIED,   REDIRECT, HIDDEN,   REDIRECT, REDIRECT),
    "contest_prize_add":             (POST, LOGIN,    DENIED,   REDIRECT, HIDDEN,   REDIRECT, REDIRECT),
    "contest_prize_delete":          (POST, LOGIN,    DENIED,   REDIRECT, HIDDEN,   REDIRECT, REDIRECT),
    "contest_question_add":          (POST, LOGIN,    DENIED,   REDIRECT, HIDDEN,   REDIRECT, REDIRECT),
    "contest_question_delete":       (POST, LOGIN,    DENIED,   REDIRECT, HIDDEN,   REDIRECT, REDIRECT),
    "contest_questions_import":      (POST, LOGIN,    DENIED,   REDIRECT, HIDDEN,   REDIRECT, REDIRECT),
    "contest_publish":               (POST, LOGIN,    DENIED,   REDIRECT, HIDDEN,   REDIRECT, REDIRECT),
    "contest_draw":                  (POST, LOGIN,    DENIED,   REDIRECT, HIDDEN,   REDIRECT, REDIRECT),
    "contest_handover":              (GET,  LOGIN,    DENIED,   OK,       HIDDEN,   OK,       OK),
    "contest_handover_export":       (GET,  LOGIN,    DENIED,   OK,       HIDDEN,   OK,       OK),
    # --- submissions (member's submission, pending review at officer's unit) -------------------------
    "submission_new":                (GET,  LOGIN,    OK,       DENIED,   DENIED,   DENIED,   DENIED),
    "submission_mine":               (GET,  LOGIN,    OK,       OK,       OK,       OK,       OK),
    "submission_queue":              (GET,  LOGIN,    DENIED,   OK,       OK,       OK,       OK),
    "queue_unit_search":             (GET,  LOGIN,    DENIED,   OK,       OK,       OK,       OK),
    "aspirations_export":            (GET,  LOGIN,    DENIED,   OK,       OK,       OK,       OK),
    "submission_detail":             (GET,  LOGIN,    OK,       OK,       HIDDEN,   OK,       OK),
    # Pending: no longer editable, the author is sent back to their list.
    "submission_edit":               (GET,  LOGIN,    REDIRECT, HIDDEN,   HIDDEN,   HIDDEN,   HIDDEN),
    # Only the author may withdraw or delete (everyone else: 404). Withdrawing the pending item
    # works; deleting it is refused (withdraw it first) with a message on the author's list.
    "submission_withdraw":           (POST, LOGIN,    REDIRECT, HIDDEN,   HIDDEN,   HIDDEN,   HIDDEN),
    "submission_delete":             (POST, LOGIN,    REDIRECT, HIDDEN,   HIDDEN,   HIDDEN,   HIDDEN),
    # The author sees the submission but may not decide on it.
    "submission_decide":             (POST, LOGIN,    REFUSED,  REDIRECT, HIDDEN,   REDIRECT, REDIRECT),
    # Only for submissions approved at the top: pending here, so nobody gets the package.
    "submission_fanpage_package":    (GET,  LOGIN,    HIDDEN,   HIDDEN,   HIDDEN,   HIDDEN,   HIDDEN),
    "submission_fanpage_record":     (POST, LOGIN,    HIDDEN,   HIDDEN,   HIDDEN,   HIDDEN,   HIDDEN),
    # A file of the pending submission: the author and the officers along the chain; nobody else
    # (anonymous too gets 404, not the sign-in page: files of published items are public).
    "submission_media_file":         (GET,  HIDDEN,   OK,       OK,       HIDDEN,   OK,       OK),
    "stories":                       (GET,  OK,       OK,       OK,       OK,       OK,       OK),
    "story_unit_search":             (GET,  OK,       OK,       OK,       OK,       OK,       OK),
    # The public gallery never shows a submission that is not published.
    "story_detail":                  (GET,  HIDDEN,   HIDDEN,   HIDDEN,   HIDDEN,   HIDDEN,   HIDDEN),
    # --- incidents (a hot issue, misinformation with a pending rebuttal and takedown, all of officer's
    # unit): officers along the chain only; members get 404 like sibling (the register is not revealed).
    "incident_list":                 (GET,  LOGIN,    HIDDEN,   OK,       OK,       OK,       OK),
    "incident_create":               (GET,  LOGIN,    HIDDEN,   OK,       OK,       OK,       OK),
    "incident_dashboard":            (GET,  LOGIN,    HIDDEN,   OK,       OK,       OK,       OK),
    "incident_export":               (GET,  LOGIN,    HIDDEN,   OK,       OK,       OK,       OK),
    "incident_export_xlsx":          (GET,  LOGIN,    HIDDEN,   OK,       OK,       OK,       OK),
    "incident_detail":               (GET,  LOGIN,    HIDDEN,   OK,       HIDDEN,   OK,       OK),
    # An empty update is refused by whoever reaches the issue.
    "incident_update":               (POST, LOGIN,    HIDDEN,   REFUSED,  HIDDEN,   REFUSED,  REFUSED),
    "incident_action":               (POST, LOGIN,    HIDDEN,   REDIRECT, HIDDEN,   REDIRECT, REDIRECT),
    # Files: 404 for everyone outside the chain, signed in or not.
    "incident_file":                 (GET,  HIDDEN,   HIDDEN,   OK,       HIDDEN,   OK,       OK),
    "misinfo_list":                  (GET,  LOGIN,    HIDDEN,   OK,       OK,       OK,       OK),
    "misinfo_create":                (GET,  LOGIN,    HIDDEN,   OK,       OK,       OK,       OK),
    "misinfo_detail":                (GET,  LOGIN,    HIDDEN,   OK,       HIDDEN,   OK,       OK),
    "misinfo_screenshot":            (GET,  HIDDEN,   HIDDEN,   OK,       HIDDEN,   OK,       OK),
    "misinfo_status":                (POST, LOGIN,    HIDDEN,   REFUSED,  HIDDEN,   REFUSED,  REFUSED),
    "rebuttal_edit":                 (POST, LOGIN,    HIDDEN,   REFUSED,  HIDDEN,   REFUSED,  REFUSED),
    # Only an editor or admin covering the unit approves (hq); officers see it but may not decide.
    "rebuttal_decide":               (POST, LOGIN,    HIDDEN,   REFUSED,  HIDDEN,   REFUSED,  REDIRECT),
    "takedown_create":               (POST, LOGIN,    HIDDEN,   REFUSED,  HIDDEN,   REFUSED,  REFUSED),
    "takedown_outcome":              (POST, LOGIN,    HIDDEN,   REDIRECT, HIDDEN,   REDIRECT, REDIRECT),
    # Public: published rebuttals (the world's published one) are for everyone.
    "rebuttal_list":                 (GET,  OK,       OK,       OK,       OK,       OK,       OK),
    "rebuttal_detail":               (GET,  OK,       OK,       OK,       OK,       OK,       OK),
    # --- reports (officer's draft report of the open period) ---------------------------------------
    "reports_index":                 (GET,  LOGIN,    DENIED,   OK,       OK,       OK,       OK),
    "reports_dashboard":             (GET,  LOGIN,    DENIED,   OK,       OK,       OK,       OK),
    "reports_rollup":                (GET,  LOGIN,    DENIED,   OK,       OK,       OK,       OK),
    # The annual report of the user's own subtree (the year is not an object: sibling gets its own).
    "report_annual_export":          (GET,  LOGIN,    HIDDEN,   OK,       OK,       OK,       OK),
    # An export job (and its file) is its owner's alone: officer's here.
    "report_export_job":             (GET,  LOGIN,    HIDDEN,   OK,       HIDDEN,   HIDDEN,   HIDDEN),
    "report_export_download":        (GET,  LOGIN,    HIDDEN,   OK,       HIDDEN,   HIDDEN,   HIDDEN),
    # Only the unit's own officers file its report; those above see it but may not fill it.
    "report_save":                   (POST, LOGIN,    DENIED,   REDIRECT, HIDDEN,   REFUSED,  REFUSED),
    # "Remind now" is for the levels above the unit.
    "report_remind":                 (POST, LOGIN,    DENIED,   REFUSED,  HIDDEN,   REDIRECT, REDIRECT),
    "report_detail":                 (GET,  LOGIN,    DENIED,   OK,       HIDDEN,   OK,       OK),
    # The parent's officers decide (a draft cannot be accepted: back to the page with a message).
    "report_decide":                 (POST, LOGIN,    DENIED,   REFUSED,  HIDDEN,   REDIRECT, REDIRECT),
    # The indicator sets are the federation's: HQ admins only.
    "indicator_sets":                (GET,  LOGIN,    DENIED,   DENIED,   DENIED,   DENIED,   OK),
    "indicator_set_edit":            (GET,  LOGIN,    DENIED,   DENIED,   DENIED,   DENIED,   OK),
    # --- API (officer's unit, its draft report): with each persona's own key -----------------------
    "api_schema":                    (GET,  OK,       OK,       OK,       OK,       OK,       OK),
    "api_docs":                      (GET,  OK,       OK,       OK,       OK,       OK,       OK),
    "api_redoc":                     (GET,  OK,       OK,       OK,       OK,       OK,       OK),
    "api_units":                     (GET,  UNAUTH,   UNAUTH,   OK,       OK,       OK,       OK),
    "api_unit":                      (GET,  UNAUTH,   UNAUTH,   OK,       HIDDEN,   OK,       OK),
    "api_unit_values":               (GET,  UNAUTH,   UNAUTH,   OK,       HIDDEN,   OK,       OK),
    "api_periods":                   (GET,  UNAUTH,   UNAUTH,   OK,       OK,       OK,       OK),
    "api_period":                    (GET,  UNAUTH,   UNAUTH,   OK,       OK,       OK,       OK),
    "api_indicator_sets":            (GET,  UNAUTH,   UNAUTH,   OK,       OK,       OK,       OK),
    "api_indicators":                (GET,  UNAUTH,   UNAUTH,   OK,       OK,       OK,       OK),
    "api_reports":                   (GET,  UNAUTH,   UNAUTH,   OK,       OK,       OK,       OK),
    "api_report":                    (GET,  UNAUTH,   UNAUTH,   OK,       HIDDEN,   OK,       OK),
    # --- privacy (member's erasure request, in officer's unit) ------------------------------------
    "privacy_notice":                (GET,  OK,       OK,       OK,       OK,       OK,       OK),
    # Everyone signed in downloads their own data (a ZIP); the request button goes back to the profile.
    "privacy_export":                (POST, LOGIN,    OK,       OK,       OK,       OK,       OK),
    "privacy_erasure_request":       (POST, LOGIN,    REDIRECT, REDIRECT, REDIRECT, REDIRECT, REDIRECT),
    "privacy_requests":              (GET,  LOGIN,    DENIED,   OK,       OK,       OK,       OK),
    "privacy_request_detail":        (GET,  LOGIN,    DENIED,   OK,       HIDDEN,   OK,       OK),
}

# The arguments of each URL, from the objects of the ``world`` fixture.
ARGS = {
    "password_reset_confirm": lambda w: {"uidb64": w.uid, "token": "bad-token"},
    "media": lambda w: {"path": "khong-co/tep.jpg"},
    "unit_detail": lambda w: {"pk": w.unit.pk},
    "member_add": lambda w: {"pk": w.unit.pk},
    "member_import": lambda w: {"pk": w.unit.pk},
    "membership_decide": lambda w: {"pk": w.unit.pk, "membership_pk": w.pending_membership.pk, "decision": "approve"},
    "member_temp_password": lambda w: {
        "pk": w.unit.pk, "membership_pk": Membership.objects.get(union=w.unit, user__username="member").pk
    },
    "member_login_unlock": lambda w: {
        "pk": w.unit.pk, "membership_pk": Membership.objects.get(union=w.unit, user__username="member").pk
    },
    "units_import": lambda w: {"pk": w.unit.pk},
    "import_batch": lambda w: {"pk": w.unit.pk, "batch_pk": w.batch.pk},
    "invite_qr": lambda w: {"pk": w.unit.pk},
    "invite_reset": lambda w: {"pk": w.unit.pk},
    "role_grant": lambda w: {"pk": w.unit.pk},
    "role_revoke": lambda w: {"pk": w.unit.pk, "role_pk": w.role.pk},
    "join": lambda w: {"token": w.invite_token},
    "notification_open": lambda w: {"pk": w.notification.pk},
    "campaign_detail": lambda w: {"slug": w.campaign.slug},
    "campaign_edit": lambda w: {"slug": w.campaign.slug},
    "news_detail": lambda w: {"pk": w.news.pk},
    "news_edit": lambda w: {"pk": w.news.pk},
    "kit_detail": lambda w: {"pk": w.kit.pk},
    "kit_edit": lambda w: {"pk": w.kit.pk},
    "proof_decide": lambda w: {"pk": w.proof.pk, "decision": "verify"},
    "lesson_detail": lambda w: {"slug": w.lesson.slug},
    "lesson_edit": lambda w: {"slug": w.lesson.slug},
    "lesson_certificate": lambda w: {"slug": w.lesson.slug},
    "tracked_link": lambda w: {"code": w.link.code},
    "frame_studio": lambda w: {"slug": w.campaign.slug},
    "frame_variant": lambda w: {"slug": w.campaign.slug, "pk": w.frame.pk},
    "frame_use": lambda w: {"slug": w.campaign.slug, "pk": w.frame.pk},
    "frame_manage": lambda w: {"slug": w.campaign.slug},
    "frame_edit": lambda w: {"slug": w.campaign.slug, "pk": w.frame.pk},
    "frame_stats": lambda w: {"slug": w.campaign.slug},
    "contest_detail": lambda w: {"slug": w.quiz.slug},
    "contest_rules": lambda w: {"slug": _contest(w).contest.slug},
    "contest_winners": lambda w: {"slug": _contest(w).contest.slug},
    "contest_winner_name": lambda w: {"slug": _contest(w).contest.slug, "pk": _contest(w).winner.pk},
    "contest_leaderboard": lambda w: {"slug": _contest(w).contest.slug},
    "contest_play": lambda w: {"slug": _contest(w).contest.slug},
    "contest_live": lambda w: {"slug": _contest(w).contest.slug},
    "contest_live_state": lambda w: {"slug": _contest(w).contest.slug},
    "contest_live_qr": lambda w: {"slug": _contest(w).contest.slug},
    "contest_live_answer": lambda w: {"slug": _contest(w).contest.slug},
    "contest_live_host": lambda w: {"slug": _contest(w).contest.slug},
    "contest_live_control": lambda w: {"slug": _contest(w).contest.slug},
    "contest_attempt": lambda w: {"slug": _contest(w).contest.slug, "number": 1},
    "contest_attempt_json": lambda w: {"slug": _contest(w).contest.slug, "number": 1},
    "contest_enter": lambda w: {"slug": _contest(w).contest.slug},
    "contest_vote": lambda w: {"slug": _contest(w).contest.slug, "pk": 999999},
    "contest_jury": lambda w: {"slug": _contest(w).contest.slug, "pk": 999999},
    "contest_setup": lambda w: {"slug": _contest(w).contest.slug},
    "contest_edit": lambda w: {"slug": _contest(w).contest.slug},
    "contest_rules_new": lambda w: {"slug": _contest(w).contest.slug},
    "contest_prize_add": lambda w: {"slug": _contest(w).contest.slug},
    "contest_prize_delete": lambda w: {"slug": _contest(w).contest.slug, "pk": _contest(w).prize.pk},
    "contest_question_add": lambda w: {"slug": _contest(w).contest.slug},
    "contest_question_delete": lambda w: {"slug": _contest(w).contest.slug, "pk": _contest(w).question.pk},
    "contest_questions_import": lambda w: {"slug": _contest(w).contest.slug},
    "contest_publish": lambda w: {"slug": _contest(w).contest.slug},
    "contest_draw": lambda w: {"slug": _contest(w).contest.slug},
    "contest_handover": lambda w: {"slug": _contest(w).contest.slug},
    "contest_handover_export": lambda w: {"slug": _contest(w).contest.slug},
    "submission_detail": lambda w: {"pk": w.submission.pk},
    "submission_edit": lambda w: {"pk": w.submission.pk},
    "submission_decide": lambda w: {"pk": w.submission.pk},
    "submission_withdraw": lambda w: {"pk": w.submission.pk},
    "submission_delete": lambda w: {"pk": w.submission.pk},
    "submission_fanpage_package": lambda w: {"pk": w.submission.pk},
    "submission_fanpage_record": lambda w: {"pk": w.submission.pk},
    "story_detail": lambda w: {"pk": w.submission.pk},
    "report_save": lambda w: {"period_pk": w.period.pk, "unit_pk": w.unit.pk},
    "report_remind": lambda w: {"period_pk": w.period.pk, "unit_pk": w.unit.pk},
    "report_detail": lambda w: {"pk": w.report.pk},
    "report_annual_export": lambda w: {"year": w.period.year, "fmt": "xlsx"},
    "report_export_job": lambda w: {"pk": _export_job(w).pk},
    "report_export_download": lambda w: {"pk": _export_job(w).pk},
    "report_decide": lambda w: {"pk": w.report.pk, "decision": "accept"},
    "api_token_revoke": lambda w: {"pk": _officers_token(w).pk},
    "indicator_set_edit": lambda w: {"code": w.period.version.indicator_set.code},
    "api_unit": lambda w: {"pk": w.unit.pk},
    "api_unit_values": lambda w: {"pk": w.unit.pk},
    "api_period": lambda w: {"pk": w.period.pk},
    "api_report": lambda w: {"pk": w.report.pk},
    "privacy_request_detail": lambda w: {"pk": w.erasure.pk},
    "submission_media_file": lambda w: {"pk": w.submission.pk, "media_pk": _submission_photo(w).pk, "variant": "original"},
    "incident_detail": lambda w: {"pk": _incidents(w).issue.pk},
    "incident_update": lambda w: {"pk": _incidents(w).issue.pk},
    "incident_action": lambda w: {"pk": _incidents(w).issue.pk, "action": "acknowledge"},
    "incident_file": lambda w: {"pk": _incidents(w).issue.pk, "file_pk": _incidents(w).attachment.pk},
    "misinfo_detail": lambda w: {"pk": _incidents(w).item.pk},
    "misinfo_screenshot": lambda w: {"pk": _incidents(w).item.pk},
    "misinfo_status": lambda w: {"pk": _incidents(w).item.pk},
    "rebuttal_edit": lambda w: {"pk": _incidents(w).item.pk},
    "rebuttal_decide": lambda w: {"pk": _incidents(w).item.pk},
    "takedown_create": lambda w: {"pk": _incidents(w).item.pk},
    "takedown_outcome": lambda w: {"pk": _incidents(w).takedown.pk},
    "rebuttal_detail": lambda w: {"slug": _incidents(w).published.slug},
}


def _incidents(w):
    """A hot issue with a document, a misinformation item with a screenshot, a pending rebuttal and a
    pending takedown, all of officer's unit; and a published rebuttal (public by design)."""
    if getattr(w, "incidents", None) is None:
        import datetime as dt

        from django.core.files.base import ContentFile

        from incidents.models import HotIssueAttachment, Rebuttal, TakedownRequest

        from .factories import HotIssueFactory, MisinformationFactory
        from .submissions.helpers import jpeg_bytes

        officer = Role.objects.filter(union=w.unit).select_related("user").first().user
        issue = HotIssueFactory(unit=w.unit, reported_by=officer)
        attachment = HotIssueAttachment(issue=issue, kind="document", mime="application/pdf")
        attachment.file.save("bien-ban.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"), save=True)
        item = MisinformationFactory(unit=w.unit, reported_by=officer)
        item.screenshot.save("chup.jpg", ContentFile(jpeg_bytes()), save=True)
        Rebuttal.objects.create(misinformation=item, slug="cho-duyet", title="Sự thật về đoàn phí",
                                summary="Đoàn phí được dùng đúng quy định.", body="<p>Nội dung</p>",
                                sources="https://congdoan.vn/", status="pending", author=officer)
        takedown = TakedownRequest.objects.create(misinformation=item, platform="facebook", sent_by=officer,
                                                  due_at=timezone.now() + dt.timedelta(hours=24))
        other = MisinformationFactory(unit=w.unit, reported_by=officer)
        published = Rebuttal.objects.create(
            misinformation=other, slug="da-dang", title="Không có chuyện cắt thưởng Tết", summary="Sai sự thật.",
            body="<p>Nội dung</p>", sources="https://congdoan.vn/", status="published", author=officer,
            published_at=timezone.now(),
        )
        w.incidents = SimpleNamespace(issue=issue, attachment=attachment, item=item, takedown=takedown,
                                      published=published)
    return w.incidents


def _contest(w):
    """A finished, non-public quiz contest of officer's unit that ``member`` played and won."""
    if getattr(w, "contest", None) is None:
        from contests.models import ContestAttempt, Draw, Prize, Winner

        from .contests.helpers import quiz_contest

        officer = Role.objects.filter(union=w.unit).select_related("user").first().user
        member = Membership.objects.get(union=w.unit, user__username="member").user
        contest = quiz_contest(w.unit, user=officer, slug="thi-ma-tran")
        now = timezone.now()
        attempt = ContestAttempt.objects.create(contest=contest, user=member, unit=w.unit, number=1,
                                                paper=[], started_at=now, deadline_at=now, submitted_at=now)
        type(contest).objects.filter(pk=contest.pk).update(status="finished", starts_at=now - dt.timedelta(days=2),
                                                           ends_at=now - dt.timedelta(days=1))
        draw = Draw.objects.create(contest=contest, method="score_time", candidates=[f"A{attempt.pk:07d}"])
        prize = Prize.objects.filter(contest=contest).first()
        winner = Winner.objects.create(contest=contest, draw=draw, position=1, prize=prize, user=member, unit=w.unit,
                                       code=f"A{attempt.pk:07d}")
        w.contest = SimpleNamespace(contest=contest, winner=winner, prize=prize, question=contest.questions.first())
    return w.contest
def _officers_token(w):
    from accounts.services import api_token_create

    officer = Role.objects.filter(union=w.unit).select_related("user").first().user
    return api_token_create(user=officer, name="Bảng tính tổng hợp")[0]


def _api_headers(name, user):
    """An ``Authorization`` header with a fresh key of ``user`` for the API's URLs (none for a member)."""
    from accounts.services import api_token_create, may_hold_api_token

    if not name.startswith("api_") or name.startswith("api_token") or user is None or not may_hold_api_token(user):
        return {}
    return {"HTTP_AUTHORIZATION": f"Bearer {api_token_create(user=user, name='Ma trận quyền')[1]}"}
def _export_job(w):
    """A finished export job of officer's, its CSV in the private storage."""
    from django.core.files.base import ContentFile

    from reports.models import ExportJob

    officer = Role.objects.filter(union=w.unit).select_related("user").first().user
    job = ExportJob.objects.create(owner=officer, unit=w.unit, period=w.period, fmt="csv", status="done")
    job.file.save("bao-cao-nam-2026-may10.csv", ContentFile("\ufeffMã đơn vị\r\n".encode()), save=True)
    return job


def _submission_photo(w):
    """A real photo attached to the world's pending submission (in the private storage)."""
    from django.core.files.base import ContentFile

    from submissions.models import SubmissionMedia

    from .submissions.helpers import jpeg_bytes

    media = SubmissionMedia(submission=w.submission, kind="image", mime="image/jpeg", status=SubmissionMedia.State.READY)
    media.file.save("anh.jpg", ContentFile(jpeg_bytes()), save=True)
    return media


# POST data where an empty form would not tell who may act.
POST_DATA = {
    "submission_decide": {"decision": "request_changes", "reason": "Cần bổ sung ảnh minh họa."},
    "rebuttal_decide": {"decision": "approve"},
    "takedown_outcome": {"outcome": "removed"},
}


def _named_urls(patterns=None, namespace=""):
    """Every named URL of the project as ``(name, pattern)``, namespaced names with their prefix."""
    patterns = get_resolver().url_patterns if patterns is None else patterns
    for entry in patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _named_urls(entry.url_patterns, inner)
        elif isinstance(entry, URLPattern) and entry.name:
            yield f"{namespace}{entry.name}", entry.pattern


# Present only in some configurations: Django serves uploads itself only with DEBUG on.
OPTIONAL = {"media"}


def _portal_url_names():
    return sorted({name for name, _pattern in _named_urls() if not name.startswith("admin:")})


def test_every_named_url_has_an_expectation():
    names = set(_portal_url_names())
    missing = sorted(names - set(MATRIX))
    assert not missing, f"URLs without a row in the permission matrix (add one to MATRIX): {missing}"
    stale = sorted(set(MATRIX) - names - OPTIONAL)
    assert not stale, f"rows of the permission matrix for URLs that no longer exist: {stale}"
    for name, (method, *outcomes) in MATRIX.items():
        assert method in (GET, POST) and len(outcomes) == len(PERSONAS), name
        assert set(outcomes) <= {OK, LOGIN, DENIED, HIDDEN, REDIRECT, REFUSED, UNAUTH}, name


# URLs whose argument is not an object of officer's unit, or is public by design: a published lesson
# (of HQ), the invite link (meant to be passed around), a tracked share link, a reset link, a
# published rebuttal.
NOT_UNIT_OBJECTS = {"password_reset_confirm", "media", "join", "lesson_detail", "lesson_edit", "lesson_certificate",
                    "tracked_link", "rebuttal_detail", "api_period", "indicator_set_edit", "report_annual_export"}


def test_sibling_gets_404_on_every_object_of_officers_unit():
    """The table itself must keep the rule: wherever the URL names an object of officer's unit,
    sibling gets a 404 (not a 403 that would confirm it exists, and certainly not the page)."""
    sibling = PERSONAS.index("sibling") + 1
    wrong = {name: MATRIX[name][sibling] for name in set(ARGS) - NOT_UNIT_OBJECTS if MATRIX[name][sibling] != HIDDEN}
    assert not wrong, wrong


@pytest.fixture
def world(personas, tree):
    """One object of each kind, all in ``officer``'s unit (private where the model allows)."""
    from submissions.models import Status

    unit = tree.officer_unit
    officer_role = Role.objects.get(user=personas.officer, union=unit)
    campaign = CampaignFactory(unit=unit, is_public=False, ends_on=timezone.localdate() + dt.timedelta(days=30))
    kit = ShareKitFactory(audience=unit, campaign=campaign)
    lesson = LessonFactory(unit=tree.root, is_published=True)
    LessonCompletion.objects.create(lesson=lesson, user=personas.member, unit=unit, certificate_code="MATRIX0001")
    period = open_period()
    report = UnitReport.objects.create(unit=unit, period=period, version=period.version)
    proof = ShareProof.objects.create(
        kit=kit, user=personas.member, unit=unit, post_url="https://www.facebook.com/permalink.php?story_fbid=1&id=2",
        normalized_url="facebook.com/permalink.php?id=2&story_fbid=1", network="facebook",
    )
    return SimpleNamespace(
        unit=unit,
        uid=urlsafe_base64_encode(force_bytes(personas.member.pk)),
        pending_membership=MembershipFactory(union=unit, status=Membership.Status.PENDING),
        batch=ImportBatch.objects.create(kind=ImportBatch.Kind.MEMBERS, union=unit, created_by=personas.officer,
                                         file_name="doan-vien.csv", status=ImportBatch.Status.READY, rows=[]),
        role=officer_role,
        invite_token=_invite_token(unit),
        notification=Notification.objects.create(recipient=personas.officer, category=Category.ACCOUNT,
                                                 title="Thông báo riêng", url="/units/"),
        campaign=campaign,
        news=NewsPost.objects.create(unit=unit, title="Tin nội bộ", body="<p>Nội bộ</p>", is_public=False,
                                     published_at=timezone.now()),
        kit=kit,
        proof=proof,
        link=TrackedLink.objects.create(kit=kit, user=personas.member, unit=unit, code="matrix01"),
        frame=make_frame(campaign, unit, personas.officer),
        lesson=lesson,
        quiz=QuizFactory(unit=unit, is_public=False, is_published=True),
        submission=pending(personas.member, unit, title="Bài của đoàn viên", status=Status.PENDING),
        period=period,
        report=report,
        erasure=ErasureRequest.objects.create(user=personas.member, unit=unit, requester_name="Hoàng Văn Nam",
                                              due_at=timezone.now() + dt.timedelta(days=3)),
    )


def _invite_token(unit):
    from unions.services import union_get_or_create_invite

    return union_get_or_create_invite(union=unit)


def _outcome(response):
    if response.status_code in (301, 302, 303, 307, 308):
        login = reverse("login")
        return LOGIN if response.url.split("?")[0] in (login, f"http://testserver{login}") else REDIRECT
    return {200: OK, 400: REFUSED, 401: UNAUTH, 403: DENIED, 404: HIDDEN}.get(response.status_code,
                                                                             str(response.status_code))


CASES = [(name, persona) for name in MATRIX for persona in PERSONAS]


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "persona"), CASES, ids=[f"{n}-{p}" for n, p in CASES])
def test_url_permission(name, persona, world, personas, client, settings):
    settings.DEBUG_PROPAGATE_EXCEPTIONS = False
    if name in OPTIONAL and name not in _portal_url_names():
        pytest.skip(f"{name} is not served in this configuration")
    method, *outcomes = MATRIX[name]
    expected = outcomes[PERSONAS.index(persona)]
    user = getattr(personas, persona) if persona != "anonymous" else None
    if user is not None:
        client.force_login(user, backend="accounts.backends.LoginBackend")
    url = reverse(name, kwargs=ARGS[name](world) if name in ARGS else None)
    headers = _api_headers(name, user)
    response = client.post(url, POST_DATA.get(name, {})) if method == POST else client.get(url, **headers)
    assert _outcome(response) == expected, (
        f"{method} {url} as {persona}: got {response.status_code} {response.get('Location', '')}, "
        f"expected {expected}"
    )


# --- Django admin -----------------------------------------------------------------------------


def _admin_url(name, pattern, world):
    """The URL of an admin view, with placeholder arguments (an object id that does not exist)."""
    kwargs = {}
    for key in pattern.regex.groupindex:
        kwargs[key] = {"object_id": "999999", "app_label": "unions", "content_type_id": "1", "url": "x"}.get(
            key, "999999"
        )
    return reverse(name, kwargs=kwargs or None)


@pytest.mark.django_db
def test_admin_urls_are_for_staff_only(world, personas, client):
    """Every admin view sends non-staff to the admin's own sign-in page; ``hq`` (staff) gets in."""
    admin_login = reverse("admin:login")
    names = sorted({(name, pattern) for name, pattern in _named_urls() if name.startswith("admin:")},
                   key=lambda item: item[0])
    assert len(names) > 50
    public = {"admin:login", "admin:logout", "admin:jsi18n", "admin:view_on_site"}
    failures = []
    for persona in PERSONAS:
        client.logout()
        if persona != "anonymous":
            client.force_login(getattr(personas, persona), backend="accounts.backends.LoginBackend")
        for name, pattern in names:
            if name in public:
                continue
            url = _admin_url(name, pattern, world)
            response = client.get(url)
            kept_out = response.status_code == 302 and response.url.startswith(admin_login)
            if persona == "hq":  # in; a 403 is the admin refusing an action (no "add" for logs)
                if kept_out or response.status_code >= 500:
                    failures.append(f"{persona} {url}: {response.status_code}")
            elif not kept_out:
                failures.append(f"{persona} {url}: {response.status_code} {response.get('Location', '')}")
    assert not failures, "\n".join(failures)


def test_personas_are_as_the_matrix_assumes(personas, tree):
    """The matrix reads only if the personas are what conftest says."""
    assert not personas.officer.memberships.exists()
    assert personas.member.memberships.get().union == tree.officer_unit
    assert personas.hq.is_staff and personas.hq.is_superuser
    assert not any(u.is_staff for u in (personas.member, personas.officer, personas.sibling, personas.upper))
    assert UserFactory._meta.model.objects.count() == 5
