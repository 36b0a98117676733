"""The package's shape: question kinds are known only to their registry, and no module imports,
directly or through others, a module that imports it back."""

import ast
import re
from pathlib import Path

from pkcourse.quizzes.kinds import KINDS

PACKAGE = Path(__file__).resolve().parents[2] / "pkcourse"
KIND_HOMES = (PACKAGE / "quizzes" / "kinds", PACKAGE / "templates" / "quizzes" / "kinds")


def _outside_kind_homes(pattern: str) -> list[Path]:
    return [
        path
        for path in sorted(PACKAGE.rglob(pattern))
        if not any(path.is_relative_to(home) for home in KIND_HOMES)
    ]


def kind_literals(root: Path, paths: list[Path]) -> list[str]:
    """Where a kind's name is written as a string: a Python constant, or quoted in a template."""
    names = set(KINDS)
    quoted = re.compile("['\"](" + "|".join(map(re.escape, names)) + ")['\"]")
    found = []
    for path in paths:
        text = path.read_text(encoding="utf-8")
        if path.suffix == ".py":
            for node in ast.walk(ast.parse(text)):
                if isinstance(node, ast.Constant) and node.value in names:
                    found.append(f"{path.relative_to(root)}:{node.lineno}: {node.value!r}")
        else:
            for number, line in enumerate(text.splitlines(), start=1):
                found += [f"{path.relative_to(root)}:{number}: {m}" for m in quoted.findall(line)]
    return found


def test_kind_names_appear_only_in_the_registry_and_the_kinds_own_files():
    """Adding a kind means its module, its partial and one line in the registry: code elsewhere
    asks the registry instead of comparing names."""
    paths = _outside_kind_homes("*.py") + _outside_kind_homes("*.html")
    assert kind_literals(PACKAGE, paths) == []


def test_the_scan_sees_a_kind_name_in_code_and_in_a_template(tmp_path):
    (tmp_path / "views.py").write_text('if version.kind == "ordering":\n    pass\n')
    (tmp_path / "page.html").write_text("{% if version.kind == 'gap_fill' %}x{% endif %}\n")
    paths = [tmp_path / "views.py", tmp_path / "page.html"]
    assert kind_literals(tmp_path, paths) == ["views.py:1: 'ordering'", "page.html:1: gap_fill"]


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path, modules: set[str]) -> set[str]:
    """The package modules ``path`` imports at module level, including those under
    ``if TYPE_CHECKING:`` (a cycle of type imports is still two modules that know each other);
    imports inside functions are left out."""
    name = _module_name(path)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = set()
    for node in _import_time_statements(ast.parse(path.read_text(encoding="utf-8")).body):
        if isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")
                anchor = anchor[: len(anchor) - (node.level - 1)]
                base = ".".join([*anchor, *([base] if base else [])])
            for alias in node.names:
                candidate = f"{base}.{alias.name}"
                found.add(candidate if candidate in modules else base)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return {m for m in found if m in modules and m != name}


def _import_time_statements(body: list[ast.stmt]):
    for node in body:
        if isinstance(node, ast.If) and isinstance(node.test, ast.Name):
            yield from _import_time_statements(node.body)
        else:
            yield node


def import_graph() -> dict[str, set[str]]:
    paths = sorted(PACKAGE.rglob("*.py"))
    modules = {_module_name(p) for p in paths}
    return {_module_name(p): _imports(p, modules) for p in paths}


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    path: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        path.append(node)
        for target in sorted(graph.get(node, ())):
            if state.get(target) == 1:
                return [*path[path.index(target) :], target]
            if target not in state and (cycle := visit(target)):
                return cycle
        path.pop()
        state[node] = 2
        return None

    for node in sorted(graph):
        if node not in state and (cycle := visit(node)):
            return cycle
    return None


def test_the_package_has_no_import_cycle():
    graph = import_graph()
    assert "pkcourse.courses.models" in graph["pkcourse.quizzes.services"]  # the scan sees imports
    assert find_cycle(graph) is None, " -> ".join(find_cycle(graph) or [])


def test_the_cycle_finder_finds_a_cycle():
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b"}, "b": set()}) is None


def test_content_and_grading_know_nothing_of_learner_records_or_certificates():
    """The question bank (content) sits below the learner's records, and a quiz submission hands
    certificates plain values instead of calling up into them."""
    graph = import_graph()
    assert not {m for m in graph["pkcourse.courses.models"] if m.startswith("pkcourse.quizzes.m")}
    quiz_side = [
        m for m in graph if m.startswith("pkcourse.quizzes.") and m != "pkcourse.quizzes.views"
    ]
    assert [
        (m, t) for m in quiz_side for t in graph[m] if t.startswith("pkcourse.certificates")
    ] == []
