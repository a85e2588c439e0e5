from gongkai.api.api import api

urlpatterns = api.urls[0]
