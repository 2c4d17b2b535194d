"""Views of the hospital network, one module per area; each module holds its own `urlpatterns`."""
