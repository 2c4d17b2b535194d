from django.urls import path

from .views import cycle, outputs

app_name = "scoring"

urlpatterns = [
    # --- the cycle: years, rubric, scorecards, disputes (views/cycle.py) ---
    path("", cycle.years, name="years"),
    # --- outputs (views/outputs.py) ---
    path("<int:year>/ranking/", outputs.ranking, name="ranking"),
    path("<int:year>/ranking.xlsx", outputs.ranking_xlsx, name="ranking_xlsx"),
    path("cards/<int:pk>/print/", outputs.scorecard_print, name="scorecard_print"),
]
