from django.urls import path

from learn.notebooks import views

app_name = "notebooks"
urlpatterns = [
    path("notebooks/", views.notebook_list, name="list"),
    path("notebooks/<slug:slug>/", views.notebook_page, name="notebook"),
    path("notebooks/<slug:slug>/download", views.download, name="download"),
    path(
        "notebooks/<slug:slug>/charts/<int:run>/<str:stamp>/<int:index>-<int:n>.svg",
        views.chart,
        name="chart",
    ),
    path("notebooks/<slug:slug>/run-again", views.run_again, name="run-again"),
    path("notebooks/<slug:slug>/scratch", views.scratch, name="scratch"),
    path("notebooks/<slug:slug>/exercises/<str:key>/", views.answer, name="answer"),
]
