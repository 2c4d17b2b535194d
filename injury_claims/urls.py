from django.urls import path

from .views import claims, mediators, reference, search, settlement

app_name = "injury_claims"

urlpatterns = [
    path("mediators/", mediators.mediators, name="mediators"),
    path("mediators/<int:pk>/letter/", mediators.mediator_letter, name="mediator_letter"),
]
urlpatterns += claims.urlpatterns
urlpatterns += reference.urlpatterns
urlpatterns += search.urlpatterns
urlpatterns += settlement.urlpatterns
