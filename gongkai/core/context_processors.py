from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

DEFAULT_SITE_NAME = gettext_noop("公开 · 政府信息公开平台")


def site(request):
    name = settings.GONGKAI["SITE_NAME"]
    return {"SITE_NAME": _(name) if name == DEFAULT_SITE_NAME else name}
