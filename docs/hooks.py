"""MkDocs hooks of the documentation site (``hooks:`` in ``mkdocs.yml``).

- MathJax 2, shipped by the ``jupyter-server-mathjax`` package (a ``docs`` dependency), is
  added to the site under ``mathjax/``: the maths renders with no CDN at build or read time.
- CHANGELOG.md (shown as the site's changelog) must name the package's version.
"""

from __future__ import annotations

from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files


def _mathjax_root() -> Path:
    """The MathJax tree inside the installed ``jupyter_server_mathjax`` package."""
    try:
        import jupyter_server_mathjax
    except ImportError:
        raise PluginError(
            "MathJax is missing: install the docs dependencies (pip install -e '.[docs]')"
        ) from None
    root = Path(jupyter_server_mathjax.__file__).parent / "static"
    if not (root / "MathJax.js").is_file():
        raise PluginError(f"MathJax.js not found under {root}")
    return root


def on_files(files: Files, config) -> Files:
    """Add every MathJax file to the site, under ``mathjax/``."""
    root = _mathjax_root()
    for path in sorted(root.rglob("*")):
        if path.is_file():
            uri = "mathjax/" + path.relative_to(root).as_posix()
            files.append(File.generated(config, uri, abs_src_path=str(path)))
    return files


def on_pre_build(config) -> None:
    """Refuse a changelog without an entry for the installed version."""
    from tradewar import __version__

    changelog = Path(config.config_file_path).parent / "CHANGELOG.md"
    if f"## {__version__}" not in changelog.read_text():
        raise PluginError(f"CHANGELOG.md has no '## {__version__}' entry")
