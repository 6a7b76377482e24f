"""The rootdir conftest is not: the config's problems are reported on the first line of the conftest at testpaths."""  # ALP902:1
from tests.fixtures.cache import *  # noqa: F401,F403 - pytest registers the fixtures it imports
from tests.fixtures.db import pool, session_pool  # noqa: F401

pytest_plugins = ["tests.plugins.loops"]
