"""Files -> ``RawArticle``s, or the reason a file (or a JSON line) was skipped.

No Kafka here: ``wirewatch replay`` feeds what ``read_sources`` yields to a producer,
the benchmark and the tests use it directly.

Inputs (see seeds/README.md):

- ``.txt`` plain text, ``.html``/``.htm`` HTML: one article per file. The id, source,
  dateline and publication time come from the folder's ``manifest.jsonl`` when it lists
  the file; otherwise the id is the file name, the source ``unknown``.
- ``.jsonl``: one ``RawArticle`` JSON object per line; ``received_at`` may be omitted.
- A folder: its manifest's files first (in manifest order), then its other supported
  files and subfolders, sorted by name. Hidden files, README files and unknown
  extensions inside a folder are ignored; an unknown extension named on the command
  line is skipped with a reason.

``received_at`` is always the replay time: a replay is the feed delivering now. The
publication time stays in the payload (``published_at``).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal

from pydantic import AwareDatetime, BaseModel, ConfigDict, ValidationError

from pipeline.ids import deterministic_id
from pipeline.models import ArticleId, RawArticle

SkipReason = Literal[
    "unreadable",
    "binary",
    "empty",
    "oversize",
    "invalid_json",
    "invalid_article",
    "unsupported_type",
    "bad_manifest",
    "duplicate_id",
]
Clock = Callable[[], datetime]

MANIFEST_NAME = "manifest.jsonl"
_TEXT_SUFFIXES = {".txt": "text/plain", ".html": "text/html", ".htm": "text/html"}
_JSONL_SUFFIX = ".jsonl"
_ID_MAX = 200
_ID_INVALID = re.compile(r"[^A-Za-z0-9._:#@/+-]")
_LOOP_MARK = "#loop"


@dataclass(frozen=True)
class Skipped:
    """A file or a JSON line that was not sent, and why (``where`` is ``path[:line]``)."""

    where: str
    reason: SkipReason
    detail: str

    def __str__(self) -> str:
        return f"{self.where}: {self.reason} ({self.detail})"


class ManifestEntry(BaseModel):
    """One line of ``manifest.jsonl``: a file of the folder and its metadata."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    file: str
    id: ArticleId | None = None
    source: str = "unknown"
    dateline: str | None = None
    published_at: AwareDatetime | None = None
    content_type: Literal["text/plain", "text/html"] | None = None
    language: str | None = None
    url: str | None = None
    headline: str | None = None


def utc_now() -> datetime:
    return datetime.now(UTC)


# Ids -------------------------------------------------------------------------------------


def file_article_id(path: Path) -> str:
    """The id of an article not in a manifest: its file name, made a valid ``ArticleId``."""
    # Spaces become "_"; other characters an id may not hold become "_<hex>" so that
    # "é.txt" and "ü.txt" stay apart.
    name = _ID_INVALID.sub(_escape_char, path.name)
    if not name[:1].isalnum():
        name = "file-" + name
    if len(name) > _ID_MAX:
        return name[: _ID_MAX - 17] + "-" + deterministic_id("file", name, length=16)
    return name


def _escape_char(match: re.Match[str]) -> str:
    char = match.group()
    return "_" if char.isspace() else f"_{ord(char):x}"


def loop_id(article_id: str, loop: int) -> str:
    """The id of ``article_id`` in replay pass ``loop`` (1-based): unchanged in pass 1.

    Later passes append ``#loop<N>`` (``~`` is not allowed in an ``ArticleId``); a
    long id is shortened with a hash of the original so ids stay distinct and valid.
    """
    if loop < 1:
        raise ValueError(f"loop numbers start at 1, got {loop}")
    if loop == 1:
        return article_id
    suffix = f"{_LOOP_MARK}{loop}"
    if len(article_id) + len(suffix) <= _ID_MAX:
        return article_id + suffix
    digest = deterministic_id("loop", article_id, length=16)
    return article_id[: _ID_MAX - len(suffix) - 17] + "-" + digest + suffix


def with_loop(article: RawArticle, loop: int) -> RawArticle:
    if loop == 1:
        return article
    return article.model_copy(update={"id": loop_id(article.id, loop)})


# Single files ----------------------------------------------------------------------------


def read_text(path: Path, *, max_bytes: int, where: str | None = None) -> str | Skipped:
    """The UTF-8 text of ``path``, or why it cannot be an article body."""
    label = where or str(path)
    try:
        size = path.stat().st_size
        if size > max_bytes:
            return Skipped(label, "oversize", f"{size} bytes, limit {max_bytes}")
        with path.open("rb") as handle:
            data = handle.read(max_bytes + 1)
    except OSError as exc:
        return Skipped(label, "unreadable", exc.strerror or type(exc).__name__)
    return text_from_bytes(data, max_bytes=max_bytes, where=label)


def text_from_bytes(data: bytes, *, max_bytes: int, where: str) -> str | Skipped:
    """Decode an article body: refuses oversize, binary (NUL, bad UTF-8) and blank input."""
    if len(data) > max_bytes:
        return Skipped(where, "oversize", f"over {max_bytes} bytes")
    nul = data.find(b"\x00")
    if nul >= 0:
        return Skipped(where, "binary", f"NUL byte at offset {nul}")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        return Skipped(where, "binary", f"not valid UTF-8 at byte {exc.start}")
    if not text.strip():
        return Skipped(where, "empty", "no text" if not data else "whitespace only")
    return text


def article_from_text_file(
    path: Path, entry: ManifestEntry | None, *, max_bytes: int, received_at: datetime
) -> RawArticle | Skipped:
    """One plain-text or HTML file as a ``RawArticle`` (manifest metadata when given)."""
    text = read_text(path, max_bytes=max_bytes)
    if isinstance(text, Skipped):
        return text
    content_type = (entry.content_type if entry else None) or _TEXT_SUFFIXES.get(
        path.suffix.lower(), "text/plain"
    )
    fields: dict[str, Any] = {
        "id": (entry.id if entry else None) or file_article_id(path),
        "source": entry.source if entry else "unknown",
        "received_at": received_at,
        "content_type": content_type,
        "body": text,
    }
    if entry is not None:
        for key in ("dateline", "published_at", "language", "url", "headline"):
            value = getattr(entry, key)
            if value is not None:
                fields[key] = value
    try:
        return RawArticle.model_validate(fields)
    except ValidationError as exc:
        return Skipped(str(path), "invalid_article", _first_error(exc))


def articles_from_jsonl(
    path: Path, *, max_bytes: int, clock: Clock = utc_now
) -> Iterator[RawArticle | Skipped]:
    """Each line of a JSON-lines file as a ``RawArticle``, or a per-line skip."""
    # A JSON line may escape its body (\\uXXXX), so allow room beyond the body limit.
    line_limit = 6 * max_bytes + 64 * 1024
    found = False
    try:
        with path.open("rb") as handle:
            for number, line in enumerate(handle, start=1):
                where = f"{path}:{number}"
                if len(line) > line_limit:
                    found = True
                    yield Skipped(where, "oversize", f"line of {len(line)} bytes")
                    continue
                if not line.strip():
                    continue
                found = True
                yield _article_from_json_line(line, where, max_bytes=max_bytes, clock=clock)
    except OSError as exc:
        yield Skipped(str(path), "unreadable", exc.strerror or type(exc).__name__)
        return
    if not found:
        yield Skipped(str(path), "empty", "no JSON lines")


def _article_from_json_line(
    line: bytes, where: str, *, max_bytes: int, clock: Clock
) -> RawArticle | Skipped:
    if b"\x00" in line:
        return Skipped(where, "binary", "NUL byte in line")
    try:
        payload = json.loads(line.decode("utf-8"))
    except UnicodeDecodeError as exc:
        return Skipped(where, "binary", f"not valid UTF-8 at byte {exc.start}")
    except (json.JSONDecodeError, RecursionError) as exc:
        return Skipped(where, "invalid_json", str(exc)[:200])
    if not isinstance(payload, dict):
        return Skipped(where, "invalid_json", f"expected an object, got {type(payload).__name__}")
    body = payload.get("body")
    if isinstance(body, str):
        size = len(body.encode("utf-8", errors="surrogatepass"))
        if size > max_bytes:
            return Skipped(where, "oversize", f"body of {size} bytes, limit {max_bytes}")
        if not body.strip():
            return Skipped(where, "empty", "blank body")
    payload["received_at"] = clock()
    try:
        return RawArticle.model_validate(payload)
    except ValidationError as exc:
        return Skipped(where, "invalid_article", _first_error(exc))


def _first_error(exc: ValidationError) -> str:
    first = exc.errors()[0]
    loc = ".".join(str(p) for p in first.get("loc", ())) or "(root)"
    return f"{loc}: {first.get('msg')}"[:300]


# Manifests and folders -------------------------------------------------------------------


def read_manifest(path: Path) -> tuple[list[ManifestEntry], list[Skipped]]:
    """The entries of a ``manifest.jsonl``, and a skip for each line that is not one."""
    entries: list[ManifestEntry] = []
    problems: list[Skipped] = []
    try:
        lines = path.read_bytes().splitlines()
    except OSError as exc:
        return [], [Skipped(str(path), "unreadable", exc.strerror or type(exc).__name__)]
    for number, raw in enumerate(lines, start=1):
        if not raw.strip():
            continue
        where = f"{path}:{number}"
        try:
            entries.append(ManifestEntry.model_validate_json(raw))
        except ValidationError as exc:
            problems.append(Skipped(where, "bad_manifest", _first_error(exc)))
    return entries, problems


def _source_files(
    paths: Iterable[Path], *, max_bytes: int, clock: Clock
) -> Iterator[RawArticle | Skipped]:
    for path in paths:
        if path.is_dir():
            yield from _folder(path, max_bytes=max_bytes, clock=clock)
        elif path.name == MANIFEST_NAME and path.is_file():
            yield from _manifest_files(path, max_bytes=max_bytes, clock=clock, listed=set())
        elif not path.exists():
            yield Skipped(str(path), "unreadable", "no such file or directory")
        else:
            entry = manifest_entry_for(path)
            yield from _file(path, entry, max_bytes=max_bytes, clock=clock, explicit=True)


def manifest_entry_for(path: Path) -> ManifestEntry | None:
    """The entry of a file named on its own, from the manifest of its folder if any."""
    manifest = path.parent / MANIFEST_NAME
    if path.name == MANIFEST_NAME or not manifest.is_file():
        return None
    entries, _ = read_manifest(manifest)
    target = path.resolve()
    return next((e for e in entries if (path.parent / e.file).resolve() == target), None)


def _file(
    path: Path, entry: ManifestEntry | None, *, max_bytes: int, clock: Clock, explicit: bool
) -> Iterator[RawArticle | Skipped]:
    suffix = path.suffix.lower()
    if suffix == _JSONL_SUFFIX:
        yield from articles_from_jsonl(path, max_bytes=max_bytes, clock=clock)
    elif suffix in _TEXT_SUFFIXES or entry is not None:
        yield article_from_text_file(path, entry, max_bytes=max_bytes, received_at=clock())
    elif explicit:
        yield Skipped(str(path), "unsupported_type", f"unknown extension {suffix or '(none)'}")


def _folder(
    folder: Path, *, max_bytes: int, clock: Clock, listed: set[Path] | None = None
) -> Iterator[RawArticle | Skipped]:
    # Files a manifest (here or in a parent folder) already replayed are not read again.
    listed = set() if listed is None else listed
    manifest = folder / MANIFEST_NAME
    if manifest.is_file():
        yield from _manifest_files(manifest, max_bytes=max_bytes, clock=clock, listed=listed)
    try:
        children = sorted(folder.iterdir())
    except OSError as exc:
        yield Skipped(str(folder), "unreadable", exc.strerror or type(exc).__name__)
        return
    for child in children:
        name = child.name
        if name.startswith(".") or name == MANIFEST_NAME or name.upper().startswith("README"):
            continue
        if child.resolve() in listed:
            continue
        if child.is_dir():
            yield from _folder(child, max_bytes=max_bytes, clock=clock, listed=listed)
        else:
            yield from _file(child, None, max_bytes=max_bytes, clock=clock, explicit=False)


def _manifest_files(
    manifest: Path, *, max_bytes: int, clock: Clock, listed: set[Path]
) -> Iterator[RawArticle | Skipped]:
    """The files a manifest lists, with its metadata; adds each to ``listed``."""
    entries, problems = read_manifest(manifest)
    yield from problems
    for entry in entries:
        path = manifest.parent / entry.file
        listed.add(path.resolve())
        if not path.is_file():
            yield Skipped(str(path), "unreadable", f"listed in {manifest} but missing")
            continue
        yield from _file(path, entry, max_bytes=max_bytes, clock=clock, explicit=True)


def read_sources(
    paths: Iterable[Path], *, max_bytes: int, clock: Clock = utc_now
) -> Iterator[RawArticle | Skipped]:
    """Every article under ``paths`` in a stable order, or a ``Skipped`` per bad input.

    A second article with an id already seen in this call is skipped as
    ``duplicate_id`` (e.g. a folder and one of its files both named on the command line).
    """
    seen: set[str] = set()
    for item in _source_files(paths, max_bytes=max_bytes, clock=clock):
        if isinstance(item, RawArticle):
            if item.id in seen:
                yield Skipped(item.id, "duplicate_id", "an article with this id was already read")
                continue
            seen.add(item.id)
        yield item
