"""StreamField blocks shared by news articles and initiatives."""

from wagtail import blocks
from wagtail.contrib.table_block.blocks import TableBlock
from wagtail.embeds.blocks import EmbedBlock
from wagtail.images.blocks import ImageChooserBlock

RICH_TEXT_FEATURES = ["bold", "italic", "link", "ol", "ul", "h3", "h4"]


class ParagraphBlock(blocks.RichTextBlock):
    def __init__(self, **kwargs):
        super().__init__(features=RICH_TEXT_FEATURES, **kwargs)

    class Meta:
        icon = "pilcrow"
        label = "Đoạn văn"
        template = "components/blocks/paragraph.html"
        preview_value = (
            "<p>Người lao động đề xuất thay bóng đèn cao áp bằng đèn LED, "
            "giúp phân xưởng tiết kiệm gần 30% điện năng mỗi tháng.</p>"
        )
        description = "Một hay nhiều đoạn văn có định dạng."


class HeadingBlock(blocks.CharBlock):
    class Meta:
        icon = "title"
        label = "Tiêu đề mục"
        template = "components/blocks/heading.html"
        preview_value = "Từ ý tưởng nhỏ đến hiệu quả lớn"
        description = "Tiêu đề cho một phần của bài viết."


class CaptionedImageBlock(blocks.StructBlock):
    image = ImageChooserBlock(label="Ảnh")
    alt_text = blocks.CharBlock(
        label="Mô tả ảnh cho người khiếm thị",
        required=False,
        help_text="Để trống sẽ dùng tiêu đề của ảnh.",
    )
    caption = blocks.CharBlock(label="Chú thích", required=False)

    class Meta:
        icon = "image"
        label = "Ảnh có chú thích"
        template = "components/blocks/captioned_image.html"
        description = "Một ảnh kèm chú thích bên dưới."


class QuoteBlock(blocks.StructBlock):
    text = blocks.TextBlock(label="Trích dẫn")
    attribution = blocks.CharBlock(label="Người nói", required=False)

    class Meta:
        icon = "openquote"
        label = "Trích dẫn"
        template = "components/blocks/quote.html"
        preview_value = {
            "text": "Mỗi sáng kiến nhỏ của người lao động đều góp phần làm nên thay đổi lớn.",
            "attribution": "Chủ tịch công đoàn cơ sở",
        }
        description = "Lời trích dẫn nổi bật, có ghi người nói."


class DataTableBlock(blocks.StructBlock):
    caption = blocks.CharBlock(label="Tên bảng", required=False)
    table = TableBlock(
        label="Bảng",
        table_options={"startRows": 4, "startCols": 3, "colHeaders": False, "rowHeaders": False},
    )

    class Meta:
        icon = "table"
        label = "Bảng số liệu"
        template = "components/blocks/table.html"
        preview_value = {
            "caption": "Kết quả theo giai đoạn",
            "table": {
                "first_row_is_table_header": True,
                "data": [
                    ["Giai đoạn", "Số sáng kiến"],
                    ["Giai đoạn 1", "250.000"],
                    ["Giai đoạn 2", "447.000"],
                ],
            },
        }
        description = "Bảng số liệu có dòng tiêu đề."


class VideoEmbedBlock(EmbedBlock):
    class Meta:
        icon = "media"
        label = "Nhúng video hoặc nội dung"
        template = "components/blocks/embed.html"
        description = "Dán đường dẫn video (YouTube, Vimeo…) để nhúng vào bài."


class SectionBlock(blocks.RichTextBlock):
    """A labelled section of an initiative; the label doubles as the section heading."""

    def __init__(self, **kwargs):
        super().__init__(features=RICH_TEXT_FEATURES, **kwargs)

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context=parent_context)
        context["heading"] = self.meta.label
        context["section"] = self.meta.section
        return context

    class Meta:
        icon = "doc-full"
        template = "components/blocks/section.html"
        preview_value = "<p>Nội dung phần này của sáng kiến.</p>"
        section = "section"


class ProblemBlock(SectionBlock):
    class Meta:
        label = "Vấn đề"
        section = "problem"
        icon = "warning"
        description = "Thực trạng, khó khăn dẫn tới sáng kiến."


class SolutionBlock(SectionBlock):
    class Meta:
        label = "Giải pháp"
        section = "solution"
        icon = "cogs"
        description = "Nội dung và cách làm của sáng kiến."


class ResultBlock(SectionBlock):
    class Meta:
        label = "Kết quả"
        section = "result"
        icon = "success"
        description = "Hiệu quả đạt được sau khi áp dụng."
