from django.urls import path

from .views import cycle

app_name = "scoring"

urlpatterns = [
    # --- the cycle: years, rubric, scorecards, disputes (views/cycle.py) ---
    path("", cycle.years, name="years"),
]
