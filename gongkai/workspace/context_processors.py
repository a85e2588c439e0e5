from __future__ import annotations

from django.urls import reverse

from gongkai.orgs.selectors import user_can
from gongkai.workspace.nav import NAV


def workspace_nav(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or not request.path.startswith("/workspace/"):
        return {}
    items = [
        {
            "label": item.label,
            "url": reverse(item.url_name),
            "current": request.path == reverse(item.url_name),
        }
        for item in NAV
        if item.capability is None or user_can(user, item.capability)
    ]
    return {"workspace_nav": items}
