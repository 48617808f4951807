"""Placeholder until written."""

from django.http import Http404


def gallery(request, **kwargs):
    raise Http404


def like(request, **kwargs):
    raise Http404


def unlike(request, **kwargs):
    raise Http404
