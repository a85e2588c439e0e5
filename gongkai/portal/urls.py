from django.urls import path

from gongkai.portal import views

app_name = "portal"
urlpatterns = [
    path("", views.home, name="home"),
    path("guide/", views.guide, name="guide"),
    path("guide/<str:organ_code>/", views.guide, name="guide_organ"),
    path("contact/", views.contact, name="contact"),
    path("accessibility/", views.accessibility, name="accessibility"),
    path("reading/", views.reading_preferences, name="reading"),
    path("apply/", views.apply, name="apply"),
    path("apply/done/", views.apply_done, name="apply_done"),
    path("track/", views.track, name="track"),
    path("track/status/", views.track_status, name="track_status"),
    path("track/end/", views.track_end, name="track_end"),
    path("track/letters/<int:letter_id>.pdf", views.track_letter, name="track_letter"),
    path("track/files/<int:attachment_id>/", views.track_file, name="track_file"),
]
