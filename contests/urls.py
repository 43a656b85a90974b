from django.urls import path

from . import live_views as lv
from . import prize_views as pv
from . import views

urlpatterns = [
    path("contests/", views.contest_list, name="contest_list"),
    path("contests/manage/", pv.contest_manage, name="contest_manage"),
    path("contests/new/", pv.contest_create, name="contest_create"),
    path("contests/manage/units/", pv.contest_unit_search, name="contest_unit_search"),
    path("contests/points/", pv.contest_points, name="contest_points"),
    path("contests/<slug:slug>/", views.contest_detail, name="contest_detail"),
    path("contests/<slug:slug>/rules/", pv.contest_rules, name="contest_rules"),
    path("contests/<slug:slug>/winners/", pv.contest_winners, name="contest_winners"),
    path("contests/<slug:slug>/winners/<int:pk>/name/", pv.contest_winner_name, name="contest_winner_name"),
    path("contests/<slug:slug>/leaderboard/", pv.contest_leaderboard, name="contest_leaderboard"),
    path("contests/<slug:slug>/play/", pv.contest_play, name="contest_play"),
    path("contests/<slug:slug>/attempts/<int:number>/", pv.contest_attempt, name="contest_attempt"),
    path("contests/<slug:slug>/attempts/<int:number>/paper.json", pv.contest_attempt_json, name="contest_attempt_json"),
    path("contests/<slug:slug>/live/", lv.contest_live, name="contest_live"),
    path("contests/<slug:slug>/live/state/", lv.contest_live_state, name="contest_live_state"),
    path("contests/<slug:slug>/live/answer/", lv.contest_live_answer, name="contest_live_answer"),
    path("contests/<slug:slug>/live/host/", lv.contest_live_host, name="contest_live_host"),
    path("contests/<slug:slug>/live/control/", lv.contest_live_control, name="contest_live_control"),
    path("contests/<slug:slug>/live/qr.svg", lv.contest_live_qr, name="contest_live_qr"),
    path("contests/<slug:slug>/enter/", pv.contest_enter, name="contest_enter"),
    path("contests/<slug:slug>/entries/<int:pk>/vote/", pv.contest_vote, name="contest_vote"),
    path("contests/<slug:slug>/entries/<int:pk>/jury/", pv.contest_jury, name="contest_jury"),
    path("contests/<slug:slug>/setup/", pv.contest_setup, name="contest_setup"),
    path("contests/<slug:slug>/edit/", pv.contest_edit, name="contest_edit"),
    path("contests/<slug:slug>/rules/new/", pv.contest_rules_new, name="contest_rules_new"),
    path("contests/<slug:slug>/prizes/", pv.contest_prize_add, name="contest_prize_add"),
    path("contests/<slug:slug>/prizes/<int:pk>/delete/", pv.contest_prize_delete, name="contest_prize_delete"),
    path("contests/<slug:slug>/questions/", pv.contest_question_add, name="contest_question_add"),
    path("contests/<slug:slug>/questions/<int:pk>/delete/", pv.contest_question_delete, name="contest_question_delete"),
    path("contests/<slug:slug>/questions/import/", pv.contest_questions_import, name="contest_questions_import"),
    path("contests/<slug:slug>/publish/", pv.contest_publish, name="contest_publish"),
    path("contests/<slug:slug>/draw/", pv.contest_draw, name="contest_draw"),
    path("contests/<slug:slug>/handover/", pv.contest_handover, name="contest_handover"),
    path("contests/<slug:slug>/handover.xlsx", pv.contest_handover_export, name="contest_handover_export"),
]
