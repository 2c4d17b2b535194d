"""The green channel's pages (重疾绿通): each views module carries its own ``urlpatterns``."""

from __future__ import annotations

from .views import bookings, deposit, products, scorecard

app_name = "green_channel"

urlpatterns: list = []
urlpatterns += bookings.urlpatterns  # lookup, requests, the board, each booking (issue 12 points 4, 5, 7)
urlpatterns += deposit.urlpatterns  # the hospital-deposit advance (point 6)
urlpatterns += products.urlpatterns  # products and their network lists (points 1 and 2)
urlpatterns += scorecard.urlpatterns  # the vendor scorecard (point 7)
