"""Hardcoded AI-provider keys: rules, engine, false-positive filters."""
