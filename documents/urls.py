from django.urls import path

from . import views

app_name = "documents"

urlpatterns = [
    path("verify/", views.verify, name="verify"),
    path("<str:number>/", views.detail, name="detail"),
    path("<str:number>.pdf", views.download, name="download"),
]
