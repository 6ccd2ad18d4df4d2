"""Demo and seed data: the small Vietnamese demo set and the five articles' data sets (``seed_demo``).

Installed only outside production (``DEMO_INSTALLED``); production code never imports it (tests and bench may).
"""
