"""What matches, and in which order, on a small content tree: the same hits on SQLite and PostgreSQL.

CI runs this file on both backends, so every expected list below holds for both.
"""

from __future__ import annotations

import pytest

from learn.publishing.sync import sync_content
from learn.search.index import search
from learn.search.models import SearchDocument

pytestmark = pytest.mark.django_db

GLOSSARY = """
- term: Return on equity
  slug: return-on-equity
  aliases: [ROE]
  definition: Net income divided by shareholders' equity.
  engineer: The yield on the owners' stake.
- term: DuPont analysis
  slug: dupont-analysis
  aliases: [DuPont decomposition]
  definition: >-
    Writing ROE as margin times turnover times leverage, so a change in ROE can be traced. A high ROE
    with a thin margin is an ROE built on leverage.
  engineer: Profiling ROE by component.
- term: Balance sheet
  slug: balance-sheet
  definition: What an entity owns and owes on one date.
  engineer: A snapshot of the ledger, like counting bananas in a crate.
- term: Common-size balance sheet
  slug: common-size-balance-sheet
  definition: >-
    A balance sheet with every line divided by total assets, so balance sheet lines read as shares of
    the balance sheet total and two balance sheets compare.
  engineer: A normalised balance sheet.
- term: Working capital
  slug: working-capital
  definition: Current assets minus current liabilities.
  engineer: Headroom between what is due soon and what can pay it.
- term: Current ratio
  slug: current-ratio
  definition: Current assets divided by current liabilities.
  engineer: A capacity-over-demand ratio.
"""

LIQUIDITY = r"""## Working capital and the current ratio

!!! formula "Working capital and current ratio"
    $$\text{Working capital} = \text{CA} - \text{CL} \qquad
    \text{Current ratio} = \frac{\text{CA}}{\text{CL}}$$

[[Working capital]] is an amount; the [[current ratio]] is the same comparison as a ratio.

!!! example "Worked example: Apple"
    Current ratio: 143,566 ÷ 145,308 = 0.988, just below one.

An inline formula, $x^2 + \text{zeta}$, is not indexed.
"""

FRUIT = """## Fruit

Apple kept 0.5 of the 1,988 apples and a banana in the café. Amortized bananas are not a thing.
"""


@pytest.fixture
def tree(content):
    content.track()
    content.glossary(GLOSSARY)
    content.lesson("liquidity", order=1, body=LIQUIDITY)
    content.lesson("fruit", order=2, body=FRUIT)
    report = sync_content(content.dir, root=content.root)
    assert report.ok, [str(p) for p in report.problems]
    return content


def titles(query: str) -> list[str]:
    """The titles of the content hits (the calculators, always indexed, have their own tests)."""
    return [hit.title for hit in search(query) if hit.kind != "calculator"]


def test_a_query_with_one_unknown_word_finds_nothing(tree):
    assert set(titles("apple")) == {"Lesson liquidity", "Lesson fruit"}
    assert titles("apple frobnicate") == []
    assert titles("frobnicate") == []


def test_a_two_word_query_finds_only_pages_with_both_words(tree):
    assert set(titles("banana")) == {"Lesson fruit", "Balance sheet"}
    assert titles("apple banana") == ["Lesson fruit"]
    assert titles("banana apple") == ["Lesson fruit"]
    assert set(titles("current ratio")) == {"Current ratio", "Lesson liquidity"}


def test_numbers_match_only_where_they_occur(tree):
    [hit] = search("0.988")
    assert hit.title == "Lesson liquidity"
    assert "<mark>0.988</mark>" in hit.snippet
    assert titles("1,988") == ["Lesson fruit"]
    assert titles("0.5") == ["Lesson fruit"]
    assert set(titles("988")) == {"Lesson liquidity", "Lesson fruit"}  # a word of 0.988 and of 1,988
    assert titles("0.98") == ["Lesson liquidity"]  # search as you type
    assert titles("143,566") == ["Lesson liquidity"]
    assert titles("0.989") == []


def test_prefixes_stems_case_and_accents_match_the_same_on_both_backends(tree):
    assert titles("amortiz") == ["Lesson fruit"]
    assert titles("AMORTIZED") == ["Lesson fruit"]
    assert set(titles("bananas")) == {"Lesson fruit", "Balance sheet"}
    assert titles("cafe") == titles("Café") == titles("CAFÉS") == ["Lesson fruit"]
    assert set(titles("ratios")) == {"Current ratio", "Lesson liquidity"}
    assert titles("debt-to") == []


@pytest.mark.parametrize(
    "query",
    [
        "a & b",
        '"x"',
        "foo:*",
        "!",
        "(",
        ")",
        "'",
        '"',
        "|",
        "&",
        "<->",
        "\\",
        "*",
        ":",
        "-",
        "^",
        "+",
        "ratio:* & !current",
        "current | ratio",
        "'current' <-> 'ratio'",
        "NEAR(current ratio)",
        "ratio OR",
        "NOT ratio",
        "AND",
        "current AND",
        "ratio*",
        "{title}: x",
        "title:ratio",
        "'; DROP TABLE x; --",
        "\x00",
        "\x02mark\x03",
        "e\u0301",
        "m²",
        "½",
        "🙂",
        "a" * 500,
        " ".join(["ratio"] * 50),
    ],
)
def test_query_syntax_is_never_read_as_syntax(tree, client, query):
    search(query)  # no exception
    response = client.get("/search/", {"q": query})
    assert response.status_code == 200


def test_operators_and_quotes_are_just_separators(tree):
    expected = titles("current ratio")
    assert expected
    for query in [
        '"current" ratio',
        "current & ratio",
        "current:* ratio:*",
        "!current (ratio)",
        "'current' 'ratio'",
    ]:
        assert titles(query) == expected, query
    assert titles("foo:*") == titles("foo") == []
    assert titles("current | frobnicate") == []  # "|" is no OR: every word must match


def test_an_exact_alias_ranks_first(tree):
    assert titles("roe")[:2] == ["Return on equity", "DuPont analysis"]


def test_an_exact_term_ranks_first_and_titles_beat_text(tree):
    assert titles("balance sheet")[:2] == ["Balance sheet", "Common-size balance sheet"]
    assert titles("dupont")[0] == "DuPont analysis"
    assert titles("equity") == ["Return on equity"]


def test_snippets_highlight_the_matched_words(tree):
    [hit] = search("apple banana")
    assert "<mark>Apple</mark>" in hit.snippet and "<mark>banana</mark>" in hit.snippet
    [hit] = search("0.5")
    assert "<mark>0.5</mark>" in hit.snippet and "<mark>1,988</mark>" not in hit.snippet


def test_lesson_snippets_have_no_mathml_leftovers_or_repeated_headings(tree):
    [lesson] = [h for h in search("working capital") if h.kind == "lesson"]
    assert "CA" not in lesson.snippet and "CL" not in lesson.snippet
    assert "<mark>Working</mark> <mark>capital</mark> and the current ratio" in lesson.snippet
    assert "and current ratio" not in lesson.snippet  # the formula box's caption repeats the heading
    body = SearchDocument.objects.get(slug="liquidity").body
    assert "zeta" not in body and "CA" not in body and "=" not in body.split("0.988")[1]
    assert body.count("Working capital and") == 1
    assert "Worked example: Apple" in body  # a box with text keeps its title
    assert "Current assets minus" not in body  # glossary tooltips are not the lesson's text
    assert titles("zeta") == []


def test_glossary_aliases_are_searchable_but_not_in_the_snippet_text(tree):
    [hit] = search("decomposition")
    assert hit.title == "DuPont analysis"
    assert hit.snippet.startswith("Writing ROE as margin")


def test_an_emptied_index_is_rebuilt_by_the_next_sync(tree):
    """Migration 0003 empties the index; sync_content rebuilds an empty one even when nothing changed."""
    SearchDocument.objects.all().delete()
    report = sync_content(tree.dir, root=tree.root)
    assert report.ok and not report.changed
    assert titles("0.988") == ["Lesson liquidity"]
    assert SearchDocument.objects.exclude(kind="calculator").count() == 8
