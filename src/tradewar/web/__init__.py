"""The local web app (``tradewar serve``): a FastAPI server with three views and an HTTP
API over the same models and scenario files as the CLI.

* :mod:`~tradewar.web.schemas` — requests and answers (pydantic; the OpenAPI schema);
* :mod:`~tradewar.web.service` — what the app computes (no HTTP);
* :mod:`~tradewar.web.jobs` — scenario runs as polled jobs on a worker thread;
* :mod:`~tradewar.web.app` — routes, limits, errors as JSON;
* ``static/`` — the page, a plain JavaScript module and its styles (Plotly charts from
  the ``plotly`` package: no CDN and no build step).
"""
