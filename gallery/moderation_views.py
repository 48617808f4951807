"""Placeholder until written."""

from django.http import Http404


def queue(request, **kwargs):
    raise Http404


def audit(request, **kwargs):
    raise Http404


def comic_action(request, **kwargs):
    raise Http404


def report_action(request, **kwargs):
    raise Http404


def user_action(request, **kwargs):
    raise Http404
