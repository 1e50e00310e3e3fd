"""A small per-process cache of what the dashboard page renders from stored numbers.

Only immutable content goes in, under a key naming everything it was made from: a snapshot row
is never changed (a recomputation inserts a new row), so an entry keyed by its id, plus the
live bits (targets, trend, language, the reader's rights, the query string), can never show
stale numbers. Bounded (least recently used entries go first) and safe across threads.
"""

from __future__ import annotations

from baton.core.lru import LruCache

# The dashboard's body (cards, funnel, ROI, chart data), without the reader's CSRF token.
fragments: LruCache[str] = LruCache(64)
# The values behind the segment switcher, keyed by the data fingerprint of the numbers.
segment_values: LruCache[tuple[list[tuple[str, str]], list[str], list[int]]] = LruCache(16)
# The switcher's options (labels in one language), keyed by the fingerprint, the language and
# the owners' names as read on the request.
segment_options: LruCache[list[tuple[str, str]]] = LruCache(32)
