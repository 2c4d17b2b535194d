"""Pages of the injury-claims app, one module per area (each with its own ``urlpatterns``)."""
