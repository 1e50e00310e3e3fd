"""Forms of the upload page: the file, then the column mapping."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django import forms
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from baton.core.importing import registry
from baton.core.importing.mapping import default_target
from baton.core.importing.readers import SUFFIXES


class UploadForm(forms.Form):
    kind = forms.ChoiceField(label=_("What the file holds"))
    file = forms.FileField(
        label=_("File (CSV or XLSX)"),
        widget=forms.ClearableFileInput(attrs={"accept": ",".join(SUFFIXES)}),
    )
    encoding = forms.ChoiceField(
        label=_("Encoding of a CSV file"),
        choices=[("utf-8", _("UTF-8 (recommended)")), ("cp1252", _("Windows (cp1252)"))],
        initial="utf-8",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        kind_field = self.fields["kind"]
        if isinstance(kind_field, forms.ChoiceField):
            kind_field.choices = [
                (kind, registry.importer_class(kind).label) for kind in registry.kinds()
            ]

    def clean_file(self) -> UploadedFile[bytes]:
        upload: UploadedFile[bytes] = self.cleaned_data["file"]
        limit = settings.BATON_IMPORT_MAX_BYTES
        if upload.size is not None and upload.size > limit:
            raise forms.ValidationError(
                _("The file is too large (limit: %(limit)s)."),
                params={"limit": filesizeformat(limit)},
            )
        if Path(upload.name or "").suffix.lower() not in SUFFIXES:
            raise forms.ValidationError(_("Upload a .csv or .xlsx file."))
        return upload


class MappingForm(forms.Form):
    """One choice per column of the file: a Baton field, or ignore it."""

    def __init__(
        self,
        *args: Any,
        headers: list[str],
        importer: type[Any],
        mapping: dict[str, str] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.headers = [h for h in headers if h]
        names = importer.field_names()
        choices: list[tuple[str, str]] = [("", str(_("— ignore this column —")))]
        choices += [(c.name, f"{c.name} — {c.help}") for c in importer.columns]
        for index, header in enumerate(self.headers):
            initial = (mapping or {}).get(header)
            if initial is None:
                initial = default_target(header, names, dict(importer.aliases)) or ""
            self.fields[f"col_{index}"] = forms.ChoiceField(
                label=header, choices=choices, required=False, initial=initial
            )

    def mapping(self) -> dict[str, str]:
        """``{header: field or ""}`` for every named column."""
        return {h: self.cleaned_data.get(f"col_{i}") or "" for i, h in enumerate(self.headers)}
