"""The leeches page shows each card's question (its prompt, not its id), lesson and lapses."""

from __future__ import annotations

import pytest

from learn.quizzes.models import Question
from learn.reviews.models import Card

pytestmark = pytest.mark.django_db


def test_the_leech_list_shows_each_questions_prompt_lesson_and_lapses(client, alice, bank):
    Card.objects.filter(user=alice, question__qid="q-second").update(leech=True, suspended=True, lapses=8)
    Card.objects.filter(user=alice, question__qid="q-single").update(suspended=True)
    client.force_login(alice)
    page = client.get("/review/leeches/").content.decode()
    leech_row = page.split('<td class="card-question">', 1)[1].split("</tr>", 1)[0]
    prompt = leech_row.split('<span class="card-prompt">', 1)[1].split("</span>", 1)[0]
    assert "Which ratio compares current assets with current liabilities?" in prompt
    assert "S&amp;P" in prompt and "&amp;amp;" not in prompt  # entities are not escaped twice
    assert '<code class="card-qid small muted">q-second</code>' in leech_row
    assert '<a href="/lessons/second/">Lesson second</a>' in leech_row
    assert '<td class="card-lapses">8<span class="card-cell-label"> lapses</span></td>' in leech_row
    assert "Suspended · leech" in leech_row
    assert "Which is a current liability?" in page  # the card suspended by hand, too
    assert "<td><code>q-" not in page  # the id is no longer what a row shows


def test_a_long_prompt_is_cut_to_thirty_words(client, alice, bank):
    Question.objects.filter(qid="q-second").update(
        prompt_html="<p>" + " ".join(f"w{i}" for i in range(60)) + "</p>"
    )
    Card.objects.filter(user=alice, question__qid="q-second").update(leech=True, suspended=True, lapses=8)
    client.force_login(alice)
    page = client.get("/review/leeches/").content.decode()
    assert "w29 …</p>" in page and "w30" not in page
