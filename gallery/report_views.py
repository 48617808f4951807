"""Placeholder until written."""

from django.http import Http404


def report(request, **kwargs):
    raise Http404
