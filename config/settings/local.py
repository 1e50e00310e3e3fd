"""Local / single-machine settings: zero configuration, embedded SQLite, DEBUG off unless set."""

from config.settings.base import *  # noqa: F403
