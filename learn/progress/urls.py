from django.urls import path

from learn.progress import views

app_name = "progress"
urlpatterns = [
    path("lessons/<slug:slug>/complete", views.toggle_complete, name="toggle-complete"),
    path("quiz/<slug:qid>/check", views.check_answer, name="check"),
]
