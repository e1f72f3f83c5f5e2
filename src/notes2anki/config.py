"""notes2anki.toml -> a frozen Config. Unknown keys and wrong types are rejected by name."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path, PureWindowsPath
from typing import Any

from notes2anki.errors import ConfigError, WriteError
from notes2anki.runtime.files import link_out_of, read_regular_bytes

CONFIG_NAME = "notes2anki.toml"
LOCK_NAME = "notes2anki.lock"
CHANGELOG_NAME = "CHANGELOG.md"
OUTPUT_FOLDER_NAME = "build"  # beside notes2anki.toml: decks, the preview and the build cache
# "1.4.2"; \Z, not $, which lets "1.4.2\n" through. Nine digits a part: a version of 5,000 digits
# would name a deck file no file system takes.
SEMVER = re.compile(r"^(\d{1,9})\.(\d{1,9})\.(\d{1,9})\Z")
# The longest value an error message quotes whole.
MAX_SHOWN = 60
# Parts a notes glob may have: "sources/**/*.md" has 3; thousands overflow pathlib's recursive glob.
MAX_GLOB_PARTS = 64
# Characters no name or setting holds: C0 controls but tab and newline, DEL. U+001F would split an
# Anki field in two ("note has 8 fields, expected 7").
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


@dataclass(frozen=True)
class Topic:
    name: str
    signals: tuple[str, ...]


@dataclass(frozen=True)
class Acknowledged:
    """Warnings the user has seen and cannot fix ([[acknowledge]]): each key given must match.

    ``file``: the notes file, a glob allowed ("interview-qa.md", "old/*"); ``message``: words of the
    warning ("image not found"); ``text``: words on the line it is about ("C:\\Users\\").
    """

    file: str = ""
    message: str = ""
    text: str = ""


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
    # `notes2anki sync` moves a card whose topic changed to its new subdeck (Anki's import does not).
    sync_moves_cards: bool = True
    acknowledged: tuple[Acknowledged, ...] = ()
    # What a card does with an image from the network: "keep" it, show a "link" to it, or "drop" it;
    # None when notes2anki.toml does not say: a link, and a warning for each such image.
    remote_images: str | None = None

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

    @property
    def output_folder(self) -> Path:
        """Where decks go unless told otherwise."""
        return self.root / OUTPUT_FOLDER_NAME

    def default_output(self, *parts: str) -> Path:
        """``build/`` beside notes2anki.toml, or a folder in it, for a command not told where to write;
        WriteError when a link takes it out of the project (a notes repository cannot send the
        deck, the preview or the cache elsewhere)."""
        folder = self.output_folder.joinpath(*parts)
        refused = link_out_of(folder, self.root)
        if refused:
            raise WriteError(refused.strerror)
        return folder

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
    "sync": {"move_cards": (bool, True)},
    "cards": {"remote_images": (str, None)},
}
REMOTE_IMAGE_CHOICES = ("keep", "link", "drop")
TOPIC_KEYS = {"name": str, "signals": list}
ACKNOWLEDGE_KEYS = ("file", "message", "text")


def find_config(start: Path | None = None) -> Path:
    """The nearest notes2anki.toml at or above ``start`` (the working directory by default)."""
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        candidate = folder / CONFIG_NAME
        if candidate.is_file():
            return candidate
    raise ConfigError(
        f"no {CONFIG_NAME} found in {here} or any folder above it (create one, or pass --config PATH)"
    )


def load_config(path: Path) -> Config:
    try:
        text = read_regular_bytes(path).decode("utf-8-sig")
        raw = tomllib.loads(text)
    except RecursionError:
        raise ConfigError("invalid TOML: arrays or tables nested too deeply (flatten them)", path) from None
    except FileNotFoundError:
        raise ConfigError("no such configuration file (create it, or pass --config PATH)", path) from None
    except IsADirectoryError:
        raise ConfigError("is a folder, not a configuration file (pass --config PATH)", path) from None
    except OSError as exc:
        raise ConfigError(f"cannot read it ({exc.strerror or exc})", path) from None
    except UnicodeDecodeError as exc:
        line = exc.object[: exc.start].count(b"\n") + 1
        raise ConfigError(f"not UTF-8 text ({exc.reason}) (save it as UTF-8)", path, line=line) from None
    except tomllib.TOMLDecodeError as exc:
        raise _syntax_error(path, exc) from None
    try:
        return parse_config(raw, path.resolve())
    except ConfigError as error:
        raise error.at(path, key_line(text, error.key)) from None


# tomllib's messages end in "(at line 3, column 9)".
TOML_POSITION = re.compile(r"\s*\(at line (\d+), column (\d+)\)$")


def _syntax_error(path: Path, error: tomllib.TOMLDecodeError) -> ConfigError:
    message = str(error)
    position = TOML_POSITION.search(message)
    if position is None:
        return ConfigError(f"invalid TOML: {message} (fix the syntax)", path)
    reason = message[: position.start()]
    return ConfigError(
        f"invalid TOML at column {position.group(2)}: {reason} (fix the syntax on this line)",
        path,
        line=int(position.group(1)),
    )


# "[deck]", "[[topics]]", "[ deck ]  # comment": a table header and its name.
TABLE_HEADER = re.compile(r"""^\s*\[\[?\s*["']?([^\]"']+?)["']?\s*\]\]?\s*(#.*)?$""")
KEY_INDEX = re.compile(r"^(\w+)\[(\d+)\]$")


def key_line(text: str, key: str) -> int:
    """The line of ``key`` ("deck.version", "topics[2].name", "deck") in the TOML text, else 0.

    Falls back to the line of the key's table when the key itself is not written there.
    """
    if not key:
        return 0
    table, _, name = key.rpartition(".") if "." in key else (key, "", "")
    indexed = KEY_INDEX.match(table)
    table, wanted = (indexed.group(1), int(indexed.group(2))) if indexed else (table, 1)
    key_pattern = re.compile(rf"""^\s*["']?{re.escape(name)}["']?\s*=""") if name else None
    current, seen, table_line = "", 0, 0
    for number, line in enumerate(text.splitlines(), 1):
        header = TABLE_HEADER.match(line)
        if header:
            current = header.group(1).strip()
            seen += current == table
            if current == table and seen == wanted:
                table_line = number
            continue
        if key_pattern and current == table and seen == wanted and key_pattern.match(line):
            return number
        if not name and not current and re.match(rf"""^\s*["']?{re.escape(table)}["']?\s*=""", line):
            return number
        if not current and not indexed:  # the table written as dotted keys or inline: deck.version = ...
            if name and re.match(rf"^\s*{re.escape(table)}\s*\.\s*{re.escape(name)}\s*=", line):
                return number
            if re.match(rf"^\s*{re.escape(table)}\s*=\s*\{{", line):
                table_line = table_line or number
    return table_line


def parse_config(raw: dict[str, Any], path: Path) -> Config:
    valid_sections = [*SCHEMA, "topics", "acknowledge"]
    for section in raw:
        if section not in valid_sections:
            raise _unknown(path, section, valid_sections)
    values = {section: _section_values(raw, section, path) for section in SCHEMA}
    if not values["deck"]["name"].strip():
        raise ConfigError("deck.name must not be empty (it names the deck in Anki)", path, "deck.name")
    _check_deck_name(values["deck"]["name"], path)
    _check_sources(values["deck"]["sources"], path)
    version = values["deck"]["version"]
    if not SEMVER.match(version):
        shown = version if len(version) <= MAX_SHOWN else version[:MAX_SHOWN] + "..."
        raise ConfigError(
            f"deck.version must be semver like 0.1.0 (at most 9 digits a part), not {shown!r}",
            path,
            "deck.version",
        )
    for key in ("similarity",):
        if not 0 < values["dedupe"][key] <= 1:
            raise ConfigError(f"dedupe.{key} must be between 0 and 1", path, f"dedupe.{key}")
    remote_images = values["cards"]["remote_images"]
    if remote_images is not None and remote_images not in REMOTE_IMAGE_CHOICES:
        key = "cards.remote_images"
        choices = ", ".join(f'"{choice}"' for choice in REMOTE_IMAGE_CHOICES)
        raise ConfigError(f"{key} must be one of {choices}, not {remote_images!r}", path, key)
    if not 0 < values["identity"]["fuzzy_threshold"] <= 1:
        key = "identity.fuzzy_threshold"
        raise ConfigError(f"{key} must be between 0 and 1", path, key)

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
        sync_moves_cards=values["sync"]["move_cards"],
        acknowledged=_parse_acknowledged(raw.get("acknowledge", []), path),
        remote_images=remote_images,
    )


def _section_values(raw: dict[str, Any], section: str, path: Path) -> dict[str, Any]:
    """One table's settings, checked against SCHEMA, with the defaults of those not given."""
    keys = SCHEMA[section]
    given = raw.get(section, {})
    if not isinstance(given, dict):
        raise ConfigError(f"[{section}] must be a table", path, section)
    for key in given:
        if key not in keys:
            raise _unknown(path, f"{section}.{key}", [f"{section}.{k}" for k in keys])
    values: dict[str, Any] = {}
    for key, (kind, default) in keys.items():
        if key not in given:
            if default is ...:
                raise ConfigError(f"missing required key {section}.{key} (add it)", path, section)
            values[key] = default
            continue
        value = given[key]
        if (isinstance(value, bool) and kind is not bool) or not isinstance(value, kind):
            what = f"{section}.{key} must be {_type_name(kind)}, not {_value_name(value)}"
            raise ConfigError(what, path, f"{section}.{key}")
        if isinstance(value, list) and not all(isinstance(item, str) for item in value):
            raise ConfigError(f"{section}.{key} must be a list of strings", path, f"{section}.{key}")
        refuse_control_characters(value, path, f"{section}.{key}")
        values[key] = value
    return values


def _check_sources(globs: list[str], path: Path) -> None:
    if not globs:
        raise ConfigError(
            'deck.sources must name at least one glob, like "sources/**/*"', path, "deck.sources"
        )
    for pattern in globs:
        parts = Path(pattern).parts
        outside = Path(pattern).is_absolute() or PureWindowsPath(pattern).drive or pattern.startswith("~")
        if outside or ".." in parts:
            raise ConfigError(
                f"deck.sources: {pattern!r} must stay in the folder of {path.name} (keep the notes beside it)",
                path,
                "deck.sources",
            )
        if not parts:
            raise ConfigError(
                f'deck.sources: {pattern!r} names no files (like "sources/**/*")', path, "deck.sources"
            )
        if len(parts) > MAX_GLOB_PARTS:
            raise ConfigError(
                f"deck.sources: {pattern[:MAX_SHOWN]!r}... has {len(parts)} parts, more than {MAX_GLOB_PARTS} "
                '(name the notes folder, like "sources/**/*")',
                path,
                "deck.sources",
            )
        if any("**" in part and part != "**" for part in parts):
            raise ConfigError(
                f'deck.sources: in {pattern!r}, ** must be a whole part of the path (like "sources/**/*.md")',
                path,
                "deck.sources",
            )


def _check_deck_name(name: str, path: Path) -> None:
    """A deck name Anki keeps as it is: "Uni::Networks" nests, but Anki drops an empty part ("::A",
    "A::::B") and the spaces around a part ("A :: B"), and would file the cards under another name."""
    parts = name.split("::")
    if any(not part.strip() or part != part.strip() for part in parts):
        kept = "::".join(part.strip() for part in parts if part.strip())
        raise ConfigError(
            f"deck.name {name!r} is one Anki renames to {kept!r} (write it as {kept!r})", path, "deck.name"
        )


def _parse_topics(raw: Any, path: Path) -> tuple[Topic, ...]:
    if not isinstance(raw, list) or not all(isinstance(t, dict) for t in raw):
        raise ConfigError("topics must be an array of tables ([[topics]])", path, "topics")
    topics: list[Topic] = []
    for number, table in enumerate(raw, 1):
        for key in table:
            if key not in TOPIC_KEYS:
                raise _unknown(path, f"topics[{number}].{key}", [f"topics.{k}" for k in TOPIC_KEYS])
        name, signals = table.get("name"), table.get("signals", [])
        name_key = f"topics[{number}].name"
        if not isinstance(name, str) or not name.strip():
            raise ConfigError(f"{name_key} must be a non-empty string", path, name_key)
        refuse_control_characters([name, *signals] if isinstance(signals, list) else name, path, name_key)
        if isinstance(signals, list) and any(isinstance(s, str) and not s.strip() for s in signals):
            key = f"topics[{number}].signals"
            raise ConfigError(
                f"{key} holds an empty signal, which every card would match (remove it)", path, key
            )
        if "::" in name:
            raise ConfigError(f"{name_key} may not contain '::' ({name!r})", path, name_key)
        if not isinstance(signals, list) or not all(isinstance(s, str) for s in signals):
            raise ConfigError(
                f"topics[{number}].signals must be a list of strings", path, f"topics[{number}].signals"
            )
        same = [topic.name for topic in topics if topic.name.casefold() == name.strip().casefold()]
        if same:
            raise ConfigError(
                f"{name_key} {name.strip()!r} names the same subdeck as the earlier topic {same[0]!r} "
                "(Anki matches deck names ignoring case: merge them)",
                path,
                name_key,
            )
        topics.append(Topic(name=name.strip(), signals=tuple(signals)))
    return tuple(topics)  # none: every notes file is a subdeck of its own (topics.file_topic)


def _parse_acknowledged(raw: Any, path: Path) -> tuple[Acknowledged, ...]:
    if not isinstance(raw, list) or not all(isinstance(table, dict) for table in raw):
        raise ConfigError("acknowledge must be an array of tables ([[acknowledge]])", path, "acknowledge")
    found = []
    for number, table in enumerate(raw, 1):
        for key, value in table.items():
            where = f"acknowledge[{number}].{key}"
            if key not in ACKNOWLEDGE_KEYS:
                raise _unknown(path, where, [f"acknowledge.{k}" for k in ACKNOWLEDGE_KEYS])
            if not isinstance(value, str) or not value.strip():
                raise ConfigError(f"{where} must be a non-empty string", path, where)
        if not table:
            raise ConfigError(
                f"acknowledge[{number}] needs file, message or text (which warnings it acknowledges)",
                path,
                f"acknowledge[{number}]",
            )
        found.append(Acknowledged(**table))
    return tuple(found)


def refuse_control_characters(value: Any, path: Path, key: str) -> None:
    """ConfigError when a string setting, or a string in a list of them, holds a control character."""
    for text in value if isinstance(value, list) else [value]:
        found = CONTROL.search(text) if isinstance(text, str) else None
        if found:
            character = f"U+{ord(found[0]):04X}"
            raise ConfigError(f"{key} holds the control character {character} (remove it)", path, key)


def _unknown(path: Path, key: str, valid: list[str]) -> ConfigError:
    return ConfigError(f"unknown key {key!r} (valid keys: {', '.join(valid)})", path, key)


def _type_name(kind: type | tuple[type, ...]) -> str:
    names = {str: "a string", list: "a list", bool: "true or false", int: "a number", float: "a number"}
    kinds = kind if isinstance(kind, tuple) else (kind,)
    return names[kinds[0]]


def _value_name(value: Any) -> str:
    """What a TOML value is, in TOML's words: "an integer (1)", "a table"."""
    names = {bool: "a boolean", int: "an integer", float: "a float", str: "a string", list: "an array"}
    names[dict] = "a table"
    name = names.get(type(value), type(value).__name__)
    return name if isinstance(value, (list, dict)) else f"{name} ({value!r})"


def slugify(name: str) -> str:
    """A file-name-safe form of a deck name; keeps CJK letters ("面试笔记" stays readable)."""
    slug = re.sub(r"[^\w]+", "-", name.strip().lower()).strip("-_")
    return slug or "deck"
