"""Deterministic randomness for the demo: one independent stream per topic.

Each generator draws from its own stream (``stream(seed, "committee")``), so adding a new
generator later never changes what the existing ones produce for the same seed.
"""

from __future__ import annotations

import random
import unicodedata


def stream(seed: int, topic: str) -> random.Random:
    """A random generator seeded by ``seed`` and ``topic`` (stable across processes)."""
    return random.Random(f"baton-demo:{seed}:{topic}")  # noqa: S311 (demo data, not secrets)


def ascii_slug(text: str, sep: str = "") -> str:
    """``"Émilie Côté"`` → ``"emiliecote"`` (or ``"emilie-cote"`` with ``sep="-"``)."""
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    words = "".join(c if c.isalnum() else " " for c in folded.lower()).split()
    return sep.join(words)


def weighted[T](rng: random.Random, choices: dict[T, int]) -> T:
    """One key of ``choices``, drawn with the given integer weights."""
    keys = list(choices)
    return rng.choices(keys, weights=[choices[k] for k in keys], k=1)[0]


def words(text: str) -> tuple[str, ...]:
    """The words of ``text``: long lists of names read better as one string."""
    return tuple(text.split())


NBSP = "\N{NO-BREAK SPACE}"


def french_typography(text: str) -> str:
    """A no-break space before ``: ; ! ?`` and inside « », as French typography wants."""
    for mark in (":", ";", "!", "?", "»"):
        text = text.replace(f" {mark}", f"{NBSP}{mark}")
    return text.replace("« ", f"«{NBSP}")
