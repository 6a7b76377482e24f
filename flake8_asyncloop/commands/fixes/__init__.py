"""``flake8-asyncloop fix``: one fixer per code, driven by the plugin's findings (``engine.fixers``).

libcst, tomlkit and configupdater come with the ``fix`` extra; nothing here is imported by the
plugin or by ``map``.
"""
