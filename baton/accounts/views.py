"""Account pages: the list, the dossier (fiche compte), and the forms that edit them.

Views parse input (a Django form, then the pydantic schema), call a service or a selector, and
render. Every view declares its permission; the templates show edit controls only to users who
hold the matching permission (``can_edit_account`` / ``can_edit_dossier``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from baton.accounts import selectors, services
from baton.accounts.forms import (
    AccountFilterForm,
    AccountForm,
    ContactForm,
    ContextForm,
    PainForm,
    ProjectForm,
    SignalForm,
    active_users,
    add_domain_error,
    to_schema,
)
from baton.accounts.models import Account, ContactApproach
from baton.accounts.schemas import (
    AccountCreate,
    AccountUpdate,
    ContactCreate,
    ContactUpdate,
    ContextUpdate,
    PainCreate,
    ProjectCreate,
    SignalCreate,
    SignalUpdate,
)
from baton.accounts.selectors import DEFAULT_SORT, AccountFilters
from baton.core.errors import DomainError, NotFoundError
from baton.core.permissions import can, require
from baton.core.roles import Perm
from baton.users.models import User

PAGE_SIZE = 25
GET_POST = require_http_methods(["GET", "POST"])

# Sortable columns of the list: (sort key, label, numeric column).
SORT_COLUMNS: tuple[tuple[str, Any, bool], ...] = (
    ("name", gettext_lazy("Account"), False),
    ("level", gettext_lazy("Level"), False),
    ("score", gettext_lazy("Score"), True),
    ("revenue", gettext_lazy("Estimated revenue"), True),
    ("employees", gettext_lazy("Employees"), True),
    ("updated", gettext_lazy("Updated"), False),
)
# Columns whose natural first click is "largest first".
DESCENDING_FIRST = frozenset({"level", "score", "revenue", "employees", "updated"})

APPROACH_HELP: dict[str, Any] = {
    ContactApproach.CONTACT_FIRST: gettext_lazy(
        "Reachable decision makers and champions: the people to call first."
    ),
    ContactApproach.INFLUENCE: gettext_lazy(
        "Reach them through content and the champion rather than cold outreach."
    ),
    ContactApproach.AVOID: gettext_lazy("Blockers, and people to leave aside for now."),
}


def _is_htmx(request: HttpRequest) -> bool:
    return request.headers.get("HX-Request") == "true"


def _me(request: HttpRequest) -> User:
    user = request.user
    if not isinstance(user, User):  # @require lets only signed-in users through
        raise PermissionDenied
    return user


def _found[T](get: Callable[..., T], pk: int) -> T:
    try:
        return get(pk=pk)
    except NotFoundError as exc:
        raise Http404(exc.reason) from exc


def _perms(request: HttpRequest) -> dict[str, bool]:
    return {
        "can_edit_account": can(request.user, Perm.EDIT_ACCOUNT),
        "can_edit_dossier": can(request.user, Perm.EDIT_DOSSIER),
    }


def _dossier_url(account_id: int, anchor: str = "") -> str:
    url = reverse("accounts:detail", args=[account_id])
    return f"{url}#{anchor}" if anchor else url


def _form_page(
    request: HttpRequest, form: Any, account: Account, *, title: str, anchor: str
) -> HttpResponse:
    """A dossier form on its own page (no-JavaScript path, and the page after an error)."""
    return render(
        request,
        "accounts/item_form.html",
        {
            "form": form,
            "account": account,
            "title": title,
            "submit_label": _("Save"),
            "anchor": anchor,
        },
    )


# ---------- List ----------


def _columns(current: str) -> list[dict[str, Any]]:
    columns = []
    for key, label, numeric in SORT_COLUMNS:
        if current == key:
            state, next_sort = "ascending", f"-{key}"
        elif current == f"-{key}":
            state, next_sort = "descending", key
        else:
            state, next_sort = "none", f"-{key}" if key in DESCENDING_FIRST else key
        columns.append(
            {"key": key, "label": label, "numeric": numeric, "sort": next_sort, "state": state}
        )
    return columns


@require(Perm.VIEW)
@require_GET
def account_list(request: HttpRequest) -> HttpResponse:
    options = selectors.filter_options()
    form = AccountFilterForm(
        request.GET,
        industries=options["industries"],
        territories=options["territories"],
        owners=list(active_users()),
    )
    filters = AccountFilters(**form.values())
    paginator = Paginator(selectors.account_list(filters=filters), PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
    context = {
        "form": form,
        "page": page,
        "accounts": page.object_list,
        "page_range": paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1),
        "ellipsis": paginator.ELLIPSIS,
        "columns": _columns(filters.sort or DEFAULT_SORT),
        "filtered": any(v for k, v in form.values().items() if k != "sort"),
        **_perms(request),
    }
    template = "accounts/list.html#results" if _is_htmx(request) else "accounts/list.html"
    return render(request, template, context)


# ---------- Create / edit an account ----------


@require(Perm.EDIT_ACCOUNT)
@GET_POST
def account_create(request: HttpRequest) -> HttpResponse:
    form = AccountForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = to_schema(form, AccountCreate, form.schema_data())
        if data is not None:
            try:
                account = services.account_create(actor=_me(request), data=data)
            except DomainError as exc:
                add_domain_error(form, exc)
            else:
                messages.success(request, _("The account %(name)s is created.") % {"name": account})
                return redirect(_dossier_url(account.pk))
    return render(request, "accounts/account_form.html", {"form": form, "account": None})


@require(Perm.EDIT_ACCOUNT)
@GET_POST
def account_edit(request: HttpRequest, pk: int) -> HttpResponse:
    account = _found(selectors.account_get, pk)
    if request.method == "POST":
        form = AccountForm(request.POST)
        if form.is_valid():
            data = to_schema(form, AccountUpdate, form.schema_data())
            if data is not None:
                try:
                    services.account_update(actor=_me(request), account=account, data=data)
                except DomainError as exc:
                    add_domain_error(form, exc)
                else:
                    messages.success(request, _("The account is saved."))
                    return redirect(_dossier_url(account.pk))
    else:
        form = AccountForm(initial=AccountForm.initial_for(account))
    return render(request, "accounts/account_form.html", {"form": form, "account": account})


# ---------- The dossier ----------


@require(Perm.VIEW)
@require_GET
def account_detail(request: HttpRequest, pk: int) -> HttpResponse:
    account = _found(selectors.account_get, pk)
    dossier = selectors.dossier(account=account)
    main = dossier.main_decision_maker
    perms = _perms(request)
    context = {
        "account": account,
        "dossier": dossier,
        "main_decision_maker": main,
        "committee": [
            {
                "approach": group.approach,
                "label": ContactApproach(group.approach).label,
                "help": APPROACH_HELP.get(group.approach, ""),
                "members": group.members,
            }
            for group in dossier.committee
        ],
        "pains": dossier.pains,
        "projects": dossier.projects,
        "history": selectors.account_history(account=account),
        "pain_form": PainForm() if perms["can_edit_dossier"] else None,
        "project_form": ProjectForm() if perms["can_edit_dossier"] else None,
        **perms,
    }
    return render(request, "accounts/detail.html", context)


# ---------- Context and needs ----------


@require(Perm.EDIT_DOSSIER)
@GET_POST
def context_edit(request: HttpRequest, pk: int) -> HttpResponse:
    account = _found(selectors.account_get, pk)
    if request.method == "POST":
        form = ContextForm(request.POST)
        if form.is_valid():
            data = to_schema(form, ContextUpdate, form.cleaned_data)
            if data is not None:
                try:
                    services.context_update(actor=_me(request), account=account, data=data)
                except DomainError as exc:
                    add_domain_error(form, exc)
                else:
                    messages.success(request, _("The context is saved."))
                    return redirect(_dossier_url(account.pk, "context"))
    else:
        context = selectors.dossier(account=account).context
        form = ContextForm(initial=ContextForm.initial_for(context))
    return _form_page(
        request, form, account, title=_("Edit the context and needs"), anchor="context"
    )


def _section(
    request: HttpRequest, account: Account, name: str, form: PainForm | ProjectForm | None = None
) -> HttpResponse:
    """The pains or projects block of the dossier, for an HTMX swap."""
    context: dict[str, Any] = {"account": account, **_perms(request)}
    if name == "pains":
        context["pains"] = list(account.pains.all())
        context["pain_form"] = form or PainForm()
    else:
        context["projects"] = list(account.projects.all())
        context["project_form"] = form or ProjectForm()
    return render(request, f"accounts/detail.html#{name}", context)


@require(Perm.EDIT_DOSSIER)
@GET_POST
def pain_add(request: HttpRequest, pk: int) -> HttpResponse:
    account = _found(selectors.account_get, pk)
    form = PainForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = to_schema(form, PainCreate, form.cleaned_data)
        if data is not None:
            services.pain_add(actor=_me(request), account=account, data=data)
            if _is_htmx(request):
                return _section(request, account, "pains")
            messages.success(request, _("The pain is added."))
            return redirect(_dossier_url(account.pk, "pains"))
    if _is_htmx(request):
        return _section(request, account, "pains", form)
    return _form_page(request, form, account, title=_("Add a pain"), anchor="pains")


@require(Perm.EDIT_DOSSIER)
@require_POST
def pain_delete(request: HttpRequest, pk: int) -> HttpResponse:
    pain = _found(selectors.pain_get, pk)
    account = pain.account
    services.pain_delete(actor=_me(request), pain=pain)
    if _is_htmx(request):
        return _section(request, account, "pains")
    messages.success(request, _("The pain is removed."))
    return redirect(_dossier_url(account.pk, "pains"))


@require(Perm.EDIT_DOSSIER)
@GET_POST
def project_add(request: HttpRequest, pk: int) -> HttpResponse:
    account = _found(selectors.account_get, pk)
    form = ProjectForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = to_schema(form, ProjectCreate, form.cleaned_data)
        if data is not None:
            services.project_add(actor=_me(request), account=account, data=data)
            if _is_htmx(request):
                return _section(request, account, "projects")
            messages.success(request, _("The project is added."))
            return redirect(_dossier_url(account.pk, "projects"))
    if _is_htmx(request):
        return _section(request, account, "projects", form)
    return _form_page(request, form, account, title=_("Add a project"), anchor="projects")


@require(Perm.EDIT_DOSSIER)
@require_POST
def project_delete(request: HttpRequest, pk: int) -> HttpResponse:
    project = _found(selectors.project_get, pk)
    account = project.account
    services.project_delete(actor=_me(request), project=project)
    if _is_htmx(request):
        return _section(request, account, "projects")
    messages.success(request, _("The project is removed."))
    return redirect(_dossier_url(account.pk, "projects"))


# ---------- Buying signals ----------


@require(Perm.EDIT_DOSSIER)
@GET_POST
def signal_create(request: HttpRequest, pk: int) -> HttpResponse:
    account = _found(selectors.account_get, pk)
    form = SignalForm(request.POST or None, account=account)
    if request.method == "POST" and form.is_valid():
        data = to_schema(form, SignalCreate, form.schema_data())
        if data is not None:
            try:
                services.signal_create(actor=_me(request), account=account, data=data)
            except DomainError as exc:
                add_domain_error(form, exc)
            else:
                messages.success(request, _("The buying signal is recorded."))
                return redirect(_dossier_url(account.pk, "signals"))
    return _form_page(request, form, account, title=_("Add a buying signal"), anchor="signals")


@require(Perm.EDIT_DOSSIER)
@GET_POST
def signal_edit(request: HttpRequest, pk: int) -> HttpResponse:
    signal = _found(selectors.signal_get, pk)
    account = signal.account
    if request.method == "POST":
        form = SignalForm(request.POST, account=account)
        if form.is_valid():
            data = to_schema(form, SignalUpdate, form.schema_data())
            if data is not None:
                try:
                    services.signal_update(actor=_me(request), signal=signal, data=data)
                except DomainError as exc:
                    add_domain_error(form, exc)
                else:
                    messages.success(request, _("The buying signal is saved."))
                    return redirect(_dossier_url(account.pk, "signals"))
    else:
        form = SignalForm(initial=SignalForm.initial_for(signal), account=account)
    return _form_page(request, form, account, title=_("Edit the buying signal"), anchor="signals")


@require(Perm.EDIT_DOSSIER)
@GET_POST
def signal_delete(request: HttpRequest, pk: int) -> HttpResponse:
    signal = _found(selectors.signal_get, pk)
    account = signal.account
    if request.method == "POST":
        services.signal_delete(actor=_me(request), signal=signal)
        messages.success(request, _("The buying signal is deleted."))
        return redirect(_dossier_url(account.pk, "signals"))
    return render(
        request,
        "accounts/confirm_delete.html",
        {
            "account": account,
            "title": _("Delete this buying signal?"),
            "what": f"{signal.get_kind_display()} — {signal.description}",
            "anchor": "signals",
        },
    )


# ---------- Buying committee ----------


@require(Perm.EDIT_DOSSIER)
@GET_POST
def contact_create(request: HttpRequest, pk: int) -> HttpResponse:
    account = _found(selectors.account_get, pk)
    form = ContactForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = to_schema(form, ContactCreate, form.cleaned_data)
        if data is not None:
            try:
                contact = services.contact_create(actor=_me(request), account=account, data=data)
            except DomainError as exc:
                add_domain_error(form, exc)
            else:
                messages.success(
                    request, _("%(name)s is added to the buying committee.") % {"name": contact}
                )
                return redirect(_dossier_url(account.pk, "committee"))
    return _form_page(request, form, account, title=_("Add a committee member"), anchor="committee")


@require(Perm.EDIT_DOSSIER)
@GET_POST
def contact_edit(request: HttpRequest, pk: int) -> HttpResponse:
    contact = _found(selectors.contact_get, pk)
    account = contact.account
    if request.method == "POST":
        form = ContactForm(request.POST)
        if form.is_valid():
            data = to_schema(form, ContactUpdate, form.cleaned_data)
            if data is not None:
                try:
                    services.contact_update(actor=_me(request), contact=contact, data=data)
                except DomainError as exc:
                    add_domain_error(form, exc)
                else:
                    messages.success(request, _("%(name)s is saved.") % {"name": contact})
                    return redirect(_dossier_url(account.pk, "committee"))
    else:
        form = ContactForm(initial=ContactForm.initial_for(contact))
    return _form_page(
        request,
        form,
        account,
        title=_("Edit %(name)s") % {"name": contact},
        anchor="committee",
    )


@require(Perm.EDIT_DOSSIER)
@GET_POST
def contact_delete(request: HttpRequest, pk: int) -> HttpResponse:
    contact = _found(selectors.contact_get, pk)
    account = contact.account
    if request.method == "POST":
        services.contact_delete(actor=_me(request), contact=contact)
        messages.success(
            request, _("%(name)s is removed from the buying committee.") % {"name": contact}
        )
        return redirect(_dossier_url(account.pk, "committee"))
    return render(
        request,
        "accounts/confirm_delete.html",
        {
            "account": account,
            "title": _("Remove %(name)s from the buying committee?") % {"name": contact},
            "what": " — ".join(p for p in (contact.full_name, contact.title) if p),
            "anchor": "committee",
        },
    )
