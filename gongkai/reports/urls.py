from django.urls import path

from gongkai.reports import views

app_name = "reports"
urlpatterns = [
    path("", views.overview, name="overview"),
    path("<str:organ_code>/<int:year>/", views.report_page, name="page"),
    path("<str:organ_code>/<int:year>/cases/", views.cell_cases, name="cell"),
    path("<str:organ_code>/<int:year>/report.<str:fmt>", views.staff_download, name="download"),
]
