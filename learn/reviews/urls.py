from django.urls import path

from learn.reviews import views

app_name = "reviews"
urlpatterns = [
    path("dashboard/", views.dashboard, name="dashboard"),
    path("review/", views.review, name="review"),
    path("review/answer", views.answer, name="answer"),
    path("review/rate", views.rate, name="rate"),
    path("review/undo", views.undo, name="undo"),
    path("review/cards/<int:pk>/<str:action>", views.card_action, name="card-action"),
    path("review/leeches/", views.leeches, name="leeches"),
    path("review/settings/", views.settings_page, name="settings"),
    path("review/add/<slug:slug>", views.add_track, name="add-track"),
    path("export/my-reviews.csv", views.export_my_reviews, name="export-reviews"),
]
