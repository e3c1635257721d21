from django.urls import path

from learn.accounts import views

app_name = "accounts"
urlpatterns = [
    path("signup/", views.signup, name="signup"),
    path("settings/", views.settings_page, name="settings"),
]
