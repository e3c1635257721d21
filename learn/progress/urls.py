from django.urls import path

from learn.progress import views

app_name = "progress"
urlpatterns = [path("lessons/<slug:slug>/complete", views.toggle_complete, name="toggle-complete")]
