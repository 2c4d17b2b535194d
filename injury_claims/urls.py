from django.urls import path

from . import views

app_name = "injury_claims"

urlpatterns = [
    path("mediators/", views.mediators, name="mediators"),
    path("mediators/<int:pk>/letter/", views.mediator_letter, name="mediator_letter"),
]
