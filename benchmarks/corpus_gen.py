"""Generated pytest projects: async suites with conftest chains, sync suites, and sweeps.

Real suites vary in every way at once; generated ones let a single variable move (file
size, conftest-chain depth, number of files) while the seed fixes everything else. Each
project has its own pytest config, an app module for project-local resolution and a
conftest chain, like the real thing. Projects are rewritten on every run (it takes well
under a second) so that a change of generator always shows.
"""

from __future__ import annotations

import math
import random
import shutil
from pathlib import Path

import gen_templates as t
from corpus_real import CORPUS_DIR, SourceFile, source_file

GEN_DIR = CORPUS_DIR / "generated"

PYTEST_CONFIG = """[tool.pytest.ini_options]
asyncio_mode = "strict"
asyncio_default_fixture_loop_scope = "function"
asyncio_default_test_loop_scope = "function"
"""

ASYNC_APP = '''"""The application under test."""
from contextlib import asynccontextmanager

from fastapi import FastAPI
from sqlalchemy.ext.asyncio import create_async_engine

engine = create_async_engine("postgresql+asyncpg://app@localhost/app")


@asynccontextmanager
async def lifespan(application):
    yield
    await engine.dispose()


app = FastAPI(lifespan=lifespan)


@app.get("/items/{item_id}")
async def read_item(item_id: int):
    return {"id": item_id}
'''

SYNC_APP = '''"""The application under test."""
from fastapi import FastAPI

app = FastAPI()


@app.get("/items/{item_id}")
def read_item(item_id: int):
    return {"id": item_id}
'''

CHAIN_DIR_NAMES = ("tests", "api", "v2", "items", "admin", "orders", "billing", "reports", "exports", "leaf")


def _render(docstring: str, blocks: list[t.Block]) -> str:
    needed = {name for block in blocks for name in block.imports}
    imports = [line for name, line in t.IMPORT_LINES.items() if name in needed]
    head = f'"""{docstring}"""\n' + ("\n".join(imports) + "\n" if imports else "")
    return head + "".join("\n\n" + block.text for block in blocks)


def _write(path: Path, text: str) -> SourceFile:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return source_file(path, text)


def _module_size(rng: random.Random, median: int, low: int, high: int) -> int:
    return max(low, min(high, int(rng.lognormvariate(math.log(median), 0.6))))


def _pick(rng: random.Random, fixtures: list[t.Fixture], kind: str) -> t.Fixture | None:
    matching = [fixture for fixture in fixtures if fixture.kind == kind]
    return rng.choice(matching) if matching else None


def _async_block(rng: random.Random, number: int, visible: list[t.Fixture]) -> t.Block:
    """One block of an async test module; tests use fixtures of the chain or the module."""
    roll = rng.random()
    if roll < t.MISTAKE_RATE:
        return t.mistake(rng, number)
    if roll < 0.14:
        return t.client_fixture(f"client_{number}", number)
    if roll < 0.20:
        return t.data_fixture(f"payload_{number}", number)
    if roll < 0.23:
        return t.engine_fixture(f"engine_{number}", number, "module")
    engine = _pick(rng, visible, "engine")
    if roll < 0.27 and engine:
        return t.session_fixture(f"session_{number}", engine)
    if roll < 0.31:
        return t.helper(number)
    if roll < 0.35:
        return t.unit_test(number)
    client, data, session = (_pick(rng, visible, kind) for kind in ("client", "data", "session"))
    choice = rng.random()
    if choice < 0.2 and session:
        return t.db_test(number, session)
    if choice < 0.3 and engine:
        return t.engine_test(number, engine)
    if choice < 0.45:
        return t.gather_test(number, client)
    if choice < 0.6:
        return t.parametrized_test(number, client)
    if choice < 0.7:
        return t.async_test_class(number, client)
    return t.api_test(number, client, data)


def _sync_block(rng: random.Random, number: int, visible: list[t.Fixture]) -> t.Block:
    """One block of a sync test module: the same suite shapes with no async construct."""
    roll = rng.random()
    if roll < 0.08:
        return t.sync_client_fixture(f"client_{number}")
    if roll < 0.16:
        return t.data_fixture(f"payload_{number}", number)
    if roll < 0.24:
        return t.helper(number)
    if roll < 0.36:
        return t.unit_test(number)
    client, data, engine = (_pick(rng, visible, kind) for kind in ("client", "data", "engine"))
    choice = rng.random()
    if choice < 0.25:
        return t.sync_engine_test(number, engine)
    if choice < 0.45:
        return t.sync_parametrized_test(number, data)
    if choice < 0.6:
        return t.sync_test_class(number, client)
    return t.sync_api_test(number, client, data)


def test_module(seed: int, visible: list[t.Fixture], target_lines: int, is_async: bool = True) -> str:
    """A test module of about target_lines lines using the fixtures visible from its conftest chain."""
    rng = random.Random(seed)
    make_block = _async_block if is_async else _sync_block
    blocks: list[t.Block] = []
    local: list[t.Fixture] = []
    imports: set[str] = set()
    body_lines, number = 0, seed * 1000
    while 1 + len(imports) + body_lines < target_lines:
        number += 1
        block = make_block(rng, number, visible + local)
        if block.defines:
            local.append(block.defines)
        blocks.append(block)
        imports.update(block.imports)
        body_lines += block.text.count("\n") + 2
    pytestmark = is_async and rng.random() < 0.1
    if pytestmark:
        blocks.insert(0, t.Block("pytestmark = pytest.mark.asyncio\n", ("pytest",)))
    return _render(f"Generated {'async' if is_async else 'sync'} tests {seed}.", blocks)


def conftest(level: int, is_async: bool) -> tuple[str, list[t.Fixture]]:
    """One conftest of a chain: its own engine and settings, and overrides of client and session."""
    number = 900_000 + level
    if is_async:
        engine = t.engine_fixture(f"engine_l{level}", number, "session")
        blocks = [engine, t.session_fixture("db_session", engine.defines), t.client_fixture("client", number)]
    else:
        blocks = [t.sync_engine_fixture("engine", number), t.sync_client_fixture("client")]
    blocks += [t.data_fixture(f"settings_l{level}", number), t.helper(number)]
    defined = [block.defines for block in blocks if block.defines]
    return _render(f"Fixtures of chain level {level}.", blocks), defined


def _visible(chain: list[list[t.Fixture]]) -> list[t.Fixture]:
    """Fixtures a module sees through its conftest chain; a deeper definition overrides by name."""
    by_name = {}
    for level in chain:
        by_name.update({fixture.name: fixture for fixture in level})
    return list(by_name.values())


def _project(root: Path, is_async: bool) -> list[SourceFile]:
    """A fresh project root: pytest config and the app module (project-local code)."""
    shutil.rmtree(root, ignore_errors=True)
    _write(root / "pyproject.toml", PYTEST_CONFIG)
    return [
        _write(root / "app" / "__init__.py", '"""The application package."""\n'),
        _write(root / "app" / "main.py", ASYNC_APP if is_async else SYNC_APP),
    ]


def _chain(root: Path, depth: int, is_async: bool):
    """Directories tests/api/v2/... each with a conftest.

    Returns (directories, conftest files, fixtures defined at each level).
    """
    dirs, files, fixtures = [], [], []
    directory = root
    for level in range(1, depth + 1):
        name = CHAIN_DIR_NAMES[level - 1] if level <= len(CHAIN_DIR_NAMES) else f"level{level}"
        directory = directory / name
        text, defined = conftest(level, is_async)
        dirs.append(directory)
        files.append(_write(directory / "conftest.py", text))
        fixtures.append(defined)
    return dirs, files, fixtures


def suite_project(name: str, line_budget: int, max_depth: int, seed: int, is_async: bool) -> list[SourceFile]:
    """A whole project of about line_budget lines; test modules spread over chain depths 1..max_depth."""
    root = GEN_DIR / name
    files = _project(root, is_async)
    dirs, conftests, fixtures = _chain(root, max_depth, is_async)
    files += conftests
    rng = random.Random(seed)
    index = 0
    while sum(source.lines for source in files) < line_budget:
        depth = index % max_depth + 1
        size = _module_size(rng, 150, 40, 900)
        text = test_module(seed * 10_000 + index, _visible(fixtures[:depth]), size, is_async)
        files.append(_write(dirs[depth - 1] / f"test_module_{index}.py", text))
        index += 1
    return files


def size_sweep(sizes: tuple[int, ...], min_total_lines: int, seed: int) -> dict[int, list[SourceFile]]:
    """Per file size S: enough S-line async test modules to make min_total_lines (at least one)."""
    root = GEN_DIR / "sizes"
    _project(root, True)
    dirs, _, fixtures = _chain(root, 1, True)
    sweep = {}
    for size in sizes:
        count = max(1, math.ceil(min_total_lines / size))
        sweep[size] = [
            _write(dirs[0] / f"lines_{size}" / f"test_size_{index}.py",
                   test_module(seed + size + index, _visible(fixtures), size))
            for index in range(count)
        ]
    return sweep


def depth_sweep(depths: tuple[int, ...], files: int, seed: int) -> dict[int, tuple[list[SourceFile], int]]:
    """Per depth D: identical test modules at the bottom of a D-conftest chain.

    Returns the test files to lint and the lines of their conftest chain. Modules only use
    fixture names that every chain defines, so their text does not depend on D.
    """
    sweep = {}
    for depth in depths:
        root = GEN_DIR / "depths" / f"depth_{depth}"
        _project(root, True)
        dirs, conftests, fixtures = _chain(root, depth, True)
        common_names = {fixture.name for fixture in fixtures[0]}
        visible = [fixture for fixture in _visible(fixtures) if fixture.name in common_names]
        tests = [
            _write(dirs[-1] / f"test_deep_{index}.py", test_module(seed + index, visible, 150))
            for index in range(files)
        ]
        sweep[depth] = (tests, sum(source.lines for source in conftests))
    return sweep


def files_sweep(counts: tuple[int, ...], seed: int, per_package: int = 50) -> dict[int, list[SourceFile]]:
    """Per count N: a project of N small async test modules in packages of per_package, chain depth 2."""
    sweep = {}
    for count in counts:
        root = GEN_DIR / "files" / f"files_{count}"
        files = _project(root, True)
        dirs, conftests, fixtures = _chain(root, 1, True)
        files += conftests
        level_two_text, level_two_fixtures = conftest(2, True)
        visible = _visible([fixtures[0], level_two_fixtures])
        rng = random.Random(seed)
        for index in range(count):
            package = dirs[0] / f"pkg_{index // per_package}"
            if index % per_package == 0:
                files.append(_write(package / "conftest.py", level_two_text))
            size = _module_size(rng, 60, 30, 150)
            files.append(_write(package / f"test_small_{index}.py", test_module(seed + index, visible, size)))
        sweep[count] = files
    return sweep
