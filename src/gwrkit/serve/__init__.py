"""The web dashboard and JSON API (FastAPI); routes are thin and call gwrkit.api."""
