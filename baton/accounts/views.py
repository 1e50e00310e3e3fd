from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from baton.core.permissions import require
from baton.core.roles import Perm


@require(Perm.VIEW)
def account_list(request: HttpRequest) -> HttpResponse:
    return render(request, "accounts/list.html", {})
