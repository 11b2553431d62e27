"""Every public function, class and method of the package has a docstring (read with
griffe, as the site's API reference reads them). A method that overrides a documented
method of a base class inherits its docstring, as the API reference shows it."""

from pathlib import Path

import griffe

SRC = Path(__file__).resolve().parents[1] / "src"


def _public(name: str) -> bool:
    return not name.startswith("_")


def _documented(obj) -> bool:
    return bool(obj.docstring and obj.docstring.value.strip())


def _inherits_a_docstring(cls, name: str) -> bool:
    try:
        bases = cls.mro()
    except (ValueError, griffe.AliasResolutionError):
        return False
    return any(name in base.members and _documented(base.members[name]) for base in bases)


def _undocumented(module) -> list[str]:
    missing = []
    for name, member in module.members.items():
        if member.is_alias or not _public(name):
            continue
        if member.is_module:
            missing += _undocumented(member)
        elif member.is_function or member.is_class:
            if not _documented(member):
                missing.append(member.path)
            if member.is_class:
                for method_name, method in member.members.items():
                    if method.is_alias or not _public(method_name) or not method.is_function:
                        continue
                    if not _documented(method) and not _inherits_a_docstring(member, method_name):
                        missing.append(method.path)
    return missing


def test_every_public_function_and_class_has_a_docstring():
    package = griffe.load("tradewar", search_paths=[str(SRC)], allow_inspection=False)
    missing = _undocumented(package)
    assert not missing, "no docstring:\n" + "\n".join(sorted(missing))
