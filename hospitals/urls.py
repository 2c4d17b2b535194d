from .views import activity, agreements, coverage, evaluation, pipeline, registry

app_name = "hospitals"

urlpatterns = [
    *registry.urlpatterns,
    *pipeline.urlpatterns,
    *agreements.urlpatterns,
    *evaluation.urlpatterns,
    *coverage.urlpatterns,
    *activity.urlpatterns,
]
