"""``presswatch serve``: the dashboard (server-rendered pages) and the REST API over one store.

Layout: :mod:`app` builds the ASGI application from the pieces; :mod:`deps` gives each request its store and the
server's settings; :mod:`api` is the JSON API under ``/api`` (its OpenAPI document at ``/openapi.json``);
:mod:`pages` renders the HTML pages from ``templates/`` with assets from ``static/`` (all vendored: the dashboard
works offline); :mod:`security` holds the Content-Security-Policy, the write token and the body limit.
"""
