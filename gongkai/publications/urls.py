"""Public pages under /gk/ (信息公开目录)."""

from django.urls import path

from gongkai.publications.feeds import LatestDocumentsAtomFeed, LatestDocumentsFeed
from gongkai.publications.views import public

app_name = "publications"
urlpatterns = [
    path("", public.catalogue_list, name="catalogue"),
    path("feed.rss", LatestDocumentsFeed(), name="feed_rss"),
    path("feed.atom", LatestDocumentsAtomFeed(), name="feed_atom"),
    path("consultations/", public.consultation_list, name="consultations"),
    path("consultations/<int:pk>/", public.consultation_detail, name="consultation"),
    path(
        "<int:pk>/attachments/<int:attachment_id>/",
        public.attachment_download,
        name="attachment",
    ),
    path("<path:key>/", public.document_detail, name="detail"),
]
