"""Download the account dossier as Markdown or PDF (SPEC R-1.6). Every role may export."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.utils import translation
from django.utils.text import slugify
from django.utils.translation import gettext

from baton.accounts.export import supported_languages
from baton.accounts.export.markdown import render_markdown
from baton.accounts.models import Account
from baton.accounts.selectors import account_get, dossier
from baton.core.errors import NotFoundError
from baton.core.permissions import require
from baton.core.roles import Perm


def _language(request: HttpRequest) -> str | None:
    """``?lang=``, else the user's language, else the active one; ``None`` when unsupported."""
    requested = request.GET.get("lang")
    if requested is None:
        requested = getattr(request.user, "language", "") or translation.get_language() or ""
    return requested if requested in supported_languages() else None


def _bad_language(request: HttpRequest) -> HttpResponse:
    message = gettext("Unknown language “%(language)s”: choose one of %(choices)s.") % {
        "language": request.GET.get("lang", ""),
        "choices": ", ".join(supported_languages()),
    }
    return HttpResponseBadRequest(message, content_type="text/plain; charset=utf-8")


def _account(pk: int) -> Account:
    try:
        return account_get(pk=pk)
    except NotFoundError as error:
        raise Http404(error.reason) from error


def _attachment(account: Account, language: str, extension: str) -> str:
    slug = slugify(account.name) or f"account-{account.pk}"
    return f'attachment; filename="dossier-{slug}-{language}.{extension}"'


@require(Perm.VIEW)
def dossier_markdown(request: HttpRequest, pk: int) -> HttpResponse:
    language = _language(request)
    if language is None:
        return _bad_language(request)
    account = _account(pk)
    text = render_markdown(dossier(account=account), language)
    response = HttpResponse(text, content_type="text/markdown; charset=utf-8")
    response["Content-Disposition"] = _attachment(account, language, "md")
    return response


@require(Perm.VIEW)
def dossier_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    language = _language(request)
    if language is None:
        return _bad_language(request)
    account = _account(pk)
    # WeasyPrint is slow to import: load it on the first PDF, not when the URLs load.
    from baton.accounts.export.pdf import render_pdf

    pdf = render_pdf(dossier(account=account), language)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = _attachment(account, language, "pdf")
    return response
