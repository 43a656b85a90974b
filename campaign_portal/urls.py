from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django.views.i18n import JavaScriptCatalog

from . import views

admin.site.site_header = settings.SITE_NAME
admin.site.site_title = settings.SITE_NAME

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("favicon.ico", views.favicon),
    path("accounts/", include("accounts.urls")),
    path("privacy/", include("privacy.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
    path("admin/", admin.site.urls),
    path("", include("unions.urls")),
    path("", include("notifications.urls")),
    path("", include("campaigns.urls")),
    path("", include("contests.urls")),
    path("", include("submissions.urls")),
    path("", include("incidents.urls")),
    path("", include("reports.urls")),
    path("", include("api.urls")),
]

handler403 = "campaign_portal.views.error_403"
handler404 = "campaign_portal.views.error_404"
handler500 = "campaign_portal.views.error_500"

if settings.DEBUG and settings.MEDIA_STORAGE == "filesystem":
    from uploads.serving import media_urlpatterns  # safe types, nosniff, attachment for non-media

    urlpatterns += media_urlpatterns()
