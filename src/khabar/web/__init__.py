"""The local web UI and JSON API over a khabar store (`khabar serve`): see app.py."""
