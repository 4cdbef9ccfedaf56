"""Shared value objects and services used by every engine."""
