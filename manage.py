#!/usr/bin/env python
"""Django's manage.py; the friendly name for it is the ``baton`` console script."""

from baton.cli.main import main

if __name__ == "__main__":
    main()
