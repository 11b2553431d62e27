"""A griffe extension for the API reference: the package's docstrings use reST roles
(:class:`~tradewar.core.policy.Policy`, ``code``) inside Google-style sections; this turns
them into Markdown code spans (`Policy`, `code`) before mkdocstrings renders them, with
the conversion the site's generated pages use (`tradewar.reports.site`)."""

from __future__ import annotations

import griffe

from tradewar.reports.site import rest_markup_as_markdown


class ReSTRoles(griffe.Extension):
    """Rewrite every docstring's reST roles and double backquotes as Markdown."""

    def on_object(self, *, obj: griffe.Object, **kwargs) -> None:
        if obj.docstring is not None:
            obj.docstring.value = rest_markup_as_markdown(obj.docstring.value)
