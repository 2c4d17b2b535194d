from django.urls import path

from .views import cycle, outputs, surveys

app_name = "scoring"

urlpatterns = [
    # --- the cycle: years, rubric, scorecards, disputes (views/cycle.py) ---
    path("", cycle.years, name="years"),
    path("<int:year>/", cycle.year, name="year"),
    path("<int:year>/rubric/", cycle.rubric, name="rubric"),
    path("<int:year>/open/", cycle.open_year, name="open_year"),
    path("cards/<int:pk>/", cycle.scorecard, name="scorecard"),
    path("cards/<int:pk>/do/<slug:action>/", cycle.scorecard_act, name="scorecard_act"),
    path("cards/<int:pk>/note/", cycle.note, name="note"),
    path("cards/<int:pk>/adjust/", cycle.adjust, name="adjust"),
    path("cards/<int:pk>/recompute/", cycle.recompute, name="recompute"),
    path("cards/<int:pk>/versions/<int:number>/", cycle.version, name="version"),
    path("disputes/<int:pk>/answer/", cycle.answer, name="answer"),
    # --- outputs (views/outputs.py) ---
    path("<int:year>/ranking/", outputs.ranking, name="ranking"),
    path("<int:year>/ranking.xlsx", outputs.ranking_xlsx, name="ranking_xlsx"),
    path("cards/<int:pk>/print/", outputs.scorecard_print, name="scorecard_print"),
    # --- surveys (views/surveys.py) ---
    path("<int:year>/samples/", surveys.samples, name="samples"),
    path("<int:year>/samples/<int:org>/<slug:kind>/draw/", surveys.draw, name="draw"),
    path("samples/<int:pk>/", surveys.sample, name="sample"),
    path("responses/<int:pk>/", surveys.response, name="response"),
    path("responses/<int:pk>/unreachable/", surveys.unreachable, name="unreachable"),
    path("responses/<int:pk>/send-link/", surveys.send_link, name="send_link"),
    path("responses/<int:pk>/mobile/", surveys.reveal_mobile, name="reveal_mobile"),
    path("q/<str:token>/", surveys.survey_link, name="survey_link"),
]
