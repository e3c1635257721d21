from django.urls import path

from learn.calculators import views

app_name = "calculators"
urlpatterns = [
    path("calculators/", views.index, name="index"),
    path("calculators/cds/", views.cds, name="cds"),
    path("calculators/ratios/", views.ratios, name="ratios"),
    path("calculators/credit/", views.credit, name="credit"),
]
