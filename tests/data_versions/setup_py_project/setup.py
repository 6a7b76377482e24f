"""A setup.py that must be read with ast: running it would leave a marker file behind."""
from pathlib import Path

from setuptools import setup

Path(__file__).with_name("SETUP_PY_WAS_RUN").write_text("setup.py was executed\n")

REQUIRES = [
    "httpx>=0.25,<0.26",
    "starlette",
]
TEST_REQUIRES: list[str] = ["pytest-asyncio==0.24.0"]
COMPUTED = [name + "==1.0" for name in ("asyncpg",)]

if __name__ == "__main__":
    setup(
        name="shop",
        install_requires=REQUIRES,
        extras_require={"test": TEST_REQUIRES, "redis": ["redis==5.0.1"], "computed": COMPUTED},
        tests_require=["pytest<8"],
    )
