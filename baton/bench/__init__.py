"""``baton bench``: Baton's real code paths timed beside raw baselines (SPEC R-7.4)."""
