"""Staff pages under /workspace/publications/."""

from django.urls import path

from gongkai.publications.views import workspace as views

app_name = "publications_ws"
urlpatterns = [
    path("", views.document_list, name="list"),
    path("new/", views.document_create, name="create"),
    path("<int:pk>/", views.document_detail, name="detail"),
    path("<int:pk>/edit/", views.document_edit, name="edit"),
    path("<int:pk>/action/", views.document_action, name="action"),
    path("<int:pk>/delete/", views.document_delete, name="delete"),
    path("<int:pk>/validity/", views.document_validity, name="validity"),
    path("<int:pk>/evaluate/", views.document_evaluate, name="evaluate"),
    path("<int:pk>/attachments/", views.attachment_upload, name="attachment_upload"),
    path(
        "<int:pk>/attachments/<int:attachment_id>/",
        views.attachment_download,
        name="attachment",
    ),
    path(
        "<int:pk>/attachments/<int:attachment_id>/delete/",
        views.attachment_delete,
        name="attachment_delete",
    ),
    path("consultations/", views.consultation_list, name="consultations"),
    path("consultations/new/", views.consultation_create, name="consultation_create"),
    path("consultations/<int:pk>/", views.consultation_detail, name="consultation"),
    path("consultations/<int:pk>/edit/", views.consultation_edit, name="consultation_edit"),
    path("consultations/<int:pk>/action/", views.consultation_action, name="consultation_action"),
    path(
        "consultations/<int:pk>/comments/<int:comment_id>/",
        views.comment_action,
        name="comment_action",
    ),
    path("decisions/", views.decision_import, name="decisions"),
]
