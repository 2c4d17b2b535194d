"""Choices shared by the workflows, their step forms and the models (no imports of either, so all three can use
them)."""

from django.db import models
from django.utils.translation import gettext_lazy


class Recommendation(models.TextChoices):
    """What the annual evaluation recommends and what HQ decides (seed 000: "决定协作医院的续约或解约")."""

    RENEW = "renew", gettext_lazy("Renew")
    RECTIFY = "rectify", gettext_lazy("Rectify first")
    TERMINATE = "terminate", gettext_lazy("Terminate")
