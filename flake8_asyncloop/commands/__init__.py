"""The ``flake8-asyncloop`` console commands: ``map`` explains the loops, ``fix`` repairs the findings.

They sit on top of the analysis the plugin runs (``context.build_context`` and
``checker.check_source``) and only read it: a command never changes what a rule reports,
so the map and the fixes always agree with what flake8 shows.
"""
