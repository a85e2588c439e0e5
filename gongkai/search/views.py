from django.http import HttpResponse


def search_page(request):
    return HttpResponse("")


ask_page = faq_page = search_page
