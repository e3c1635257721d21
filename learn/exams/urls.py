from django.urls import path

from learn.exams import views

app_name = "exams"
urlpatterns = [
    path("exams/", views.exam_list, name="list"),
    path("exams/<int:pk>/", views.attempt_page, name="attempt"),
    path("exams/<int:pk>/answer/<int:position>", views.save_answer, name="answer"),
    path("exams/<int:pk>/finish", views.finish, name="finish"),
]
