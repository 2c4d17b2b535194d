#!/usr/bin/env python
import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    # Production mode unless told otherwise, like every other entry point (wsgi, asgi, Celery): a shell on a
    # production host without DJANGO_DEBUG must never fall back to the development key. `make run` and
    # `make messages`/`make compile` set DJANGO_DEBUG=1 for development explicitly.
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
