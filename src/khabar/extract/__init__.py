"""Extraction stages: Doc in, typed records out (set on `Doc._`)."""
