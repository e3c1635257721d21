"""The admin shows imported content but refuses edits: the next sync_content would overwrite them."""

from __future__ import annotations

import pytest

from learn.lessons.models import GlossaryTerm, Lesson, Track
from learn.publishing.sync import sync_content


@pytest.fixture
def admin_client(client, django_user_model):
    user = django_user_model.objects.create_superuser("root", "root@example.com", "admin-pass-4")
    client.force_login(user)
    return client


@pytest.fixture
def lesson(db, content):
    assert sync_content(content.valid().dir, root=content.root).ok
    return Lesson.objects.get(slug="first")


def test_it_shows_a_lesson_without_a_save_button(admin_client, lesson):
    response = admin_client.get(f"/admin/lessons/lesson/{lesson.pk}/change/")
    assert response.status_code == 200
    assert lesson.title in response.content.decode()
    assert 'name="_save"' not in response.content.decode()


def test_it_refuses_to_change_add_or_delete_content(admin_client, lesson):
    response = admin_client.post(
        f"/admin/lessons/lesson/{lesson.pk}/change/", {"title": "Edited in the admin"}
    )
    assert response.status_code == 403
    assert Lesson.objects.get(pk=lesson.pk).title == "Lesson first"
    assert admin_client.get("/admin/lessons/lesson/add/").status_code == 403
    assert admin_client.post(f"/admin/lessons/lesson/{lesson.pk}/delete/", {"post": "yes"}).status_code == 403
    assert Lesson.objects.filter(pk=lesson.pk).exists()
    track, term = Track.objects.get(), GlossaryTerm.objects.first()
    assert admin_client.post(f"/admin/lessons/track/{track.pk}/change/", {"title": "X"}).status_code == 403
    assert (
        admin_client.post(f"/admin/lessons/glossaryterm/{term.pk}/change/", {"term": "X"}).status_code == 403
    )
