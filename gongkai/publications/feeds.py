"""RSS 2.0 and Atom feeds of the newest published documents (Django's syndication framework)."""

from __future__ import annotations

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed

from gongkai.publications.selectors import public_documents

FEED_SIZE = 50


class LatestDocumentsFeed(Feed):
    description = "政府信息公开目录最新发布的信息"

    def title(self):
        return f"{settings.GONGKAI['SITE_NAME']} · 政府信息公开目录"

    def link(self):
        return reverse("publications:catalogue")

    def items(self):
        return (
            public_documents().select_related("organ").order_by("-published_on", "-id")[:FEED_SIZE]
        )

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.summary or item.title

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.updated_at

    def item_author_name(self, item):
        return item.publisher_name

    def item_categories(self, item):
        return [item.get_kind_display()]


class LatestDocumentsAtomFeed(LatestDocumentsFeed):
    feed_type = Atom1Feed
    subtitle = LatestDocumentsFeed.description
