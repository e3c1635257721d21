"""Lessons embed calculators with preset inputs: [text](calculator:cds?spreads=5y+120)."""

from __future__ import annotations

from learn.lessons.rendering import render_markdown
from learn.publishing.kinds import Sources, load_content


def render(source: str):
    return render_markdown(
        source,
        glossary={},
        lesson_url=lambda s: None,
        glossary_url=lambda s: f"/glossary/#{s}",
        calculator_url=lambda name: f"/calculators/{name}/" if name in {"cds", "credit"} else None,
    )


def test_it_links_to_the_calculator_with_its_presets():
    html = render("[Try it](calculator:cds?spreads=5y+120&recovery=40)").html
    assert 'class="calculator-embed"' in html
    assert 'href="/calculators/cds/?spreads=5y+120&amp;recovery=40"' in html


def test_an_unknown_calculator_renders_as_a_broken_link():
    html = render("[Try it](calculator:nope?x=1)").html
    assert '<span class="broken-link">Try it</span>' in html


def test_a_calculator_link_cannot_smuggle_a_script_url():
    html = render("[x](calculator:javascript:alert(1))").html
    assert "javascript" not in html.split(">", 1)[0] and "href" not in html


def test_check_content_names_an_unknown_calculator(content):
    content.valid()
    content.lesson("third", order=3, body="Intro.\n\n[Try](calculator:swaption?x=1)\n")
    problems = [str(p) for p in load_content(Sources.configured(content.dir, root=content.root)).problems]
    assert problems == [
        "content/basics/03-third.md:14: unknown calculator 'swaption' (known: cds, credit, ratios)"
    ]
