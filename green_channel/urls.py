"""The green channel's pages (重疾绿通): each views module carries its own ``urlpatterns``."""

from __future__ import annotations

from .views import bookings

app_name = "green_channel"

urlpatterns: list = []
urlpatterns += bookings.urlpatterns  # lookup, requests, the board, each booking (issue 12 points 4, 5, 7)

from .views import scorecard  # noqa: E402

urlpatterns += scorecard.urlpatterns  # the vendor scorecard (issue 12 point 7)
