"""The deterministic demo workspace behind ``baton demo-data`` (generators split by domain).

- ``build.py``: ``build_demo(seed=, accounts=, today=)``, the single entry point;
- ``users.py``: the demo logins (one per role, documented password);
- ``companies.py`` (+ ``geography.py``, ``industries.py``, ``narratives.py``): target accounts;
- ``committee.py`` / ``people.py``: buying committees; ``signals.py``; ``context.py``;
- ``assets.py`` / ``interactions.py``: marketing assets and four months of interactions;
- ``revenue.py``: deals in every state and costs in every category;
- ``random_source.py``: one seeded random stream per generator.
"""
