from django.urls import path

from learn.quizzes import views

app_name = "quizzes"
urlpatterns = [
    path("export/tracks/<slug:slug>.<str:fmt>", views.export_track, name="export-track"),
]
