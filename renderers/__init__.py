"""Pluggable generation backends: text (LLM), image and safety.

This package knows nothing about comics: it turns requests into results.
"""
