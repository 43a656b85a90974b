from django.urls import path

from . import views

urlpatterns = [
    path("submissions/new/", views.submission_new, name="submission_new"),
    path("submissions/mine/", views.submission_mine, name="submission_mine"),
    path("submissions/queue/", views.submission_queue, name="submission_queue"),
    path("submissions/queue/units/", views.queue_unit_search, name="queue_unit_search"),
    path("submissions/aspirations/export.xlsx", views.aspirations_export, name="aspirations_export"),
    path("submissions/<int:pk>/", views.submission_detail, name="submission_detail"),
    path("submissions/<int:pk>/edit/", views.submission_edit, name="submission_edit"),
    path("submissions/<int:pk>/withdraw/", views.submission_withdraw, name="submission_withdraw"),
    path("submissions/<int:pk>/delete/", views.submission_delete, name="submission_delete"),
    path("submissions/<int:pk>/decide/", views.submission_decide, name="submission_decide"),
    path("submissions/<int:pk>/fanpage.zip", views.fanpage_package, name="submission_fanpage_package"),
    path("submissions/<int:pk>/fanpage/", views.fanpage_record, name="submission_fanpage_record"),
    path("submissions/<int:pk>/files/<int:media_pk>/<slug:variant>", views.submission_media_file,
         name="submission_media_file"),
    path("stories/", views.stories, name="stories"),
    path("stories/units/", views.story_unit_search, name="story_unit_search"),
    path("stories/<int:pk>/", views.story_detail, name="story_detail"),
]
