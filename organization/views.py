from __future__ import annotations

from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from .forms import LoginForm
from .models import ReviewKind
from .selectors import (
    authority_matrix,
    children_of,
    get_org_for_user,
    org_history,
    org_tree_for,
    responsible_persons,
    staff_of,
)

STAFF_PER_PAGE = 50


class LoginView(auth_views.LoginView):
    authentication_form = LoginForm
    redirect_authenticated_user = True
    template_name = "registration/login.html"
    http_method_names = ["get", "post", "head", "options"]  # Django's form views take PUT as POST


@require_GET
@login_required
def org_list(request: HttpRequest) -> HttpResponse:
    return render(request, "organization/org_list.html", {"roots": org_tree_for(request.user)})


@require_GET
@login_required
def org_detail(request: HttpRequest, pk: int) -> HttpResponse:
    org = get_org_for_user(request.user, pk)
    staff = Paginator(staff_of(org), STAFF_PER_PAGE).get_page(request.GET.get("page"))
    children = children_of(org)
    matrix = authority_matrix(org)
    matrix_rows = []
    if matrix:
        by_kind = {kind: {row.level: row.ceiling for row in rows} for kind, rows in matrix.items()}
        for level in range(1, 10):
            matrix_rows.append(
                {"level": level, "ceilings": [by_kind[kind].get(level) for kind in ReviewKind.values]}
            )
    return render(
        request,
        "organization/org_detail.html",
        {
            "org": org,
            "staff": staff,
            "children": children,
            "matrix_rows": matrix_rows,
            "review_kinds": ReviewKind.labels,
            "responsible": responsible_persons(org),
            "history": org_history(org),
        },
    )


def permission_denied(request: HttpRequest, exception=None) -> HttpResponse:
    return render(request, "403.html", status=403)


def page_not_found(request: HttpRequest, exception=None) -> HttpResponse:
    return render(request, "404.html", status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    # No context processors: the database may be what failed.
    from django.template import loader

    return HttpResponse(loader.get_template("500.html").render({}), status=500)
