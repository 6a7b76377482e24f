"""flake8-asyncloop: find async test code whose resources outlive their event loop."""

__version__ = "0.1.0"
