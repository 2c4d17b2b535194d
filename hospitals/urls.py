from .views import activity, coverage, pipeline, registry

app_name = "hospitals"

urlpatterns = [*registry.urlpatterns, *pipeline.urlpatterns, *coverage.urlpatterns, *activity.urlpatterns]
