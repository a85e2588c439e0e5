from django.urls import path

from gongkai.search import staff_views

app_name = "search_staff"
urlpatterns = [
    path("faq/", staff_views.faq_list, name="faq_list"),
    path("faq/new/", staff_views.faq_edit, name="faq_create"),
    path("faq/<int:pk>/", staff_views.faq_edit, name="faq_edit"),
    path("faq/<int:pk>/delete/", staff_views.faq_delete, name="faq_delete"),
    path("vocabulary/", staff_views.vocabulary, name="vocabulary"),
    path("analytics/", staff_views.analytics, name="analytics"),
]
