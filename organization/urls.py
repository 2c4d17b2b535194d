from django.urls import path

from . import views

app_name = "organization"

urlpatterns = [
    path("", views.org_list, name="org_list"),
    path("<int:pk>/", views.org_detail, name="org_detail"),
]
