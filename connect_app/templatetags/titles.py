"""Page titles: the page's own title, then the product's name, in the customer's language.

    <title>{% titled %}{% block title %}{% endblock %}{% endtitled %}</title>

The brand's name ends every title (a browser tab, a webview's history, a screen reader's first
words), so an integrator's name is on every screen; a page with no title of its own is titled
with the name alone.
"""

from __future__ import annotations

from django import template
from django.template.base import NodeList, Parser, Token
from django.utils.html import conditional_escape, escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

register = template.Library()


def titled(page: str, brand: str) -> SafeString:
    """`page` (rendered, so already escaped) followed by `brand`."""
    page, brand = page.strip(), brand.strip()
    if not page or page == brand:
        return mark_safe(conditional_escape(brand))
    if not brand:
        return mark_safe(page)
    # Translators: a page's title in the browser tab: the page's own title, then the product's
    # name, e.g. "Community Powershare · February 2025 · Battery earnings". Keep the product's
    # name last.
    pattern = escape(gettext("%(page)s · %(brand)s"))
    return mark_safe(pattern % {"page": page, "brand": conditional_escape(brand)})


class TitledNode(template.Node):
    # So that a {% block %} inside is found by {% extends %}, as inside {% if %}.
    child_nodelists = ("nodelist",)

    def __init__(self, nodelist: NodeList) -> None:
        self.nodelist = nodelist

    def render(self, context: template.Context) -> str:
        brand = context.get("brand")
        name = getattr(brand, "name", "") if brand is not None else ""
        return titled(self.nodelist.render(context), str(name))


@register.tag("titled")
def do_titled(parser: Parser, token: Token) -> TitledNode:
    """The page title between {% titled %} and {% endtitled %}, followed by the brand's name."""
    if len(token.split_contents()) != 1:
        raise template.TemplateSyntaxError("{% titled %} takes no arguments")
    nodelist = parser.parse(("endtitled",))
    parser.delete_first_token()
    return TitledNode(nodelist)
