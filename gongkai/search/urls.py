from django.urls import path

from gongkai.search import views

app_name = "search"
urlpatterns = [
    path("search/", views.search_page, name="search"),
    path("ask/", views.ask_page, name="ask"),
    path("ask/faq/", views.faq_list_page, name="faq_list"),
    path("ask/faq/<int:pk>/", views.faq_page, name="faq"),
]
