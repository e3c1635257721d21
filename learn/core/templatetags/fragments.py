"""``{% cachedfragment name part ... %}...{% endcachedfragment %}``: the enclosed markup, rendered once
per release and content version for each combination of name and parts, with every CSRF token in it
replaced by the current visitor's own (see learn/core/pagecache.py). Only for markup that is the same for
everyone whose request gives the same parts. An empty name (e.g. ``None`` from the view when the markup
holds one learner's answer) renders it uncached."""

from __future__ import annotations

import contextlib

from django import template

from learn.core import pagecache

register = template.Library()


class CachedFragmentNode(template.Node):
    def __init__(self, nodelist, parts):
        self.nodelist = nodelist
        self.parts = parts

    def render(self, context):
        request = context.get("request")
        parts = [part.resolve(context) for part in self.parts]
        if request is None or not parts[0] or not pagecache.enabled():
            return self.nodelist.render(context)
        try:
            name = pagecache.key(request, "fragment", *parts)
            html = pagecache.get_versioned(name)
        except Exception:  # noqa: BLE001 - a cache outage: render it as if nothing were cached
            return self.nodelist.render(context)
        if html is None:
            with context.push(csrf_token=pagecache.PLACEHOLDER):
                html = self.nodelist.render(context)
            with contextlib.suppress(Exception):
                pagecache.set_versioned(name, html)
        return pagecache.with_token(html, request)


@register.tag
def cachedfragment(parser, token):
    bits = token.split_contents()
    if len(bits) < 2:
        raise template.TemplateSyntaxError("cachedfragment needs at least a name")
    nodelist = parser.parse(("endcachedfragment",))
    parser.delete_first_token()
    return CachedFragmentNode(nodelist, [parser.compile_filter(bit) for bit in bits[1:]])
