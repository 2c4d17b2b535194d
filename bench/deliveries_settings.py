"""Settings of the Celery workers of bench/deliveries.py: the test settings, but e-mail really goes out by SMTP (to the
bench's local sink); the SMS gateway, the database and the broker come from the environment the bench sets."""

from tests.settings import *  # noqa: F403

EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
