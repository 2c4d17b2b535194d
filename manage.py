#!/usr/bin/env python
import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    # manage.py is the developer's entry point: development mode unless told otherwise. Production processes
    # (gunicorn, Celery) read the environment directly, and every production use of manage.py (Dockerfile,
    # docker-compose.yml, .ci/run) sets DJANGO_DEBUG=0, so a missing secret still fails loudly there.
    os.environ.setdefault("DJANGO_DEBUG", "1")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
