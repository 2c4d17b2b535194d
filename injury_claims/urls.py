from django.urls import path

from .views import (
    claims,
    fast_track,
    guarantee,
    mediation,
    mediators,
    payments,
    printing,
    reference,
    search,
    settlement,
    settlement_reports,
)
from .views.litigation import urlpatterns as litigation_urls  # 人伤涉诉 (seed 001 p22–23)

app_name = "injury_claims"

urlpatterns = [
    path("mediators/", mediators.mediators, name="mediators"),
    path("mediators/<int:pk>/letter/", mediators.mediator_letter, name="mediator_letter"),
]
urlpatterns += claims.urlpatterns
urlpatterns += reference.urlpatterns
urlpatterns += search.urlpatterns
urlpatterns += settlement.urlpatterns
urlpatterns += printing.urlpatterns
urlpatterns += payments.urlpatterns  # the bank's payment batches (issue 10 point 5)
urlpatterns += settlement_reports.urlpatterns  # the settlement reports (issue 10 point 7)
urlpatterns += fast_track.urlpatterns  # the fast track for small injury claims (issue 11 point 1)
urlpatterns += mediation.urlpatterns  # mediation for an injured person (issue 11, 人伤调解)
urlpatterns += litigation_urls
urlpatterns += guarantee.urlpatterns  # the medical-fee guarantee and prepayment (seed 000)
