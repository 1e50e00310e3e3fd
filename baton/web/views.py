"""Pages of the shell that belong to no business app."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe


def home(request: HttpRequest) -> HttpResponse:
    """Public entry point: the sign-in page for visitors, the accounts list for users."""
    if not request.user.is_authenticated:
        return redirect("login")
    return redirect("accounts:list")


@never_cache
@require_safe
def healthz(request: HttpRequest) -> HttpResponse:
    """Liveness for load balancers and benchmarks: public, no database, no template."""
    return HttpResponse("ok", content_type="text/plain; charset=utf-8")
