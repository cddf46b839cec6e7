"""The checks on pictures and documents sent with the public "đăng ký sáng kiến" form.

Every file here is built in memory by the test itself: real pictures with Pillow,
a real XLSX with openpyxl, a DOCX and PDFs by hand, and the hostile files (renamed
programs, zip bombs, macros, scripts) byte by byte.
"""

import io
import re
import time
import zipfile
import zlib

import openpyxl
import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from PIL import Image

from showcase.uploads import (
    DOCX_TYPE,
    PDF_TYPE,
    XLSX_TYPE,
    CleanUpload,
    UploadLimits,
    clean_document,
    clean_image,
    limits,
)

# ---------------------------------------------------------------------- builders

VIETNAMESE_LETTERS = re.compile(
    "[àáạảãâầấậẩẫăằắặẳẵèéẹẻẽêềếệểễìíịỉĩòóọỏõôồốộổỗơờớợởỡùúụủũưừứựửữỳýỵỷỹđ]"
)
WINDOWS_PROGRAM = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + bytes(200)
LINUX_PROGRAM = b"\x7fELF\x02\x01\x01\x00" + bytes(200)
OLE2_HEADER = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504)


def upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content)


def refusal(clean, name: str, content: bytes, code: str) -> ValidationError:
    """Run a cleaner that must refuse, and check the worker can understand why."""
    with pytest.raises(ValidationError) as caught:
        clean(upload(name, content))
    error = caught.value
    assert error.code == code, error.message
    assert_explains_in_vietnamese(error, name)
    return error


def assert_explains_in_vietnamese(error: ValidationError, name: str) -> None:
    message = error.message
    assert message.startswith(f"“{name}”"), message
    assert VIETNAMESE_LETTERS.search(message.lower()), message


def photo(size: tuple[int, int] = (64, 48)) -> Image.Image:
    """A noisy RGB picture, so that compression and truncation behave as for a photo."""
    return Image.merge("RGB", [Image.effect_noise(size, 60) for _ in range(3)])


def encode(picture: Image.Image, image_format: str, **options) -> bytes:
    buffer = io.BytesIO()
    picture.save(buffer, format=image_format, **options)
    return buffer.getvalue()


def png_chunk(kind: bytes, body: bytes) -> bytes:
    return len(body).to_bytes(4, "big") + kind + body + zlib.crc32(kind + body).to_bytes(4, "big")


def png_header_only(width: int, height: int) -> bytes:
    """A PNG whose header announces `width` x `height` but whose pixel data is garbage.

    Decoding it would fail as corrupt, so a refusal for its size proves that the size
    was checked from the header, before any pixel was decoded.
    """
    header = width.to_bytes(4, "big") + height.to_bytes(4, "big") + bytes([1, 0, 0, 0, 0])
    return (
        b"\x89PNG\r\n\x1a\n"
        + png_chunk(b"IHDR", header)
        + png_chunk(b"IDAT", b"not really pixels")
        + png_chunk(b"IEND", b"")
    )


def pdf(*objects: bytes, trailer: bytes = b"") -> bytes:
    """A PDF with a correct cross-reference table; object 1 is the catalog."""
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R %s>>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        trailer,
        xref,
    )
    return bytes(out)


def stream(content: bytes, dictionary: bytes = b"") -> bytes:
    return b"<< /Length %d %s>>\nstream\n%s\nendstream" % (len(content), dictionary, content)


PAGE_TEXT = b"BT /F1 24 Tf 72 720 Td (Sang kien lam khuon dap) Tj ET"


def one_page_pdf(catalog_extra: bytes = b"", *extra_objects: bytes, trailer: bytes = b"") -> bytes:
    return pdf(
        b"<< /Type /Catalog /Pages 2 0 R %s>>" % catalog_extra,
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R"
        b" /Resources << /Font << /F1 5 0 R >> >> >>",
        stream(PAGE_TEXT),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        *extra_objects,
        trailer=trailer,
    )


CONTENT_TYPES_NS = "http://schemas.openxmlformats.org/package/2006/content-types"
DOCX_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"


def content_types(main_type: str = DOCX_MAIN, part: str = "/word/document.xml") -> str:
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<Types xmlns="{CONTENT_TYPES_NS}">'
        '<Default Extension="rels" '
        'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        f'<Override PartName="{part}" ContentType="{main_type}"/>'
        "</Types>"
    )


ROOT_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Target="word/document.xml" Type="http://schemas.openxmlformats.org'
    '/officeDocument/2006/relationships/officeDocument"/>'
    "</Relationships>"
)
WORD_DOCUMENT = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
    "<w:body><w:p><w:r><w:t>Sáng kiến cải tiến khuôn dập</w:t></w:r></w:p></w:body>"
    "</w:document>"
)


def zip_of(members: dict[str, str | bytes], compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def docx_members(**extra: str | bytes) -> dict[str, str | bytes]:
    return {
        "[Content_Types].xml": content_types(),
        "_rels/.rels": ROOT_RELS,
        "word/document.xml": WORD_DOCUMENT,
        **extra,
    }


def docx(compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    return zip_of(docx_members(), compression)


def xlsx() -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["Sáng kiến", "Giá trị làm lợi (đồng)"])
    sheet.append(["Cải tiến khuôn dập", 120_000_000])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def rewrite_zip(data: bytes, edit) -> bytes:
    """Copy a zip, passing every member's (name, bytes) through `edit`."""
    buffer = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            target.writestr(info.filename, edit(info.filename, source.read(info)))
    return buffer.getvalue()


# ---------------------------------------------------------------------- limits


def test_limits_have_the_documented_defaults():
    assert limits() == UploadLimits(
        image_max_bytes=10 * 1024 * 1024,
        image_max_pixels=40_000_000,
        document_max_bytes=10 * 1024 * 1024,
        document_max_unpacked_bytes=100 * 1024 * 1024,
    )


@override_settings(
    SUBMISSION_IMAGE_MAX_BYTES=1,
    SUBMISSION_IMAGE_MAX_PIXELS=2,
    SUBMISSION_DOCUMENT_MAX_BYTES=3,
    SUBMISSION_DOCUMENT_MAX_UNPACKED_BYTES=4,
)
def test_limits_follow_the_settings():
    assert limits() == UploadLimits(1, 2, 3, 4)


# ---------------------------------------------------------------------- pictures


@pytest.mark.parametrize(
    ("image_format", "content_type", "extension"),
    [("JPEG", "image/jpeg", ".jpg"), ("PNG", "image/png", ".png"), ("WEBP", "image/webp", ".webp")],
)
def test_photo_in_jpeg_png_or_webp_is_accepted_with_its_size(image_format, content_type, extension):
    result = clean_image(upload("Máy đột dập.bin", encode(photo((120, 80)), image_format)))

    assert isinstance(result, CleanUpload)
    assert (result.kind, result.content_type) == ("image", content_type)
    assert (result.width, result.height) == (120, 80)
    assert result.name == f"may-dot-dap{extension}"
    with Image.open(io.BytesIO(result.content)) as stored:
        assert stored.format == image_format
        assert stored.size == (120, 80)


@pytest.mark.parametrize(
    ("sent_name", "stored_name"),
    [
        ("Ảnh máy đột dập.JPG", "anh-may-dot-dap.jpg"),
        ("ĐỀ XUẤT_cải tiến.v2.jpeg", "de-xuat-cai-tien-v2.jpg"),
        ("C:\\Users\\Tổ 3\\Đường ống.jpg", "duong-ong.jpg"),
        ("../../etc/passwd", "passwd.jpg"),
        ("???.jpg", "anh.jpg"),
    ],
)
def test_stored_picture_gets_a_safe_ascii_name(sent_name, stored_name):
    assert clean_image(upload(sent_name, encode(photo(), "JPEG"))).name == stored_name


def test_plain_file_object_without_name_or_size_is_accepted():
    result = clean_image(io.BytesIO(encode(photo(), "WEBP")))
    assert (result.name, result.content_type) == ("anh.webp", "image/webp")


def test_long_file_name_is_shortened_but_keeps_its_extension():
    result = clean_image(upload("Sáng kiến " * 30 + ".png", encode(photo(), "PNG")))
    assert result.name.endswith(".png")
    assert len(result.name) <= 80 + len(".png")
    assert result.name.isascii()


def test_picture_named_jpg_is_stored_with_the_extension_of_its_real_format():
    result = clean_image(upload("anh.jpg", encode(photo(), "PNG")))
    assert (result.name, result.content_type) == ("anh.png", "image/png")


def camera_exif() -> Image.Exif:
    exif = Image.Exif()
    exif[0x010F] = "NhaSanXuatMayAnh"  # Make
    exif[0x0110] = "DongMay-X100"  # Model
    exif[0x0131] = "PhanMemChinhAnh"  # Software
    exif[0x8825] = {  # GPS IFD: a workshop in Hà Nội
        0x0001: "N",
        0x0002: (21.0, 1.0, 30.0),
        0x0003: "E",
        0x0004: (105.0, 51.0, 0.0),
        0x0012: "WGS-84",
    }
    return exif


def test_gps_position_and_camera_details_are_removed_from_a_phone_photo():
    original = encode(
        photo(),
        "JPEG",
        exif=camera_exif(),
        comment=b"Nguyen Van A 0912345678",
        xmp=b"<x:xmpmeta>vi-tri-bi-mat</x:xmpmeta>",
    )
    with Image.open(io.BytesIO(original)) as sent:
        assert sent.getexif().get_ifd(0x8825)  # the test photo does carry a position
    assert b"NhaSanXuatMayAnh" in original

    result = clean_image(upload("anh-xuong.jpg", original))

    with Image.open(io.BytesIO(result.content)) as stored:
        exif = stored.getexif()
        assert len(exif) == 0
        assert exif.get_ifd(0x8825) == {}
        assert not {"exif", "xmp", "comment"} & set(stored.info)
    for secret in (
        b"GPS",
        b"WGS-84",
        b"NhaSanXuatMayAnh",
        b"DongMay-X100",
        b"PhanMemChinhAnh",
        b"Nguyen Van A",
        b"vi-tri-bi-mat",
        b"Exif\x00\x00",
    ):
        assert secret not in result.content


@pytest.mark.parametrize("image_format", ["PNG", "WEBP"])
def test_camera_details_are_removed_from_png_and_webp(image_format):
    original = encode(photo(), image_format, exif=camera_exif())
    assert b"NhaSanXuatMayAnh" in original

    result = clean_image(upload("anh", original))

    with Image.open(io.BytesIO(result.content)) as stored:
        assert len(stored.getexif()) == 0
    assert b"NhaSanXuatMayAnh" not in result.content
    assert b"WGS-84" not in result.content


def test_sideways_phone_photo_is_stored_upright():
    exif = Image.Exif()
    exif[0x0112] = 6  # Orientation: rotate 90° clockwise to display
    original = encode(photo((40, 20)), "JPEG", exif=exif)

    result = clean_image(upload("doc.jpg", original))

    assert (result.width, result.height) == (20, 40)
    with Image.open(io.BytesIO(result.content)) as stored:
        assert stored.size == (20, 40)
        assert len(stored.getexif()) == 0


def test_phone_photo_with_extra_pictures_is_stored_as_its_main_jpeg():
    # Several phones append a depth map or second-lens picture (MPO, "MPF" segment).
    main, extra = photo((60, 40)), photo((30, 20))
    sent = encode(main, "MPO", save_all=True, append_images=[extra], exif=camera_exif())
    with Image.open(io.BytesIO(sent)) as opened:
        assert (opened.format, opened.n_frames) == ("MPO", 2)

    result = clean_image(upload("Ảnh chụp.jpg", sent))

    assert (result.content_type, result.name) == ("image/jpeg", "anh-chup.jpg")
    assert (result.width, result.height) == (60, 40)
    with Image.open(io.BytesIO(result.content)) as stored:
        assert (stored.format, getattr(stored, "n_frames", 1)) == ("JPEG", 1)
        assert len(stored.getexif()) == 0
    assert b"MPF\x00" not in result.content
    assert b"NhaSanXuatMayAnh" not in result.content


@pytest.mark.parametrize("program", [WINDOWS_PROGRAM, LINUX_PROGRAM], ids=["exe", "elf"])
def test_program_renamed_as_a_picture_is_refused(program):
    refusal(clean_image, "anh.jpg", program, "image_type")


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("anh.gif", encode(Image.new("P", (10, 10)), "GIF")),
        ("anh.bmp", encode(Image.new("RGB", (10, 10)), "BMP")),
        ("anh.tiff", encode(Image.new("RGB", (10, 10)), "TIFF")),
        (
            "bieu-do.svg",
            b'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
            b"<script>alert(1)</script></svg>",
        ),
        ("iphone.heic", b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic" + bytes(64)),
        ("ghi-chu.jpg", "Ảnh ở trang sau".encode()),
    ],
    ids=["gif", "bmp", "tiff", "svg", "heic", "text"],
)
def test_picture_in_another_format_is_refused(name, content):
    error = refusal(clean_image, name, content, "image_type")
    assert error.message == f"“{name}” không phải là ảnh JPEG, PNG hoặc WebP."


@pytest.mark.parametrize("image_format", ["PNG", "WEBP"])
def test_animated_picture_is_refused(image_format):
    frames = [Image.new("RGB", (16, 16), colour) for colour in ("red", "blue")]
    animated = encode(frames[0], image_format, save_all=True, append_images=frames[1:])
    with Image.open(io.BytesIO(animated)) as sent:
        assert sent.n_frames == 2

    error = refusal(clean_image, "dong.png", animated, "image_type")
    assert "chỉ nhận ảnh tĩnh" in error.message


def test_picture_with_too_many_pixels_is_refused():
    huge = encode(Image.new("1", (8000, 6000)), "PNG")  # 48 MP, yet a few kB
    assert len(huge) < 100_000

    error = refusal(clean_image, "toan-canh.png", huge, "image_too_many_pixels")
    assert "8000 × 6000" in error.message


def test_picture_with_too_many_pixels_is_refused_before_its_pixels_are_decoded():
    started = time.perf_counter()
    refusal(clean_image, "toan-canh.png", png_header_only(8000, 6000), "image_too_many_pixels")
    assert time.perf_counter() - started < 1
    # The same broken pixel data at a small size is found corrupt when decoded.
    refusal(clean_image, "nho.png", png_header_only(80, 60), "image_corrupt")


@override_settings(SUBMISSION_IMAGE_MAX_PIXELS=10**12)
def test_pillow_decompression_bomb_warning_refuses_the_picture():
    max_pixels_before = Image.MAX_IMAGE_PIXELS
    # 12000 x 12000 = 144 MP: above Pillow's warning level, below its error level.
    refusal(clean_image, "bom.png", png_header_only(12_000, 12_000), "image_too_many_pixels")
    # 20000 x 20000 = 400 MP: Pillow refuses to open it at all.
    refusal(clean_image, "bom.png", png_header_only(20_000, 20_000), "image_too_many_pixels")
    assert max_pixels_before == Image.MAX_IMAGE_PIXELS


@override_settings(SUBMISSION_IMAGE_MAX_BYTES=1000)
def test_picture_over_the_byte_limit_is_refused():
    big = encode(photo((200, 200)), "PNG")
    assert len(big) > 1000
    error = refusal(clean_image, "anh-lon.png", big, "image_too_large")
    assert "1000 byte" in error.message


def test_default_byte_limit_is_shown_in_megabytes():
    class Announced(io.BytesIO):
        name = "anh-rat-lon.jpg"
        size = 11 * 1024 * 1024

    with pytest.raises(ValidationError) as caught:
        clean_image(Announced(b"\xff\xd8"))
    assert caught.value.code == "image_too_large"
    assert "10 MB" in caught.value.message


@override_settings(SUBMISSION_IMAGE_MAX_BYTES=1000)
def test_picture_with_an_understated_size_is_still_refused_when_too_big():
    sent = upload("anh.png", encode(photo((200, 200)), "PNG"))
    sent.size = 10  # what a lying client or storage could announce

    with pytest.raises(ValidationError) as caught:
        clean_image(sent)
    assert caught.value.code == "image_too_large"


def test_truncated_jpeg_is_refused_as_damaged():
    whole = encode(photo((300, 200)), "JPEG", quality=95)
    refusal(clean_image, "bi-cat.jpg", whole[: len(whole) // 2], "image_corrupt")


@pytest.mark.parametrize("clean", [clean_image, clean_document], ids=["image", "document"])
def test_empty_file_is_refused(clean):
    error = refusal(clean, "rong.jpg", b"", "empty_file")
    assert "rỗng" in error.message


# ---------------------------------------------------------------------- documents


def test_real_pdf_is_accepted():
    result = clean_document(upload("Báo cáo sáng kiến.PDF", one_page_pdf()))
    assert result == CleanUpload(
        content=one_page_pdf(),
        name="bao-cao-sang-kien.pdf",
        content_type=PDF_TYPE,
        kind="document",
    )


def test_pdf_written_by_pillow_is_accepted():
    content = encode(photo(), "PDF")
    assert clean_document(upload("scan.pdf", content)).content_type == PDF_TYPE


def test_password_protected_pdf_is_refused():
    encrypted = one_page_pdf(
        b"",
        b"<< /Filter /Standard /V 1 /R 2 /O <00> /U <00> /P -4 >>",
        trailer=b"/Encrypt 6 0 R /ID [<01> <01>] ",
    )
    error = refusal(clean_document, "mat-khau.pdf", encrypted, "document_encrypted")
    assert "mật khẩu" in error.message


@pytest.mark.parametrize(
    "pdf_bytes",
    [
        one_page_pdf(b"/OpenAction << /S /JavaScript /JS (app.alert('xin chao')) >> "),
        one_page_pdf(b"/OpenAction << /S /Launch /F (cmd.exe) >> "),
        # "#61" is "a": the same JavaScript action with its name disguised.
        one_page_pdf(b"/OpenAction << /S /J#61vaScript /JS (app.alert(1)) >> "),
        # The action hidden in a compressed object stream, as PDF 1.5+ writers do.
        one_page_pdf(
            b"/OpenAction 7 0 R ",
            stream(
                zlib.compress(b"7 0 << /S /JavaScript /JS (app.alert(1)) >>"),
                b"/Type /ObjStm /N 1 /First 4 /Filter /FlateDecode ",
            ),
        ),
    ],
    ids=["javascript", "launch", "escaped-name", "object-stream"],
)
def test_pdf_with_script_or_program_launch_is_refused(pdf_bytes):
    error = refusal(clean_document, "tai-lieu.pdf", pdf_bytes, "document_macro")
    assert "không nhận nội dung tự chạy" in error.message


def test_pdf_with_harmless_object_stream_is_accepted():
    harmless = one_page_pdf(
        b"",
        stream(
            zlib.compress(b"7 0 << /Producer (Word) >>"),
            b"/Type /ObjStm /N 1 /First 4 /Filter /FlateDecode ",
        ),
    )
    assert clean_document(upload("bao-cao.pdf", harmless)).content_type == PDF_TYPE


def test_pdf_with_object_stream_that_cannot_be_searched_is_refused():
    opaque = one_page_pdf(
        b"", stream(b"89abcdef>", b"/Type /ObjStm /N 1 /First 4 /Filter /ASCIIHexDecode ")
    )
    refusal(clean_document, "bao-cao.pdf", opaque, "document_corrupt")


def test_pdf_cut_off_before_its_end_is_refused():
    whole = one_page_pdf()
    refusal(clean_document, "bi-cat.pdf", whole[: whole.rindex(b"%%EOF")], "document_corrupt")


def test_pdf_header_must_be_at_the_very_start():
    refusal(clean_document, "la.pdf", b"\n" + one_page_pdf(), "document_type")


def test_minimal_docx_is_accepted():
    result = clean_document(upload("Đề xuất giải pháp.docx", docx()))
    assert (result.kind, result.content_type, result.name) == (
        "document",
        DOCX_TYPE,
        "de-xuat-giai-phap.docx",
    )
    assert result.content == docx()
    assert (result.width, result.height) == (None, None)


def test_real_xlsx_is_accepted():
    content = xlsx()
    result = clean_document(upload("Bảng tính giá trị làm lợi.xlsx", content))
    assert (result.content_type, result.name) == (XLSX_TYPE, "bang-tinh-gia-tri-lam-loi.xlsx")
    assert result.content == content


def test_docx_named_xlsx_is_stored_as_docx():
    result = clean_document(upload("bao-cao.xlsx", docx()))
    assert (result.content_type, result.name) == (DOCX_TYPE, "bao-cao.docx")


@pytest.mark.parametrize(
    ("name", "program"),
    [("bao-cao.pdf", WINDOWS_PROGRAM), ("bao-cao.docx", LINUX_PROGRAM)],
)
def test_program_renamed_as_a_document_is_refused(name, program):
    error = refusal(clean_document, name, program, "document_type")
    assert error.message == f"“{name}” không phải là tệp PDF, DOCX hoặc XLSX."


def test_document_with_vba_macro_is_refused():
    with_macro = zip_of(docx_members(**{"word/vbaProject.bin": OLE2_HEADER}))
    error = refusal(clean_document, "co-macro.docx", with_macro, "document_macro")
    assert "macro" in error.message


def test_macro_enabled_workbook_is_refused():
    xlsm = rewrite_zip(
        xlsx(),
        lambda name, content: content.replace(
            b"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
            b"application/vnd.ms-excel.sheet.macroEnabled.main+xml",
        ),
    )
    refusal(clean_document, "bang-tinh.xlsx", xlsm, "document_macro")


def test_zip_bomb_is_refused_without_being_unpacked():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        archive.writestr("[Content_Types].xml", content_types())
        archive.writestr("word/document.xml", WORD_DOCUMENT)
        with archive.open("word/media/image1.png", "w") as member:
            zeros = bytes(1024 * 1024)
            for _ in range(200):  # 200 MB of zeros, streamed: under 1 MB once packed
                member.write(zeros)
    bomb = buffer.getvalue()
    assert len(bomb) < 2 * 1024 * 1024

    started = time.perf_counter()
    refusal(clean_document, "bom.docx", bomb, "document_zip_bomb")
    assert time.perf_counter() - started < 1


def test_member_packed_more_than_a_hundred_times_is_refused():
    packed = zip_of(docx_members(**{"word/media/trang.bmp": bytes(1024 * 1024)}))
    refusal(clean_document, "nen.docx", packed, "document_zip_bomb")


@override_settings(SUBMISSION_DOCUMENT_MAX_UNPACKED_BYTES=2000)
def test_document_unpacking_beyond_the_limit_is_refused():
    refusal(clean_document, "to.xlsx", xlsx(), "document_zip_bomb")


def test_zip_with_thousands_of_members_is_refused():
    members = docx_members(**{f"word/media/{number}.xml": "" for number in range(2001)})
    refusal(clean_document, "nhieu.docx", zip_of(members), "document_zip_bomb")


@pytest.mark.parametrize("member", ["../evil.sh", "/etc/cron.d/evil", "word/../../evil", "C:/x"])
def test_zip_member_escaping_its_folder_is_refused(member):
    hostile = zip_of(docx_members(**{member: "echo pwned"}))
    refusal(clean_document, "duong-dan.docx", hostile, "document_corrupt")


def test_zip_member_with_a_password_is_refused():
    data = bytearray(docx())
    data[6] |= 0x1  # local header of the first member: "encrypted"
    directory = data.find(b"PK\x01\x02")
    data[directory + 8] |= 0x1  # and its entry in the central directory
    refusal(clean_document, "khoa.docx", bytes(data), "document_encrypted")


def test_plain_zip_is_not_accepted_as_a_document():
    plain = zip_of({"bao-cao.txt": "Sáng kiến", "anh.jpg": encode(photo(), "JPEG")})
    refusal(clean_document, "ho-so.zip", plain, "document_type")


def test_presentation_is_not_accepted_as_a_document():
    pptx = zip_of(
        {
            "[Content_Types].xml": content_types(
                "application/vnd.openxmlformats-officedocument.presentationml"
                ".presentation.main+xml",
                "/ppt/presentation.xml",
            ),
            "ppt/presentation.xml": "<p:presentation/>",
        }
    )
    refusal(clean_document, "trinh-chieu.pptx", pptx, "document_type")


def test_docx_whose_declared_main_part_is_missing_is_refused():
    members = docx_members()
    del members["word/document.xml"]
    refusal(clean_document, "thieu.docx", zip_of(members), "document_corrupt")


def test_docx_with_damaged_content_is_refused():
    damaged = docx(zipfile.ZIP_STORED).replace(b"<w:t>", b"<w:x>", 1)  # CRC no longer matches
    refusal(clean_document, "hong.docx", damaged, "document_corrupt")


def test_content_types_with_entity_declarations_are_refused():
    laughs = (
        '<?xml version="1.0"?><!DOCTYPE Types [<!ENTITY a "hahahahaha">'
        '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>'
        f'<Types xmlns="{CONTENT_TYPES_NS}">'
        f'<Override PartName="/word/document.xml" ContentType="{DOCX_MAIN}&b;"/></Types>'
    )
    hostile = zip_of(docx_members(**{"[Content_Types].xml": laughs}))
    refusal(clean_document, "cuoi.docx", hostile, "document_corrupt")


def test_oversized_content_types_are_refused():
    padded = content_types().replace("</Types>", " " * (1024 * 1024) + "</Types>")
    hostile = zip_of(docx_members(**{"[Content_Types].xml": padded}), zipfile.ZIP_STORED)
    refusal(clean_document, "to.docx", hostile, "document_corrupt")


def test_old_or_password_protected_office_file_is_refused_with_advice():
    error = refusal(clean_document, "x.doc", OLE2_HEADER, "document_type")
    assert error.message == (
        "“x.doc” là tệp Office đời cũ hoặc có mật khẩu; hãy lưu lại dạng DOCX, XLSX "
        "hoặc PDF không đặt mật khẩu."
    )


@override_settings(SUBMISSION_DOCUMENT_MAX_BYTES=1000)
def test_document_over_the_byte_limit_is_refused():
    error = refusal(clean_document, "dai.docx", xlsx(), "document_too_large")
    assert "1000 byte" in error.message


# ---------------------------------------------------------------------- messages

EVERY_CODE = {
    "image_type",
    "image_too_large",
    "image_too_many_pixels",
    "image_corrupt",
    "document_type",
    "document_too_large",
    "document_macro",
    "document_encrypted",
    "document_zip_bomb",
    "document_corrupt",
    "empty_file",
}
SMALL_IMAGES = {"SUBMISSION_IMAGE_MAX_BYTES": 1000}
SMALL_DOCUMENTS = {"SUBMISSION_DOCUMENT_MAX_BYTES": 1000}
REFUSALS = [
    (clean_image, "image_type", lambda: WINDOWS_PROGRAM, {}),
    (clean_image, "image_too_large", lambda: encode(photo((200, 200)), "PNG"), SMALL_IMAGES),
    (clean_image, "image_too_many_pixels", lambda: png_header_only(8000, 6000), {}),
    (clean_image, "image_corrupt", lambda: png_header_only(8, 6), {}),
    (clean_document, "document_type", lambda: OLE2_HEADER, {}),
    (clean_document, "document_too_large", xlsx, SMALL_DOCUMENTS),
    (
        clean_document,
        "document_macro",
        lambda: one_page_pdf(b"/OpenAction << /S /Launch >> "),
        {},
    ),
    (
        clean_document,
        "document_encrypted",
        lambda: one_page_pdf(trailer=b"/Encrypt 9 0 R "),
        {},
    ),
    (
        clean_document,
        "document_zip_bomb",
        lambda: zip_of(docx_members(**{"word/a.bin": bytes(10**6)})),
        {},
    ),
    (clean_document, "document_corrupt", lambda: b"PK\x03\x04" + bytes(100), {}),
    (clean_document, "empty_file", lambda: b"", {}),
]


def test_refusal_table_covers_every_rule():
    assert {code for _, code, _, _ in REFUSALS} == EVERY_CODE


@pytest.mark.parametrize(
    ("clean", "code", "build", "overrides"), REFUSALS, ids=[row[1] for row in REFUSALS]
)
@pytest.mark.parametrize("name", ["Sáng kiến của tổ 3.jpg", "C:\\Tài liệu\\đề xuất.pdf"])
def test_every_refusal_is_explained_in_vietnamese_and_names_the_file(
    clean, code, build, overrides, name
):
    with override_settings(**overrides), pytest.raises(ValidationError) as caught:
        clean(upload(name, build()))
    assert caught.value.code == code
    shown = name.rsplit("\\", 1)[-1]
    assert_explains_in_vietnamese(caught.value, shown)
    assert caught.value.message.endswith(".")
