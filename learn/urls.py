from django.contrib import admin
from django.urls import include, path

from learn.accounts.urls import auth_overrides

urlpatterns = [
    path("", include("learn.home.urls")),
    path("", include("learn.lessons.urls")),
    path("", include("learn.progress.urls")),
    path("", include("learn.search.urls")),
    path("", include("learn.quizzes.urls")),
    path("", include("learn.reviews.urls")),
    path("", include("learn.exams.urls")),
    path("", include("learn.calculators.urls")),
    path("", include("learn.notebooks.urls")),
    path("", include("learn.publishing.urls")),
    path("", include("learn.mydata.urls")),
    path("accounts/", include("learn.accounts.urls")),
    path("accounts/", include(auth_overrides)),
    path("accounts/", include("django.contrib.auth.urls")),
    path("admin/", admin.site.urls),
]
