import os

from celery import Celery

from .observability import connect_celery_signals

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("claims_network")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
# The request id travels with every task message; worker processes log with Django's LOGGING (JSON in production).
connect_celery_signals()
