"""Builders registered by name, as sphinx-build -b selects them."""

from __future__ import annotations

from reportgen.builders.base import Builder

_REGISTRY: dict[str, type[Builder]] = {}


def register(cls: type[Builder]) -> type[Builder]:
    """Add a builder; a name registered twice is a programming error, as in Sphinx's add_builder."""
    if cls.name in _REGISTRY:
        raise ValueError(f"builder {cls.name!r} is already registered by {_REGISTRY[cls.name].__qualname__}")
    _REGISTRY[cls.name] = cls
    return cls


def get_builder(name: str) -> type[Builder]:
    _load_all()
    return _REGISTRY[name]


def builder_names() -> list[str]:
    _load_all()
    return sorted(_REGISTRY)


def _load_all() -> None:
    # Imported here so that `reportgen check` never pays for python-docx.
    from reportgen.builders import docx, html, pdf  # noqa: F401
