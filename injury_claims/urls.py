from django.urls import path

from .views import (
    claims,
    guarantee,
    mediators,
    payments,
    printing,
    reference,
    search,
    settlement,
    settlement_reports,
)

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
urlpatterns += guarantee.urlpatterns  # the medical-fee guarantee and prepayment (seed 000)
