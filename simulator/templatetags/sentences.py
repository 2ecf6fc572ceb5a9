"""``{% load sentences %}`` … ``{% sentences %}…{% endsentences %}``: sentences a template
writes one after another (one per line, or after tags), joined as ``explain.join_sentences``
joins them: a space between English sentences, none after a full-width stop ("。"), so a
Chinese page never shows a gap inside a paragraph."""

from django import template
from django.utils.safestring import mark_safe

from simulator.explain import close_wide_gaps

register = template.Library()


class SentencesNode(template.Node):
    def __init__(self, nodelist):
        self.nodelist = nodelist

    def render(self, context):
        # The inner output is already escaped HTML; removing whitespace keeps it safe.
        return mark_safe(close_wide_gaps(self.nodelist.render(context)))


@register.tag
def sentences(parser, token):
    nodelist = parser.parse(("endsentences",))
    parser.delete_first_token()
    return SentencesNode(nodelist)
