"""SMS behind a small interface. The gateway is unreachable from here, so the default backend prints.

SMS_BACKEND: "console" (log), "file" (append JSON lines to $VAR_DIR/sms.log), "http" (POST to SMS_HTTP_URL).
"""

from __future__ import annotations

import json
import logging
import urllib.error
import urllib.request

from django.conf import settings
from django.utils import timezone

log = logging.getLogger("sla.sms")


class SmsError(Exception):
    """The gateway did not accept the message; the delivery is retried with backoff."""


class ConsoleBackend:
    def send(self, phone: str, text: str, key: str) -> None:
        from organization.pii import mask

        log.info("SMS to %s [%s]: %s", mask(phone), key, text)  # logs never hold a whole number


class FileBackend:
    def send(self, phone: str, text: str, key: str) -> None:
        path = settings.VAR_DIR / "sms.log"
        record = {"at": timezone.now().isoformat(), "to": phone, "key": key, "text": text}
        with path.open("a", encoding="utf-8") as fh:
            fh.write(json.dumps(record, ensure_ascii=False) + "\n")


class HttpBackend:
    """A JSON-over-HTTP gateway. The delivery key travels as Idempotency-Key so the gateway can drop a repeat
    sent after a crash between its acceptance and our bookkeeping."""

    def send(self, phone: str, text: str, key: str) -> None:
        if not settings.SMS_HTTP_URL:
            raise SmsError("SMS_HTTP_URL is not set")
        body = json.dumps({"to": phone, "text": text}, ensure_ascii=False).encode()
        request = urllib.request.Request(  # noqa: S310 -- the URL is the operator's configured gateway
            settings.SMS_HTTP_URL,
            data=body,
            method="POST",
            headers={
                "Content-Type": "application/json; charset=utf-8",
                "Authorization": f"Bearer {settings.SMS_HTTP_TOKEN}",
                "Idempotency-Key": key,
            },
        )
        try:
            with urllib.request.urlopen(request, timeout=settings.SMS_HTTP_TIMEOUT) as response:  # noqa: S310
                if not 200 <= response.status < 300:
                    raise SmsError(f"gateway answered {response.status}")
        except urllib.error.HTTPError as exc:
            raise SmsError(f"gateway answered {exc.code}") from exc
        except (urllib.error.URLError, TimeoutError, OSError) as exc:
            raise SmsError(f"gateway unreachable: {exc}") from exc


BACKENDS = {"console": ConsoleBackend, "file": FileBackend, "http": HttpBackend}


def get_backend():
    try:
        return BACKENDS[settings.SMS_BACKEND]()
    except KeyError as exc:
        raise SmsError(
            f"unknown SMS_BACKEND {settings.SMS_BACKEND!r}; use one of {sorted(BACKENDS)}"
        ) from exc
