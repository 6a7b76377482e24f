"""The codes ``flake8 --select ALP sample/`` reports: one list for the sample test and the release check.

``sample/`` is the README's first command.  ``tests/test_cli.py`` runs it against the
source tree and ``.ci/release-check`` against the wheel installed in a fresh virtual
environment; both must see the same broken project.
"""

SAMPLE_CODES = frozenset({
    "ALP001", "ALP003", "ALP004", "ALP102", "ALP201", "ALP204", "ALP205", "ALP301", "ALP302", "ALP303", "ALP304",
    "ALP305", "ALP902",
})
