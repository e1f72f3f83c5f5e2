"""notes2anki.toml -> a frozen Config. Unknown keys and wrong types are rejected by name."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .errors import ConfigError

CONFIG_NAME = "notes2anki.toml"
LOCK_NAME = "notes2anki.lock"
CHANGELOG_NAME = "CHANGELOG.md"
SEMVER = re.compile(r"^(\d+)\.(\d+)\.(\d+)$")


@dataclass(frozen=True)
class Topic:
    name: str
    signals: tuple[str, ...]


@dataclass(frozen=True)
class Config:
    path: Path  # the notes2anki.toml this came from
    deck_name: str
    version: str
    sources: tuple[str, ...]  # globs relative to the config's folder
    description: str
    topics: tuple[Topic, ...]
    exclude_headings: tuple[str, ...]
    similarity: float
    merge: bool
    fuzzy_threshold: float

    @property
    def root(self) -> Path:
        return self.path.parent

    @property
    def slug(self) -> str:
        return slugify(self.deck_name)

    @property
    def lock_path(self) -> Path:
        return self.root / LOCK_NAME

    @property
    def changelog_path(self) -> Path:
        return self.root / CHANGELOG_NAME

    def deck_file_name(self, version: str | None = None) -> str:
        return f"{self.slug}-{version or self.version}.apkg"


# One table of every key: section -> key -> (type, default). ``...`` marks a required key.
SCHEMA: dict[str, dict[str, tuple[type | tuple[type, ...], Any]]] = {
    "deck": {
        "name": (str, ...),
        "version": (str, "0.1.0"),
        "sources": (list, ["sources/**/*"]),
        "description": (str, ""),
    },
    "dedupe": {"similarity": ((int, float), 0.9), "merge": (bool, True)},
    "identity": {"fuzzy_threshold": ((int, float), 0.75)},
    "exclude": {"headings": (list, [])},
}
TOPIC_KEYS = {"name": str, "signals": list}


def find_config(start: Path | None = None) -> Path:
    """The nearest notes2anki.toml at or above ``start`` (the working directory by default)."""
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        candidate = folder / CONFIG_NAME
        if candidate.is_file():
            return candidate
    raise ConfigError(
        f"no {CONFIG_NAME} found in {here} or any folder above it "
        f"(create one, or pass --config PATH)"
    )


def load_config(path: Path) -> Config:
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(f"{path}: no such configuration file") from None
    except UnicodeDecodeError as exc:
        raise ConfigError(f"{path}: not UTF-8 text ({exc.reason})") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: invalid TOML: {exc}") from None
    return parse_config(raw, path.resolve())


def parse_config(raw: dict[str, Any], path: Path) -> Config:
    valid_sections = [*SCHEMA, "topics"]
    for section in raw:
        if section not in valid_sections:
            raise ConfigError(_unknown(path, section, valid_sections))
    values: dict[str, dict[str, Any]] = {}
    for section, keys in SCHEMA.items():
        given = raw.get(section, {})
        if not isinstance(given, dict):
            raise ConfigError(f"{path}: [{section}] must be a table")
        for key in given:
            if key not in keys:
                raise ConfigError(_unknown(path, f"{section}.{key}", [f"{section}.{k}" for k in keys]))
        values[section] = {}
        for key, (kind, default) in keys.items():
            if key not in given:
                if default is ...:
                    raise ConfigError(f"{path}: missing required key {section}.{key}")
                values[section][key] = default
                continue
            value = given[key]
            if isinstance(value, bool) and kind is not bool or not isinstance(value, kind):
                raise ConfigError(
                    f"{path}: {section}.{key} must be {_type_name(kind)}, not {type(value).__name__}"
                )
            if kind is list and not all(isinstance(item, str) for item in value):
                raise ConfigError(f"{path}: {section}.{key} must be a list of strings")
            values[section][key] = value

    version = values["deck"]["version"]
    if not SEMVER.match(version):
        raise ConfigError(f"{path}: deck.version must be semver like 0.1.0, not {version!r}")
    for key in ("similarity",):
        if not 0 < values["dedupe"][key] <= 1:
            raise ConfigError(f"{path}: dedupe.{key} must be between 0 and 1")
    if not 0 < values["identity"]["fuzzy_threshold"] <= 1:
        raise ConfigError(f"{path}: identity.fuzzy_threshold must be between 0 and 1")

    return Config(
        path=path,
        deck_name=values["deck"]["name"],
        version=version,
        sources=tuple(values["deck"]["sources"]),
        description=values["deck"]["description"],
        topics=_parse_topics(raw.get("topics", []), path),
        exclude_headings=tuple(values["exclude"]["headings"]),
        similarity=float(values["dedupe"]["similarity"]),
        merge=values["dedupe"]["merge"],
        fuzzy_threshold=float(values["identity"]["fuzzy_threshold"]),
    )


def _parse_topics(raw: Any, path: Path) -> tuple[Topic, ...]:
    if not isinstance(raw, list) or not all(isinstance(t, dict) for t in raw):
        raise ConfigError(f"{path}: topics must be an array of tables ([[topics]])")
    topics = []
    for number, table in enumerate(raw, 1):
        for key in table:
            if key not in TOPIC_KEYS:
                raise ConfigError(_unknown(path, f"topics[{number}].{key}", [f"topics.{k}" for k in TOPIC_KEYS]))
        name, signals = table.get("name"), table.get("signals", [])
        if not isinstance(name, str) or not name.strip():
            raise ConfigError(f"{path}: topics[{number}].name must be a non-empty string")
        if "::" in name:
            raise ConfigError(f"{path}: topics[{number}].name may not contain '::' ({name!r})")
        if not isinstance(signals, list) or not all(isinstance(s, str) for s in signals):
            raise ConfigError(f"{path}: topics[{number}].signals must be a list of strings")
        topics.append(Topic(name=name.strip(), signals=tuple(signals)))
    if not topics:
        raise ConfigError(f"{path}: at least one [[topics]] table is needed (every card goes to a topic)")
    return tuple(topics)


def _unknown(path: Path, key: str, valid: list[str]) -> str:
    return f"{path}: unknown key {key!r} (valid keys: {', '.join(valid)})"


def _type_name(kind: type | tuple[type, ...]) -> str:
    names = {str: "a string", list: "a list", bool: "true or false", int: "a number", float: "a number"}
    kinds = kind if isinstance(kind, tuple) else (kind,)
    return names[kinds[0]]


def slugify(name: str) -> str:
    """A file-name-safe form of a deck name; keeps CJK letters ("面试笔记" stays readable)."""
    slug = re.sub(r"[^\w]+", "-", name.strip().lower()).strip("-_")
    return slug or "deck"
