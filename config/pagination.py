"""The API's one page shape: ``count``, ``next``, ``previous``, ``results``."""

from rest_framework.pagination import PageNumberPagination


class PagePagination(PageNumberPagination):
    page_size = 24
    page_size_query_param = "page_size"
    max_page_size = 60
    # DRF's own words are "Invalid page."; say which page and what to ask for instead.
    invalid_page_message = "There is no page {page_number} of these results: pages are numbered from 1 to the last."
