"""/sitemap.xml (an index) and its sections."""

from django.contrib.sitemaps import views as sitemap_views
from django.urls import path

from gongkai.publications.sitemaps import SITEMAPS

urlpatterns = [
    path("sitemap.xml", sitemap_views.index, {"sitemaps": SITEMAPS}, name="sitemap-index"),
    path(
        "sitemap-<section>.xml",
        sitemap_views.sitemap,
        {"sitemaps": SITEMAPS},
        name="django.contrib.sitemaps.views.sitemap",
    ),
]
