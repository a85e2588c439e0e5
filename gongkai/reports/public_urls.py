from django.urls import path

from gongkai.reports import views

app_name = "annual"
urlpatterns = [
    path("", views.public_list, name="list"),
    path("<str:organ_code>/<int:year>/", views.public_report, name="report"),
    path("<str:organ_code>/<int:year>/report.<str:fmt>", views.public_download, name="download"),
]
