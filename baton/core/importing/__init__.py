"""The reusable import mechanism (SPEC R-2.1, R-6.2, R-7.2).

``readers`` stream CSV/XLSX rows, ``mapping`` matches the file's columns to Baton fields,
``parsing`` reads French and ISO dates, numbers and booleans, ``runner`` validates and applies
rows in batches inside one transaction, ``report`` counts and explains. Importers of each kind
subclass ``runner.Importer`` and are listed in ``registry``.
"""
