"""A small per-process cache of what the dashboard page renders from stored numbers.

Only immutable content goes in, under a key naming everything it was made from: a snapshot row
is never changed (a recomputation inserts a new row), so an entry keyed by its id, plus the
live bits (targets, trend, language, the reader's rights, the query string), can never show
stale numbers. Bounded (least recently used entries go first) and safe across threads.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable


class LruCache[V]:
    def __init__(self, size: int) -> None:
        self.size = size
        self._items: OrderedDict[Hashable, V] = OrderedDict()
        self._lock = threading.Lock()

    def get_or_make(self, key: Hashable, make: Callable[[], V]) -> V:
        with self._lock:
            if key in self._items:
                self._items.move_to_end(key)
                return self._items[key]
        value = make()
        with self._lock:
            self._items[key] = value
            self._items.move_to_end(key)
            while len(self._items) > self.size:
                self._items.popitem(last=False)
        return value

    def clear(self) -> None:
        with self._lock:
            self._items.clear()

    def __len__(self) -> int:
        return len(self._items)


# The dashboard's body (cards, funnel, ROI, chart data), without the reader's CSRF token.
fragments: LruCache[str] = LruCache(64)
# The values behind the segment switcher, keyed by the data fingerprint of the numbers.
segment_values: LruCache[tuple[list[tuple[str, str]], list[str], list[int]]] = LruCache(16)
