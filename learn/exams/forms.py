from __future__ import annotations

from django import forms

from learn.exams.services import CFA_SECONDS_PER_QUESTION


class StartForm(forms.Form):
    """A new mock exam: how many questions, the pace, and a relative weight per track."""

    total = forms.IntegerField(min_value=1, max_value=180, initial=20, label="Number of questions")
    seconds_per_question = forms.IntegerField(
        min_value=15,
        max_value=600,
        initial=CFA_SECONDS_PER_QUESTION,
        label="Seconds per question",
        help_text="The CFA Level I pace is 90 seconds a question.",
    )

    def __init__(self, *args, tracks, **kwargs):
        super().__init__(*args, **kwargs)
        self.tracks = tracks
        for track in tracks:
            self.fields[f"weight_{track.slug}"] = forms.IntegerField(
                min_value=0,
                max_value=100,
                initial=1,
                label=f"{track.code}. {track.title}",
                help_text=f"{track.n_questions} questions",
            )

    def weights(self) -> dict[str, float]:
        return {t.slug: float(self.cleaned_data[f"weight_{t.slug}"]) for t in self.tracks}

    def clean(self):
        data = super().clean()
        if self.tracks and all(not data.get(f"weight_{t.slug}") for t in self.tracks):
            raise forms.ValidationError("Give at least one track a weight above 0.")
        return data
