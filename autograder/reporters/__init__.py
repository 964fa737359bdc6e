"""Reporters: each turns result dataclasses into one format; nothing else knows a format."""
