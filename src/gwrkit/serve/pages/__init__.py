"""The pages of the dashboard, one module each; each route serves a page and its JSON
twin under ``/api/`` from one view."""
