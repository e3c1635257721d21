from django.urls import path

from learn.lessons import views

app_name = "lessons"
urlpatterns = [
    path("tracks/<slug:slug>/", views.track_detail, name="track"),
    path("lessons/<slug:slug>/", views.lesson_detail, name="lesson"),
    path("glossary/", views.glossary, name="glossary"),
]
