from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import Synonym


class SynonymViewSet(SnippetViewSet):
    model = Synonym
    icon = "search"
    menu_label = "Từ đồng nghĩa"
    add_to_settings_menu = True
    list_display = ["__str__", "note", "updated_at"]
    # A few dozen rows: a plain database filter finds them, with no index to keep.
    search_fields = ["terms", "note"]
    search_backend_name = None


register_snippet(SynonymViewSet)
