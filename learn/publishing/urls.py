from django.urls import path

from learn.publishing import views

app_name = "publishing"
urlpatterns = [path("preview/", views.preview, name="preview")]
