"""Placeholder until written."""

from django.http import Http404


def report(request, **kwargs):
    raise Http404


def reports(request, **kwargs):
    raise Http404


def resolve_report(request, **kwargs):
    raise Http404


def dismiss_report(request, **kwargs):
    raise Http404


def hide_comic(request, **kwargs):
    raise Http404


def unhide_comic(request, **kwargs):
    raise Http404


def feature_comic(request, **kwargs):
    raise Http404


def unfeature_comic(request, **kwargs):
    raise Http404


def ban_user(request, **kwargs):
    raise Http404


def unban_user(request, **kwargs):
    raise Http404


def audit(request, **kwargs):
    raise Http404
