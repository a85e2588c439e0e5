from django.urls import path

from gongkai.reports import views
from gongkai.reports.library import views as library

app_name = "reports"
urlpatterns = [
    path("", views.overview, name="overview"),
    path("library/", library.library_list, name="library"),
    path("library/reports.csv", library.library_list_csv, name="library_csv"),
    path("library/import/", library.library_import_page, name="library_import"),
    path("library/compare/", library.library_compare, name="library_compare"),
    path("library/compare.csv", library.library_compare_csv, name="library_compare_csv"),
    path("library/<str:kind>/<int:pk>/", library.library_detail, name="library_detail"),
    path("<str:organ_code>/<int:year>/", views.report_page, name="page"),
    path("<str:organ_code>/<int:year>/cases/", views.cell_cases, name="cell"),
    path("<str:organ_code>/<int:year>/report.<str:fmt>", views.staff_download, name="download"),
]
