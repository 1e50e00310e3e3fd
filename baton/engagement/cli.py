"""Texts and rendering of ``baton source`` (the command lives in ``baton.cli``; its words live
here so that the engagement catalogue translates them)."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _

from baton.engagement.models import IngestSource


def created_lines(source: IngestSource) -> list[str]:
    return [
        _("Source %(name)s created (code %(slug)s). Copy its secret now, it is shown only once:")
        % {"name": source.name, "slug": source.slug},
        source.secret,
    ]


def rotated_lines(source: IngestSource) -> list[str]:
    return [
        _("New secret for %(name)s; the previous one no longer works. Copy it now:")
        % {"name": source.name},
        source.secret,
    ]


def list_lines(sources: list[IngestSource]) -> list[str]:
    if not sources:
        return [_("No webhook sources yet: baton source create NAME")]
    lines = ["\t".join((_("code"), _("name"), _("secret"), _("last used"), _("status")))]
    for source in sources:
        used = (
            timezone.localtime(source.last_used_at).strftime("%Y-%m-%d %H:%M")
            if source.last_used_at
            else "-"
        )
        status = _("active") if source.is_active else _("disabled")
        lines.append("\t".join((source.slug, source.name, source.masked_secret, used, status)))
    return lines


def unknown_source(slug: str) -> str:
    return _("no source with the code %(slug)s") % {"slug": slug}
