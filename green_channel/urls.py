"""The green channel's pages (重疾绿通): each views module carries its own ``urlpatterns``."""

from __future__ import annotations

app_name = "green_channel"

urlpatterns: list = []
