"""Cross-cutting middleware: request ids and the access log, language choice, security policy, messages as htmx
toasts, the request-size ceiling and private caching."""

from __future__ import annotations

import json
import logging
import time

from django.conf import settings
from django.contrib import messages
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _

from . import observability

observability.connect_request_signals()
SUPPORTED = {code for code, _name in settings.LANGUAGES}
access_logger = logging.getLogger("config.access")
# Probes and scrapes answer every few seconds: their access lines are DEBUG, not INFO.
QUIET_PATHS = frozenset({"/healthz", "/readyz", "/metrics"})


class RequestIdMiddleware:
    """First in the chain: every request gets an id (the proxy's ``X-Request-ID`` when it is sane, ≤ 64 characters
    of [A-Za-z0-9._-], else a new one) that every log line of the request, the access line and the Celery tasks it
    queues carry, and that goes back in the response's ``X-Request-ID`` header (config.observability)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request_id = (
            observability.sane_request_id(request.headers.get(observability.REQUEST_ID_HEADER))
            or observability.new_request_id()
        )
        request.request_id = request_id
        # Bound until the response is closed (request_finished, config.observability): Django logs a 4xx/5xx
        # ("Not Found: ...", django.request) after the middleware chain has returned.
        observability.bind(observability.LogContext(request_id=request_id, request=request))
        started = time.perf_counter()
        response = self.get_response(request)
        response[observability.REQUEST_ID_HEADER] = request_id
        access_logger.log(
            logging.DEBUG if request.path in QUIET_PATHS else logging.INFO,
            "%s %s %s",
            request.method,
            request.path,
            response.status_code,
            extra={
                "status": response.status_code,
                "duration_ms": round((time.perf_counter() - started) * 1000, 1),
            },
        )
        return response


class LanguageMiddleware:
    """zh-hans unless the person chose otherwise with the switcher (a cookie).

    Deliberately ignores the browser's Accept-Language: staff use shared and English-configured browsers, and
    the product's working language is Chinese; English is an explicit choice.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        language = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if language not in SUPPORTED:
            language = settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        patch_vary_headers(response, ("Cookie",))
        return response


class ContentSecurityPolicyMiddleware:
    """Only our own scripts and styles run: htmx and the app script are vendored, nothing inline."""

    POLICY = (
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
        "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'self'; object-src 'none'"
    )

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if not request.path.startswith("/admin/"):
            response.headers.setdefault("Content-Security-Policy", self.POLICY)
        response.headers.setdefault("Permissions-Policy", "camera=(self), geolocation=(), microphone=()")
        return response


class HtmxMessagesMiddleware:
    """For htmx requests, Django messages travel as an HX-Trigger 'toast' event instead of waiting for a page."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if (
            not getattr(request, "htmx", False)
            or "HX-Redirect" in response.headers
            or (response.status_code >= 300 and response.status_code < 400)
        ):
            return response
        toasts = [{"level": m.level_tag, "text": str(m)} for m in messages.get_messages(request)]
        if not toasts:
            return response
        triggers = {}
        if "HX-Trigger" in response.headers:
            raw = response.headers["HX-Trigger"]
            try:
                triggers = json.loads(raw)
            except ValueError:
                triggers = {name.strip(): None for name in raw.split(",")}
        triggers["toast"] = {"messages": toasts}
        # ASCII only: HTTP headers are latin-1, Chinese travels as \\u escapes that JSON.parse restores.
        response.headers["HX-Trigger"] = json.dumps(triggers)
        return response


class RequestSizeLimitMiddleware:
    """Refuse a request body larger than settings.MAX_REQUEST_BYTES before anything reads it (413).

    The reverse proxy enforces the same limit in production (README, "Production": nginx `client_max_body_size`;
    gunicorn sets no body limit of its own). Forms keep their own, smaller limits with field-specific messages
    (a 10 MB scan, a 5 MB import); this is the ceiling for everything. A body without a length (chunked) cannot be
    measured up front and is refused with 411: browsers always send the length of a form.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        limit = settings.MAX_REQUEST_BYTES
        raw = request.META.get("CONTENT_LENGTH") or ""
        chunked = "chunked" in request.META.get("HTTP_TRANSFER_ENCODING", "").lower()
        try:
            length = int(raw) if raw else 0
        except ValueError:
            length = -1
        if chunked and not raw:
            return self._refuse(request, 411, _("Send the request with its length (Content-Length)."))
        if length < 0:
            return self._refuse(request, 400, _("The request's Content-Length is not a number."))
        if length > limit:
            return self._refuse(
                request,
                413,
                _("The upload is too large: at most %(mb)s MB can be sent at once.")
                % {"mb": limit // (1024 * 1024)},
            )
        return self.get_response(request)

    @staticmethod
    def _refuse(request, status: int, message: str) -> HttpResponse:
        # Rendered without the shell's context processors: nothing else has run (no session, no user).
        body = render_to_string("request_refused.html", {"status": status, "message": message})
        response = HttpResponse(body, status=status)
        if request.headers.get("HX-Request"):
            response.headers["HX-Trigger"] = json.dumps(
                {"toast": {"messages": [{"level": "error", "text": message}]}}
            )
        response["Connection"] = "close"
        return response


class PrivateCacheMiddleware:
    """Pages and downloads for a signed-in person carry personal and business data: no cache may keep them
    (neither a shared proxy nor the browser's back-button store)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            response.headers["Cache-Control"] = "private, no-store"
        return response
