from django.urls import path

from .views import cycle

app_name = "scoring"

urlpatterns = [
    path("", cycle.years, name="years"),
]
