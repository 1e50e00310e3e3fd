"""The REST API root at /api/v1/: routers from each app, one error format."""

from __future__ import annotations

from django.db import OperationalError
from django.http import HttpRequest, HttpResponse
from ninja import NinjaAPI, Swagger
from ninja.errors import AuthenticationError, HttpError, ValidationError

from baton.core.api import (
    ApiForbiddenError,
    SessionAuth,
    TokenAuth,
    busy_body,
    domain_error_body,
    errors,
    forbidden_body,
    unauthenticated_body,
    validation_reason,
)
from baton.core.busy import RETRY_AFTER_S, is_busy
from baton.core.errors import DomainError

api = NinjaAPI(
    title="Baton API",
    version="1",
    description=(
        "Account-based marketing handover and shared metrics. Authenticate with a personal "
        "API token (`Authorization: Bearer bat_…`, created under *API tokens* in the app). "
        'Errors are `{"errors": [{"field": …, "reason": …}]}`.'
    ),
    auth=[TokenAuth(), SessionAuth()],
    urls_namespace="api",
    # Swagger UI from ninja's bundled static files ("ninja" is in INSTALLED_APPS); no
    # validator badge, which would be fetched from validator.swagger.io.
    docs=Swagger(settings={"validatorUrl": None}),
)


@api.exception_handler(ValidationError)
def on_validation_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    items = []
    for err in exc.errors:
        loc = [str(p) for p in err.get("loc", []) if p not in ("body", "payload", "query", "path")]
        items.append((".".join(loc) or None, validation_reason(dict(err))))
    return api.create_response(request, errors(*items), status=422)


@api.exception_handler(DomainError)
def on_domain_error(request: HttpRequest, exc: DomainError) -> HttpResponse:
    return api.create_response(request, domain_error_body(exc), status=exc.status_code)


@api.exception_handler(ApiForbiddenError)
def on_forbidden(request: HttpRequest, exc: ApiForbiddenError) -> HttpResponse:
    return api.create_response(request, forbidden_body(exc.perm), status=403)


@api.exception_handler(AuthenticationError)
def on_unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    return api.create_response(request, unauthenticated_body(), status=401)


@api.exception_handler(HttpError)
def on_http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    return api.create_response(request, errors((None, str(exc))), status=exc.status_code)


@api.exception_handler(OperationalError)
def on_database_busy(request: HttpRequest, exc: OperationalError) -> HttpResponse:
    """The write lock stayed taken (SQLite during a big import): 503, nothing saved, retry."""
    if not is_busy(exc):
        raise exc
    response = api.create_response(request, busy_body(), status=503)
    response["Retry-After"] = str(RETRY_AFTER_S)
    return response


@api.get("/health", auth=None, tags=["system"], summary="Liveness check")
def health(request: HttpRequest) -> dict[str, str]:
    return {"status": "ok"}


def _register_routers() -> None:
    from baton.accounts.api import router as accounts_router
    from baton.engagement.api import router as engagement_router
    from baton.handovers.api import router as handovers_router
    from baton.metrics.api import router as metrics_router
    from baton.metrics.api_actions import router as actions_router
    from baton.notifications.api import router as notifications_router
    from baton.qualification.api import router as qualification_router
    from baton.users.api import router as users_router

    for router in (
        users_router,
        accounts_router,
        engagement_router,
        qualification_router,
        handovers_router,
        notifications_router,
        metrics_router,
        actions_router,
    ):
        api.add_router("/", router)


_register_routers()
