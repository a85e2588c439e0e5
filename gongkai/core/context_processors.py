from django.conf import settings


def site(request):
    return {"SITE_NAME": settings.GONGKAI["SITE_NAME"]}
