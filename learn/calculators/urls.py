from django.http import HttpResponse
from django.urls import path

app_name = "calculators"
urlpatterns = [path("calculators/", lambda request: HttpResponse("Calculators are being built."), name="index")]
