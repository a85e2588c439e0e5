from django.urls import path

from gongkai.cases import views

app_name = "cases"
urlpatterns = [
    path("", views.case_list, name="list"),
    path("new/", views.case_new, name="new"),
    path("<uuid:public_id>/", views.case_detail, name="detail"),
    path("<uuid:public_id>/personal/", views.case_personal, name="personal"),
    path(
        "<uuid:public_id>/letters/<int:letter_id>.<str:fmt>", views.letter_download, name="letter"
    ),
    path(
        "<uuid:public_id>/attachments/<int:attachment_id>/",
        views.attachment_download,
        name="attachment",
    ),
]
