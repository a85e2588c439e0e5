"""sitemap.xml: every published document and every public consultation (django.contrib.sitemaps;
an index at /sitemap.xml with sections of 5,000 URLs, so a million documents stay servable)."""

from __future__ import annotations

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from gongkai.publications.selectors import public_consultations, public_documents


class CatalogueSitemap(Sitemap):
    changefreq = "daily"
    priority = 0.8

    def items(self):
        return ["publications:catalogue", "publications:consultations"]

    def location(self, item):
        return reverse(item)


class DocumentSitemap(Sitemap):
    limit = 5000
    changefreq = "monthly"

    def items(self):
        return public_documents().only("pk", "index_number", "updated_at").order_by("pk")

    def lastmod(self, item):
        return item.updated_at


class ConsultationSitemap(Sitemap):
    changefreq = "weekly"

    def items(self):
        return public_consultations().select_related(None).only("pk", "updated_at").order_by("pk")

    def lastmod(self, item):
        return item.updated_at


SITEMAPS = {
    "catalogue": CatalogueSitemap,
    "documents": DocumentSitemap,
    "consultations": ConsultationSitemap,
}
