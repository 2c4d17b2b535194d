"""Environment helpers: every setting comes from the environment, and a missing production secret fails loudly."""

from __future__ import annotations

import os

from django.core.exceptions import ImproperlyConfigured

TRUTHY = {"1", "true", "yes", "on"}
FALSY = {"0", "false", "no", "off", ""}


def env(name: str, default: str | None = None) -> str | None:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in TRUTHY:
        return True
    if value in FALSY:
        return False
    raise ImproperlyConfigured(f"{name} must be one of {sorted(TRUTHY | FALSY)}, not {raw!r}")


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    try:
        return int(raw)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be an integer, not {raw!r}") from exc


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def required_in_production(name: str, *, debug: bool, dev_default: str) -> str:
    """A secret that must be set when DEBUG is off; in development a fixed, clearly-unsafe default is used."""
    value = os.environ.get(name)
    if value:
        return value
    if debug:
        return dev_default
    raise ImproperlyConfigured(
        f"{name} must be set when DJANGO_DEBUG is off (production). See README.md, 'Production'."
    )
