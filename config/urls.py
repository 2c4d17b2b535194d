from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.views.i18n import set_language

from organization import views as org_views
from sla import views as sla_views
from workflow.views import healthz, readyz

from .metrics import metrics

admin.site.site_header = admin.site.site_title = "Claims network administration"

urlpatterns = [
    path("", sla_views.inbox, name="home"),
    path("healthz", healthz, name="healthz"),
    path("readyz", readyz, name="readyz"),
    path("metrics", metrics, name="metrics"),
    path("i18n/setlang/", set_language, name="set_language"),
    path("accounts/login/", org_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "accounts/password/",
        auth_views.PasswordChangeView.as_view(
            template_name="registration/password_change.html",
            http_method_names=["get", "post", "head", "options"],
        ),
        name="password_change",
    ),
    path(
        "accounts/password/done/",
        auth_views.PasswordChangeDoneView.as_view(
            template_name="registration/password_change_done.html",
            http_method_names=["get", "head", "options"],
        ),
        name="password_change_done",
    ),
    path("org/", include("organization.urls")),
    path("sla/", include("sla.urls")),
    path("hospitals/", include("hospitals.urls")),
    path("claims/", include("injury_claims.urls")),
    path("green-channel/", include("green_channel.urls")),
    path("scoring/", include("scoring.urls")),
    path("documents/", include("documents.urls")),
    path("admin/", admin.site.urls),
]

handler403 = "organization.views.permission_denied"
handler404 = "organization.views.page_not_found"
handler500 = "organization.views.server_error"
