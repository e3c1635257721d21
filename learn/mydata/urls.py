from django.urls import path

from learn.mydata import views

app_name = "mydata"
urlpatterns = [
    path("accounts/my-data.zip", views.download, name="download"),
    path("accounts/delete/", views.delete, name="delete"),
]
