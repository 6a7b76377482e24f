"""Precision ledger: the plugin's findings on pinned public projects, each labelled TP or FP by a reviewer.

``python ledger/run.py regenerate`` fetches the sdists listed in ``manifest.toml``, lints their test suites
with the real flake8 and rewrites ``ledger.toml``; ``tests/test_ledger.py`` fails when the findings drift
from the ledger or when the labelled precision falls below the gate.
"""
