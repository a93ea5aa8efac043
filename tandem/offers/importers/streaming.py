"""Reading big files piece by piece: a JSON array of objects, or the lines of a CSV file.

A France Travail export can weigh a gigabyte: nothing here holds more than one chunk and one offer in
memory. The JSON reader decodes each element of the array with the standard library's C decoder
(`json.JSONDecoder.raw_decode`) as soon as the buffer holds it whole, so no new dependency is needed.
"""

from __future__ import annotations

import codecs
import json
from collections.abc import Callable, Iterator
from typing import IO, Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

CHUNK_BYTES = 1 << 16
# One offer is a few kilobytes; an element still incomplete after this many characters is a broken file.
MAX_ELEMENT_CHARS = 20_000_000
RESULTS_KEY = "resultats"
# A CSV row holds a few columns of at most the csv module's field limit (131,072 characters) each.
MAX_LINE_BYTES = 4_000_000
# What text_lines yields instead of a longer line: no other line holds a NUL character (they are removed).
TOO_LONG_LINE = "\x00"
_WHITESPACE = " \t\n\r"

Progress = Callable[[int], None]


class _TextChunks:
    """The stream decoded as UTF-8 (BOM allowed), chunk by chunk, telling `progress` how many bytes were read."""

    def __init__(self, stream: IO[bytes], progress: Progress | None) -> None:
        self.stream = stream
        self.progress = progress
        self.decoder = codecs.getincrementaldecoder("utf-8-sig")()
        self.bytes_read = 0
        self.eof = False

    def read(self) -> str:
        data = self.stream.read(CHUNK_BYTES)
        if not data:
            self.eof = True
        else:
            self.bytes_read += len(data)
            if self.progress is not None:
                self.progress(len(data))
        try:
            return self.decoder.decode(data, final=self.eof)
        except UnicodeDecodeError as error:
            raise ValidationError(
                _("encodage invalide vers l'octet %(position)s : le fichier JSON doit être en UTF-8")
                % {"position": self.bytes_read}
            ) from error


class _Buffer:
    def __init__(self, chunks: _TextChunks) -> None:
        self.chunks = chunks
        self.text = ""
        self.pos = 0

    def fill(self) -> bool:
        """Read one more chunk; False at the end of the file. Drops what was already consumed."""
        if self.chunks.eof:
            return False
        if self.pos:
            self.text, self.pos = self.text[self.pos :], 0
        self.text += self.chunks.read()
        return True

    def peek(self) -> str:
        """The next significant character ('' at the end of the file), whitespace skipped."""
        while True:
            while self.pos < len(self.text) and self.text[self.pos] in _WHITESPACE:
                self.pos += 1
            if self.pos < len(self.text):
                return self.text[self.pos]
            if not self.fill():
                return ""

    def expect(self, characters: str) -> str:
        found = self.peek()
        if not found or found not in characters:
            raise self.error(_("« %(expected)s » attendu") % {"expected": " ou ".join(characters)})
        self.pos += 1
        return found

    def value(self, decoder: json.JSONDecoder) -> Any:
        """Decode the JSON value starting here, reading more of the file until it is whole."""
        self.peek()
        while True:
            try:
                value, end = decoder.raw_decode(self.text, self.pos)
            except RecursionError as error:
                raise self.error(_("structure trop profonde")) from error
            except json.JSONDecodeError as error:
                # Cut by the end of the buffer (a string, an escape or a structure left open): read on.
                # Anything else is a syntax error, reported without reading the rest of the file.
                truncated = error.pos >= len(self.text) - 12 or error.msg.startswith("Unterminated string")
                if not truncated or len(self.text) - self.pos > MAX_ELEMENT_CHARS or not self.fill():
                    self.pos = max(self.pos, error.pos)
                    raise self.error(error.msg) from error
                continue
            except ValueError as error:  # a number of more than 4,300 digits
                raise self.error(_("nombre trop long")) from error
            # A number at the very end of the buffer may continue in the next chunk ("12" then "34").
            if end == len(self.text) and not self.chunks.eof and self.fill():
                continue
            self.pos = end
            return value

    def error(self, reason: str) -> ValidationError:
        position = self.chunks.bytes_read - len(self.text.encode("utf-8")) + len(self.text[: self.pos].encode("utf-8"))
        return ValidationError(
            _("JSON invalide vers l'octet %(position)s : %(reason)s") % {"position": max(position, 0), "reason": reason}
        )


def json_array_items(stream: IO[bytes], *, progress: Progress | None = None) -> Iterator[Any]:
    """Each element of a top-level JSON array, or of the "resultats" array of a top-level object.

    Raises ValidationError when the file is not such a document; elements already yielded stay yielded.
    """
    buffer = _Buffer(_TextChunks(stream, progress))
    decoder = json.JSONDecoder()
    first = buffer.expect("[{")
    if first == "{":
        _skip_to_results(buffer, decoder)
    if buffer.peek() == "]":
        buffer.pos += 1
        return
    while True:
        yield buffer.value(decoder)
        if buffer.expect(",]") == "]":
            return


def _skip_to_results(buffer: _Buffer, decoder: json.JSONDecoder) -> None:
    """Inside an object: skip members until "resultats", and stop right after its opening bracket."""
    if buffer.peek() == "}":
        raise buffer.error(_("aucune liste « resultats »"))
    while True:
        if buffer.peek() != '"':
            raise buffer.error(_("nom de champ attendu"))
        key = buffer.value(decoder)
        buffer.expect(":")
        if key == RESULTS_KEY:
            buffer.expect("[")
            return
        buffer.value(decoder)  # another member (filtresPossibles…): small, skipped
        if buffer.expect(",}") == "}":
            raise buffer.error(_("aucune liste « resultats »"))


def text_lines(stream: IO[bytes], *, progress: Progress | None = None) -> Iterator[str]:
    """The file's lines as text: UTF-8 (with or without BOM), a line that is not UTF-8 read as Windows-1252.

    Decoding line by line lets a file be streamed without guessing its encoding from its first bytes. NUL
    characters are dropped (no database column holds them); a line longer than MAX_LINE_BYTES is skipped
    and stands as TOO_LONG_LINE, so that a file without line breaks is never held whole.
    """
    first = True
    while True:
        raw = stream.readline(MAX_LINE_BYTES + 1)
        if not raw:
            return
        if progress is not None:
            progress(len(raw))
        if len(raw) > MAX_LINE_BYTES and not raw.endswith(b"\n"):
            while raw and not raw.endswith(b"\n"):
                raw = stream.readline(MAX_LINE_BYTES)
                if progress is not None:
                    progress(len(raw))
            yield TOO_LONG_LINE + "\n"
            continue
        if first:
            raw, first = raw.removeprefix(codecs.BOM_UTF8), False
        try:
            line = raw.decode("utf-8")
        except UnicodeDecodeError:
            line = raw.decode("cp1252", errors="replace")
        yield line.replace("\x00", "") if "\x00" in line else line
