from django.urls import path

from .views import cycle, surveys

app_name = "scoring"

urlpatterns = [
    # --- the cycle: years, rubric, scorecards, disputes (views/cycle.py) ---
    path("", cycle.years, name="years"),
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
