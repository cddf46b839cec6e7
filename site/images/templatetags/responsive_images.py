"""`{% picture %}` as Wagtail's, without repeating a width in a `srcset`.

Wagtail never enlarges a picture, so the renditions of a small upload for
`width-{480,800,1200}` can all be as wide as the original; Wagtail's tag then lists
that width several times, which HTML forbids (and browsers may then drop the srcset);
and for a single rendition it leaves out the width, which HTML requires with `sizes`.
Load this library after `wagtailimages_tags` to use this tag instead.
"""

from django import template
from wagtail.images.models import Picture
from wagtail.images.shortcuts import get_renditions_or_not_found
from wagtail.images.templatetags.wagtailimages_tags import PictureNode
from wagtail.images.templatetags.wagtailimages_tags import image as parse_image_tag

register = template.Library()


class DistinctWidthPicture(Picture):
    @classmethod
    def get_width_srcset(cls, renditions_list):
        distinct = {}
        for rendition in renditions_list:
            distinct.setdefault(rendition.width, rendition)
        return ", ".join(f"{rendition.url} {width}w" for width, rendition in distinct.items())


class DistinctWidthPictureNode(PictureNode):
    def render(self, context):
        image = self.validate_image(context)
        if not image:
            return ""
        renditions = get_renditions_or_not_found(image, self.get_filters())
        if self.output_var_name:
            context[self.output_var_name] = DistinctWidthPicture(renditions)
            return ""
        attrs = {key: value.resolve(context) for key, value in self.attrs.items()}
        return DistinctWidthPicture(renditions, attrs).__html__()


@register.tag("picture")
def picture(parser, token):
    node = parse_image_tag(parser, token)
    node.__class__ = DistinctWidthPictureNode
    return node
