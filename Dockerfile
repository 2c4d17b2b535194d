# syntax=docker/dockerfile:1
#
# Claims network: one image for every role; docker-compose.yml picks the role with `command:`.
#   web     gunicorn config.wsgi:application (the default CMD below)
#   worker  celery -A config worker -Q <queues>   (worker-fast, worker-heavy: README, "Queues")
#   beat    celery -A config beat            (exactly one per deployment)
#   migrate python manage.py migrate --noinput (one-shot, before web/worker/beat)
#
# The code runs from /app (PYTHONPATH), not from site-packages: pyproject.toml declares `packages = []`,
# so `pip install` only brings in the runtime dependencies.
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PYTHONPATH=/app \
    DJANGO_SETTINGS_MODULE=config.settings \
    VAR_DIR=/app/var

# Runtime system packages:
#   WeasyPrint (PDF documents): Pango, PangoFT2 and HarfBuzz incl. its subsetter (fontconfig comes with Pango)
#   fonts-noto-cjk: the Chinese font embedded in issued PDFs
#   gettext: msgfmt for `compilemessages` at build time
#   curl: the web container's healthcheck
RUN apt-get update \
 && apt-get install -y --no-install-recommends \
        libpango-1.0-0 \
        libpangoft2-1.0-0 \
        libharfbuzz0b \
        libharfbuzz-subset0 \
        fonts-noto-cjk \
        gettext \
        curl \
 && rm -rf /var/lib/apt/lists/*

RUN groupadd --gid 1000 app \
 && useradd --uid 1000 --gid app --create-home --home-dir /home/app --shell /usr/sbin/nologin app

WORKDIR /app

# Dependencies first, from pyproject.toml alone, so code changes don't reinstall them. Same result as
# `pip install .` on the whole repository (no packages are installed from it), built outside /app so no
# egg-info/build directories end up in the code tree.
COPY pyproject.toml /tmp/build/pyproject.toml
RUN pip install --no-cache-dir /tmp/build \
 && rm -rf /tmp/build

# Code stays root-owned (read-only for the app user); only /app/var is writable.
COPY . /app

# Compile translations and collect static files (into /app/var/static, STATIC_ROOT, served by WhiteNoise with
# its manifest). Production settings need a secret key and PII keys; the dummy ones exist only for this RUN and are not
# baked into the image's environment. Importing the settings without REDIS_URL creates the file-broker
# directories under var/: they are dropped, the image always runs against Redis.
RUN DJANGO_DEBUG=0 DJANGO_SECRET_KEY=build-only-dummy-key-not-used-at-runtime DJANGO_PII_KEYS=build-only-dummy \
        python manage.py compilemessages --ignore=.venv \
 && DJANGO_DEBUG=0 DJANGO_SECRET_KEY=build-only-dummy-key-not-used-at-runtime DJANGO_PII_KEYS=build-only-dummy \
        python manage.py collectstatic --noinput \
 && rm -rf /app/var/broker \
 && mkdir -p /app/var/media \
 && chown -R app:app /app/var

# Media (uploads, issued documents) is the persistent data. The volume is deliberately /app/var/media and
# not all of /app/var: /app/var/static is part of the image, and a volume over it would keep serving the
# previous release's static files and manifest after an upgrade. The beat schedule
# (/app/var/celerybeat-schedule) is disposable and lives in the container's own layer.
VOLUME ["/app/var/media"]

USER app

EXPOSE 8000

# config/gunicorn.py: gunicorn's own lines in the product's log format (the product writes the access lines, with
# the request id) and the Prometheus multiprocess hooks (README, "Logs", "Metrics").
CMD ["sh", "-c", "exec gunicorn config.wsgi:application -c config/gunicorn.py --bind 0.0.0.0:8000 --workers ${WEB_CONCURRENCY:-3}"]
