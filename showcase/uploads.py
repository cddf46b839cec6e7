"""Checks on the pictures and documents that anonymous workers send with "đăng ký sáng kiến".

The public submission form accepts up to 5 pictures and 3 documents from people
without an account. Whatever passes is kept privately until an editor approves
it, and editors then open the files on their own computers, so the checks here
are strict and look only at the content: the file name and the content type sent
by the browser are chosen by the sender and prove nothing.

- Pictures must be still JPEG, PNG or WebP images that Pillow decodes in full.
  They are re-encoded by `portal.images.sanitise.strip_metadata`, so the stored
  copy carries no EXIF (a phone photo's GPS position would reveal where a worker
  lives or works), XMP or comment.
- Documents must be PDF, DOCX or XLSX, without password, macro, JavaScript or
  launch action, and zips must unpack to a sane size (no zip bomb).

Each refusal is a `ValidationError` whose Vietnamese message names the file, so a
worker who sent eight files knows which one to fix, and whose `code` names the rule.
"""

from __future__ import annotations

import io
import re
import warnings
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import PurePosixPath, PureWindowsPath
from typing import Any, Protocol
from xml.etree import ElementTree

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, UnidentifiedImageError

from portal.images.sanitise import strip_metadata
from portal.vietnamese import slugify_vi

__all__ = [
    "CleanUpload",
    "UploadLimits",
    "clean_document",
    "clean_image",
    "limits",
]

MIB = 1024 * 1024


# --------------------------------------------------------------------------- limits


@dataclass(frozen=True)
class UploadLimits:
    """Size limits for one uploaded file; `limits()` reads them from the settings.

    The byte limits keep the private storage and the editors' downloads small. The
    pixel limit bounds the memory needed to decode a picture (40 MP is more than any
    phone camera; 4 bytes a pixel is 160 MB), and the unpacked limit bounds what a
    DOCX/XLSX may expand to when an editor's office program opens it.
    """

    image_max_bytes: int = 10 * MIB
    image_max_pixels: int = 40_000_000
    document_max_bytes: int = 10 * MIB
    document_max_unpacked_bytes: int = 100 * MIB


def limits() -> UploadLimits:
    """The limits in force: the `SUBMISSION_*` settings when present, else the defaults.

    Read on every call (not cached at import) so that `override_settings` and a
    changed setting take effect without a restart.
    """
    defaults = UploadLimits()
    return UploadLimits(
        image_max_bytes=getattr(settings, "SUBMISSION_IMAGE_MAX_BYTES", defaults.image_max_bytes),
        image_max_pixels=getattr(
            settings, "SUBMISSION_IMAGE_MAX_PIXELS", defaults.image_max_pixels
        ),
        document_max_bytes=getattr(
            settings, "SUBMISSION_DOCUMENT_MAX_BYTES", defaults.document_max_bytes
        ),
        document_max_unpacked_bytes=getattr(
            settings,
            "SUBMISSION_DOCUMENT_MAX_UNPACKED_BYTES",
            defaults.document_max_unpacked_bytes,
        ),
    )


# --------------------------------------------------------------------------- result


@dataclass(frozen=True)
class CleanUpload:
    """A file that passed the checks, ready to be stored privately.

    `content` is what must be stored (for pictures: the re-encoded copy, never the
    original bytes), `name` a safe ASCII name whose extension follows the detected
    type, and `content_type` the detected type, to be used instead of the browser's.
    """

    content: bytes
    name: str
    content_type: str
    kind: str  # "image" or "document"
    width: int | None = None
    height: int | None = None


class _Upload(Protocol):
    """What the cleaners need: a Django `UploadedFile` or any file-like with a name."""

    name: str | None

    def read(self, size: int = -1, /) -> bytes: ...


# --------------------------------------------------------------------------- helpers

_READ_CHUNK = 64 * 1024


def _display_name(upload: Any) -> str:
    """The sender's file name without folders, shortened, for the error messages."""
    raw = str(getattr(upload, "name", "") or "")
    base = PureWindowsPath(raw).name or raw
    base = "".join(ch for ch in base if ch.isprintable()).strip()
    if len(base) > 100:
        base = base[:97] + "…"
    return base or "tệp không tên"


def _refuse(code: str, message: str) -> ValidationError:
    return ValidationError(message, code=code)


def _human_size(size: int) -> str:
    """'10 MB', '1,5 MB', '800 KB' as Vietnamese writes them (decimal comma)."""
    for unit, factor in (("MB", MIB), ("KB", 1024)):
        if size >= factor:
            text = f"{size / factor:.1f}".replace(".", ",")
            return f"{text.removesuffix(',0')} {unit}"
    return f"{size} byte"


def _read_limited(upload: _Upload, *, max_bytes: int, label: str, kind: str) -> bytes:
    """Read the whole upload, refusing it as soon as it passes `max_bytes`.

    `upload.size` is checked first (cheap), and the bytes are counted while reading
    too, since a file-like object's announced size is not proof of anything.
    """
    too_large = _refuse(
        f"{kind}_too_large",
        f"“{label}” nặng hơn {_human_size(max_bytes)}, quá giới hạn cho "
        f"{'mỗi ảnh' if kind == 'image' else 'mỗi tài liệu'}; hãy gửi tệp nhỏ hơn.",
    )
    empty = _refuse("empty_file", f"“{label}” là tệp rỗng (0 byte); hãy chọn lại tệp.")
    announced = getattr(upload, "size", None)
    if isinstance(announced, int):
        if announced == 0:
            raise empty
        if announced > max_bytes:
            raise too_large
    seek = getattr(upload, "seek", None)
    if callable(seek):
        seek(0)
    buffer = bytearray()
    while True:
        chunk = upload.read(_READ_CHUNK)
        if not chunk:
            break
        buffer += chunk
        if len(buffer) > max_bytes:
            raise too_large
    if not buffer:
        raise empty
    return bytes(buffer)


_SEPARATORS = re.compile(r"[\W_]+")


def _safe_name(upload: Any, *, extension: str, fallback: str) -> str:
    """ASCII file name from the sender's one: "Ảnh máy đột dập.JPG" -> "anh-may-dot-dap.jpg".

    Only the stem is kept; the extension is the one of the detected type, so a DOCX
    sent as "bao-cao.xlsx" is stored as "bao-cao.docx".
    """
    raw = str(getattr(upload, "name", "") or "")
    stem = PurePosixPath(PureWindowsPath(raw).name).stem
    # Dots and underscores separate words too ("bao_cao.v2" -> "bao-cao-v2");
    # Django's slugify would glue them together.
    slug = slugify_vi(_SEPARATORS.sub(" ", stem), max_length=80)
    return f"{slug or fallback}{extension}"


# --------------------------------------------------------------------------- pictures

_IMAGE_TYPES = {
    "JPEG": ("image/jpeg", ".jpg"),
    "PNG": ("image/png", ".png"),
    "WEBP": ("image/webp", ".webp"),
}
# Keys under which Pillow reports metadata it has read; none may survive cleaning.
_METADATA_KEYS = ("exif", "xmp", "XML:com.adobe.xmp", "comment", "Raw profile type exif")


def clean_image(upload: _Upload) -> CleanUpload:
    """Check an uploaded picture and return a re-encoded copy without metadata.

    Raises `ValidationError` (codes "empty_file", "image_too_large", "image_type",
    "image_too_many_pixels", "image_corrupt") with a Vietnamese message naming the file.
    """
    label = _display_name(upload)
    current = limits()
    data = _read_limited(upload, max_bytes=current.image_max_bytes, label=label, kind="image")

    wrong_type = _refuse("image_type", f"“{label}” không phải là ảnh JPEG, PNG hoặc WebP.")
    corrupt = _refuse(
        "image_corrupt",
        f"“{label}” bị hỏng hoặc không đầy đủ, không đọc được ảnh; hãy xuất hoặc chụp lại ảnh.",
    )

    def too_many_pixels(width: int | None = None, height: int | None = None) -> ValidationError:
        size = f" ({width} × {height} điểm ảnh)" if width and height else ""
        megapixels = f"{current.image_max_pixels / 1_000_000:g}".replace(".", ",")
        return _refuse(
            "image_too_many_pixels",
            f"“{label}” quá lớn{size}, vượt giới hạn {megapixels} triệu điểm ảnh; "
            "hãy thu nhỏ ảnh rồi gửi lại.",
        )

    # Pillow's own bomb check (MAX_IMAGE_PIXELS) warns, then fails, above its limit;
    # turning the warning into an error here refuses the picture without touching
    # the global limit that the rest of the site relies on.
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            image_format, width, height, frames = _read_header(data)
            if image_format == "MPO":
                # Many phones save a JPEG followed by extra pictures (depth map, second
                # lens) announced in an "MPF" segment. Dropping that segment, without
                # re-encoding, leaves the main picture as a plain JPEG.
                data = _drop_jpeg_segments(data, _is_mpf_segment)
                image_format, width, height, frames = _read_header(data)
        except (Image.DecompressionBombWarning, Image.DecompressionBombError):
            raise too_many_pixels() from None
        except UnidentifiedImageError:
            raise wrong_type from None
        except (OSError, SyntaxError, ValueError, EOFError):
            # The header looked like one of the formats but could not be read.
            raise corrupt from None

        if image_format not in _IMAGE_TYPES:
            raise wrong_type
        # The header gives the size: refuse before any pixel is decoded.
        if width * height > current.image_max_pixels:
            raise too_many_pixels(width, height)
        if frames > 1:
            # The sanitiser keeps the first frame only; say so rather than cut silently.
            raise _refuse(
                "image_type",
                f"“{label}” là ảnh động; chỉ nhận ảnh tĩnh JPEG, PNG hoặc WebP.",
            )

        try:
            with Image.open(io.BytesIO(data), formats=[image_format]) as picture:
                picture.verify()
            # verify() leaves the image unusable: decode it in full from a fresh open.
            with Image.open(io.BytesIO(data), formats=[image_format]) as picture:
                picture.load()
        except (Image.DecompressionBombWarning, Image.DecompressionBombError):
            raise too_many_pixels(width, height) from None
        except Exception:  # Pillow raises many kinds for damaged data; all mean "corrupt".
            raise corrupt from None

        try:
            cleaned = strip_metadata(SimpleUploadedFile(label, data))
        except (Image.DecompressionBombWarning, Image.DecompressionBombError):
            raise too_many_pixels(width, height) from None
        except Exception:
            raise corrupt from None
    cleaned.seek(0)
    content = cleaned.read()

    # Fail closed: whatever the sanitiser does in a future Pillow, no metadata is stored.
    try:
        with Image.open(io.BytesIO(content), formats=[image_format]) as result:
            if result.format != image_format or _has_metadata(result):
                raise corrupt
            out_width, out_height = result.size
    except ValidationError:
        raise
    except Exception:
        raise corrupt from None

    content_type, extension = _IMAGE_TYPES[image_format]
    return CleanUpload(
        content=content,
        name=_safe_name(upload, extension=extension, fallback="anh"),
        content_type=content_type,
        kind="image",
        width=out_width,
        height=out_height,
    )


def _has_metadata(picture: Image.Image) -> bool:
    if any(picture.info.get(key) for key in _METADATA_KEYS):
        return True
    return len(picture.getexif()) > 0


def _read_header(data: bytes) -> tuple[str | None, int, int, int]:
    """Format, width, height and frame count, read from the header without decoding."""
    # Only the accepted decoders may even look at the bytes.
    with Image.open(io.BytesIO(data), formats=list(_IMAGE_TYPES)) as picture:
        width, height = picture.size
        return picture.format, width, height, getattr(picture, "n_frames", 1)


def _is_mpf_segment(marker: int, payload: bytes) -> bool:
    return marker == 0xE2 and payload.startswith(b"MPF\x00")  # APP2 "MPF"


def _drop_jpeg_segments(data: bytes, drop: Callable[[int, bytes], bool]) -> bytes:
    """Remove the JPEG segments before the image data for which `drop(marker, payload)`.

    Done on the bytes rather than by encoding once more, which would lose quality.
    An unexpected layout is returned unchanged: the format or metadata check that
    follows then refuses the picture.
    """
    if not data.startswith(b"\xff\xd8"):
        return data
    out = bytearray(data[:2])
    position = 2
    while position + 4 <= len(data):
        if data[position] != 0xFF:
            return data
        marker = data[position + 1]
        if marker == 0xFF:  # fill byte before a marker
            position += 1
            continue
        if marker == 0xDA:  # start of scan: the rest is image data
            out += data[position:]
            return bytes(out)
        length = int.from_bytes(data[position + 2 : position + 4], "big")
        end = position + 2 + length
        if length < 2 or end > len(data):
            return data
        if not drop(marker, data[position + 4 : end]):
            out += data[position:end]
        position = end
    return data


# --------------------------------------------------------------------------- documents

PDF_TYPE = "application/pdf"
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_DOCX_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
_XLSX_MAIN = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"
_VBA_PROJECT = "application/vnd.ms-office.vbaproject"

_OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP_MAGIC = b"PK\x03\x04"
_CONTENT_TYPES = "[Content_Types].xml"
_CONTENT_TYPES_NS = "{http://schemas.openxmlformats.org/package/2006/content-types}"
_CONTENT_TYPES_MAX_BYTES = MIB
_ZIP_MAX_MEMBERS = 2_000
_ZIP_MAX_RATIO = 100

# Names in a PDF may hide letters as #xx escapes ("/J#61vaScript" is "/JavaScript").
_PDF_NAME = re.compile(rb"/([^\x00\t\n\x0c\r /<>\[\]()%{}]+)")
_PDF_HEX_ESCAPE = re.compile(rb"#([0-9A-Fa-f]{2})")
# A JavaScript action always has /S /JavaScript (and document scripts sit under a
# /JavaScript name tree), so short keys such as /JS, which random bytes of
# compressed data can spell, need not be searched.
_PDF_ACTIVE = frozenset({b"JavaScript", b"Launch"})
_PDF_STREAM = re.compile(rb"stream\r?\n")
_PDF_OBJECT_START = re.compile(rb"\d+\s+\d+\s+obj\b")


def clean_document(upload: _Upload) -> CleanUpload:
    """Check an uploaded PDF, DOCX or XLSX and return it unchanged with its detected type.

    Raises `ValidationError` (codes "empty_file", "document_too_large", "document_type",
    "document_macro", "document_encrypted", "document_zip_bomb", "document_corrupt")
    with a Vietnamese message naming the file.
    """
    label = _display_name(upload)
    current = limits()
    data = _read_limited(upload, max_bytes=current.document_max_bytes, label=label, kind="document")
    if data.startswith(b"%PDF-"):
        _check_pdf(data, label=label, max_unpacked=current.document_max_unpacked_bytes)
        content_type, extension = PDF_TYPE, ".pdf"
    elif data.startswith(_OLE2_MAGIC):
        # Word/Excel 97-2003 files and password-protected DOCX/XLSX share this
        # container, and telling them apart means parsing it: one message for both.
        raise _refuse(
            "document_type",
            f"“{label}” là tệp Office đời cũ hoặc có mật khẩu; hãy lưu lại dạng DOCX, "
            "XLSX hoặc PDF không đặt mật khẩu.",
        )
    elif data.startswith(_ZIP_MAGIC):
        content_type, extension = _check_office_zip(
            data, label=label, max_unpacked=current.document_max_unpacked_bytes
        )
    else:
        raise _wrong_document_type(label)
    return CleanUpload(
        content=data,
        name=_safe_name(upload, extension=extension, fallback="tai-lieu"),
        content_type=content_type,
        kind="document",
    )


def _wrong_document_type(label: str) -> ValidationError:
    return _refuse("document_type", f"“{label}” không phải là tệp PDF, DOCX hoặc XLSX.")


def _document_corrupt(label: str) -> ValidationError:
    return _refuse(
        "document_corrupt",
        f"“{label}” bị hỏng hoặc có cấu trúc không hợp lệ; hãy mở và lưu lại tệp rồi gửi lại.",
    )


def _document_encrypted(label: str) -> ValidationError:
    return _refuse(
        "document_encrypted",
        f"“{label}” được đặt mật khẩu hoặc mã hóa; hệ thống không nhận tệp có mật khẩu. "
        "Hãy gỡ mật khẩu rồi gửi lại.",
    )


def _document_macro(label: str, *, pdf: bool = False) -> ValidationError:
    what = "JavaScript hoặc lệnh mở chương trình" if pdf else "macro"
    return _refuse(
        "document_macro",
        f"“{label}” có chứa {what}; hệ thống không nhận nội dung tự chạy. "
        "Hãy lưu lại tệp không có nội dung này (DOCX, XLSX hoặc PDF thường) rồi gửi lại.",
    )


def _zip_bomb(label: str) -> ValidationError:
    return _refuse(
        "document_zip_bomb",
        f"“{label}” khi giải nén có dung lượng hoặc số phần bất thường, không thể nhận.",
    )


# PDF


def _check_pdf(data: bytes, *, label: str, max_unpacked: int) -> None:
    """A PDF: header at offset 0, `%%EOF` at the end, no encryption and no active content.

    Names are compared after decoding #xx escapes, and compressed object streams
    (where PDF 1.5+ writers put most dictionaries, actions included) are unpacked
    and searched too, so neither trick hides a JavaScript or Launch action.
    """
    if b"%%EOF" not in data[-2048:]:
        raise _document_corrupt(label)
    names = _pdf_names(data)
    names |= _pdf_names(_pdf_object_streams(data, label=label, max_unpacked=max_unpacked))
    if b"Encrypt" in names:
        raise _document_encrypted(label)
    if names & _PDF_ACTIVE:
        raise _document_macro(label, pdf=True)


def _pdf_names(data: bytes) -> set[bytes]:
    names = set()
    for match in _PDF_NAME.finditer(data):
        name = match.group(1)
        if b"#" in name:
            name = _PDF_HEX_ESCAPE.sub(lambda m: bytes([int(m.group(1), 16)]), name)
        names.add(name)
    return names


def _pdf_object_streams(data: bytes, *, label: str, max_unpacked: int) -> bytes:
    """The unpacked content of every object stream (/Type /ObjStm) in the file.

    Streams that only hold page content, fonts or pictures are not unpacked: an
    action is a dictionary, and dictionaries live either in the plain file or in
    an object stream. An object stream that cannot be unpacked here (a filter other
    than FlateDecode, or predictor parameters) could hide anything, so it is
    refused; the unpacked total is bounded like a zip's.
    """
    view = memoryview(data)
    unpacked = bytearray()
    for match in _PDF_STREAM.finditer(data):
        start = match.start()
        if data[max(0, start - 3) : start] == b"end":  # "endstream", not a stream start
            continue
        objects = list(_PDF_OBJECT_START.finditer(data, max(0, start - 4096), start))
        if not objects:
            continue
        dictionary = _pdf_names(data[objects[-1].end() : start])
        # Lenient readers take any stream with /N and /First as an object stream.
        if b"ObjStm" not in dictionary and not {b"N", b"First"} <= dictionary:
            continue
        other_filters = {
            name for name in dictionary if name.endswith(b"Decode") or name == b"Crypt"
        } - {b"FlateDecode"}
        if other_filters or b"DecodeParms" in dictionary:
            raise _document_corrupt(label)
        body = view[match.end() :]
        if b"FlateDecode" in dictionary:
            try:
                chunk = zlib.decompressobj().decompress(body, max_unpacked - len(unpacked) + 1)
            except zlib.error:
                raise _document_corrupt(label) from None
        else:
            end = data.find(b"endstream", match.end())
            chunk = data[match.end() : end] if end >= 0 else b""
        unpacked += chunk
        if len(unpacked) > max_unpacked:
            raise _zip_bomb(label)
        unpacked += b"\n"
    return bytes(unpacked)


# DOCX / XLSX


def _check_office_zip(data: bytes, *, label: str, max_unpacked: int) -> tuple[str, str]:
    """A DOCX or XLSX: a sound zip without macro, password or bomb; returns (type, extension).

    Member sizes and names come from the zip's directory, so bombs, traversal names
    and encrypted members are refused before anything is unpacked; `testzip()` then
    unpacks every member (within the checked total) to prove the CRCs.
    """
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError):
        raise _document_corrupt(label) from None
    with archive:
        members = archive.infolist()
        if len(members) > _ZIP_MAX_MEMBERS:
            raise _zip_bomb(label)
        seen: set[str] = set()
        for member in members:
            if _unsafe_member_name(member.filename) or member.filename in seen:
                raise _document_corrupt(label)
            seen.add(member.filename)
            if member.flag_bits & 0x1:
                raise _document_encrypted(label)
        if sum(member.file_size for member in members) > max_unpacked:
            raise _zip_bomb(label)
        for member in members:
            if member.file_size > _ZIP_MAX_RATIO * max(member.compress_size, 1):
                raise _zip_bomb(label)
        if any(PurePosixPath(name).name.lower() == "vbaproject.bin" for name in seen):
            raise _document_macro(label)
        if _CONTENT_TYPES not in seen:
            raise _wrong_document_type(label)

        try:
            if archive.testzip() is not None:
                raise _document_corrupt(label)
            content_types = _read_content_types(archive, label=label)
        except ValidationError:
            raise
        except Exception:  # zipfile/zlib raise many kinds for damaged data.
            raise _document_corrupt(label) from None

    declared = {content_type.lower() for content_type in content_types.values()}
    if any("macroenabled" in value or value == _VBA_PROJECT for value in declared):
        raise _document_macro(label)
    is_docx = _DOCX_MAIN in declared
    is_xlsx = _XLSX_MAIN in declared
    if is_docx == is_xlsx:  # neither (PPTX, ODT, a plain zip) or a confusing mix of both
        raise _wrong_document_type(label)
    main_type = _DOCX_MAIN if is_docx else _XLSX_MAIN
    main_parts = [part for part, value in content_types.items() if value.lower() == main_type]
    if not any(part.lstrip("/") in seen for part in main_parts if part.startswith("/")):
        # The declared main part (e.g. /word/document.xml) is missing.
        raise _document_corrupt(label)
    return (DOCX_TYPE, ".docx") if is_docx else (XLSX_TYPE, ".xlsx")


def _unsafe_member_name(name: str) -> bool:
    """Absolute paths, drive letters and ".." would escape a folder if ever unpacked."""
    if not name or name.startswith(("/", "\\")) or re.match(r"^[A-Za-z]:", name):
        return True
    return any(part == ".." for part in re.split(r"[/\\]", name))


def _read_content_types(archive: zipfile.ZipFile, *, label: str) -> dict[str, str]:
    """Part name (or "*.ext" for a default) -> content type, from `[Content_Types].xml`.

    The file is small in every real document; above 1 MB it is refused. A DOCTYPE or
    ENTITY declaration has no place in it and is refused before parsing, which blocks
    entity-expansion bombs; expat does not fetch external entities.
    """
    info = archive.getinfo(_CONTENT_TYPES)
    if info.file_size > _CONTENT_TYPES_MAX_BYTES:
        raise _document_corrupt(label)
    with archive.open(info) as member:
        raw = member.read(_CONTENT_TYPES_MAX_BYTES + 1)
    if len(raw) > _CONTENT_TYPES_MAX_BYTES:
        raise _document_corrupt(label)
    try:
        # Office writes UTF-8; refusing other encodings keeps the DOCTYPE check sound.
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise _document_corrupt(label) from None
    if "<!DOCTYPE" in text.upper() or "<!ENTITY" in text.upper():
        raise _document_corrupt(label)
    try:
        # Safe here: no DTD (checked above), small input, and expat resolves no
        # external entity; defusedxml is not a dependency of the project.
        root = ElementTree.fromstring(text)  # noqa: S314
    except ElementTree.ParseError:
        raise _document_corrupt(label) from None
    if root.tag != f"{_CONTENT_TYPES_NS}Types":
        raise _document_corrupt(label)
    declared: dict[str, str] = {}
    for element in root:
        content_type = element.get("ContentType", "")
        if element.tag == f"{_CONTENT_TYPES_NS}Override":
            declared[element.get("PartName", "")] = content_type
        elif element.tag == f"{_CONTENT_TYPES_NS}Default":
            declared["*." + element.get("Extension", "")] = content_type
    return declared
