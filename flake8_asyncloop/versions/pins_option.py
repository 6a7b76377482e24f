"""The values of ``--asyncloop-versions`` and ``--asyncloop-target-versions``.

Both take ``NAME==VERSION`` items separated by commas, e.g. ``pytest-asyncio==0.21.2,httpx==0.24.1``.
Only ``==`` with one concrete version is accepted: the options state what is (or should be checked as)
installed, so a range would leave the question open.  Each item is parsed with ``packaging``.
"""
from __future__ import annotations

from packaging.requirements import InvalidRequirement, Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version


def parse_version_pins(text: str | None, option: str = "--asyncloop-versions") -> dict[str, Version]:
    """``{canonical name: version}`` for the option value ``text``; ``{}`` for ``None`` or blank text.

    Raises ``ValueError`` naming the option and the offending item when an item is not ``NAME==VERSION``
    or names one package twice with different versions.
    """
    pins: dict[str, Version] = {}
    for item in (text or "").split(","):
        item = item.strip()
        if not item:
            continue
        name, version = _parse_item(item, option)
        if name in pins and pins[name] != version:
            raise ValueError(f"{option}: {name} is given twice, as {pins[name]} and as {version}")
        pins[name] = version
    return pins


def _parse_item(item: str, option: str) -> tuple[str, Version]:
    expected = "expected NAME==VERSION, e.g. pytest-asyncio==0.21.2"
    try:
        requirement = Requirement(item)
    except InvalidRequirement as error:
        raise ValueError(f"{option}: {item!r} is not a requirement ({expected}): {error}") from None
    specifiers = list(requirement.specifier)
    if requirement.url or requirement.marker or requirement.extras or len(specifiers) != 1:
        raise ValueError(f"{option}: {item!r} must pin exactly one version ({expected})")
    (specifier,) = specifiers
    if specifier.operator != "==" or specifier.version.endswith(".*"):
        raise ValueError(f"{option}: {item!r} uses {specifier.operator!r}; only '==' with one version is accepted")
    return canonicalize_name(requirement.name), Version(specifier.version)  # packaging checked the version
