"""A griffe extension for the API reference: the package's docstrings use reST roles
(:class:`~tradewar.core.policy.Policy`, ``code``) inside Google-style sections; this turns
them into Markdown code spans (`Policy`, `code`) before mkdocstrings renders them."""

from __future__ import annotations

import re

import griffe

ROLE = re.compile(r":(?:py:)?(?:mod|class|func|meth|attr|data|obj|exc|const):`~?([^`]+)`")


def markdown(text: str) -> str:
    """``x`` -> `x`; :role:`~a.b.c` -> `c`, :role:`a.b.c` -> `a.b.c`."""

    def name(match: re.Match) -> str:
        target = match.group(1)
        short = match.group(0).split("`")[1].startswith("~")
        return f"`{target.rsplit('.', 1)[-1] if short else target}`"

    return ROLE.sub(name, text).replace("``", "`")


class ReSTRoles(griffe.Extension):
    """Rewrite every docstring's reST roles and double backquotes as Markdown."""

    def on_object(self, *, obj: griffe.Object, **kwargs) -> None:
        if obj.docstring is not None:
            obj.docstring.value = markdown(obj.docstring.value)
