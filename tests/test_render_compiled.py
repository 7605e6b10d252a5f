"""Templates compiled once (render/compiled.py): rendered as compiled in memory, compiled
again when a template changes, and compiled in memory when the cache cannot be written."""

from __future__ import annotations

import threading
from pathlib import Path

import jinja2
import pytest

from planbot.render import compiled
from planbot.render.compiled import compiled_loader


def environment(templates: Path) -> jinja2.Environment:
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(templates), trim_blocks=True)
    env.filters["shout"] = str.upper
    return env


@pytest.fixture
def templates(tmp_path: Path) -> Path:
    folder = tmp_path / "templates" / "sv" / "text"
    folder.mkdir(parents=True)
    (folder / "hello.j2").write_text("{% if name %}\nHej {{ name | shout }}!\n{% endif %}\n")
    compiled._digest.cache_clear()
    return tmp_path / "templates"


def test_a_compiled_template_renders_as_the_template(templates: Path, tmp_path: Path) -> None:
    env = environment(templates)
    expected = env.get_template("sv/text/hello.j2").render(name="Kalmar")
    env = environment(templates)
    env.loader = compiled_loader(env, "text", tmp_path / "cache")
    assert isinstance(env.loader, jinja2.ModuleLoader)
    assert env.get_template("sv/text/hello.j2").render(name="Kalmar") == expected == "Hej KALMAR!\n"
    with pytest.raises(jinja2.TemplateNotFound):
        env.get_template("en/text/hello.j2")


def test_a_changed_template_is_compiled_again(templates: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    compiled_loader(environment(templates), "text", cache)
    (templates / "sv" / "text" / "hello.j2").write_text("Hallå {{ name }}")
    compiled._digest.cache_clear()  # a new process
    env = environment(templates)
    env.loader = compiled_loader(env, "text", cache)
    assert env.get_template("sv/text/hello.j2").render(name="Kalmar") == "Hallå Kalmar"
    assert len(list(cache.iterdir())) == 2


def test_each_surface_has_its_own_compiled_templates(templates: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    compiled_loader(environment(templates), "text", cache)
    compiled_loader(environment(templates), "slack", cache)
    assert sorted(p.name.split("-")[0] for p in cache.iterdir()) == ["slack", "text"]


def test_without_a_writable_cache_templates_are_compiled_in_memory(templates: Path, tmp_path: Path) -> None:
    blocked = tmp_path / "file"
    blocked.write_text("not a folder")
    for cache in (None, blocked / "cache"):
        env = environment(templates)
        env.loader = compiled_loader(env, "text", cache)
        assert isinstance(env.loader, jinja2.FileSystemLoader)
        assert env.get_template("sv/text/hello.j2").render(name="Kalmar") == "Hej KALMAR!\n"


def test_environments_compiling_at_once_leave_one_folder(templates: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    rendered: list[str] = []

    def first_render() -> None:
        env = environment(templates)
        env.loader = compiled_loader(env, "text", cache)
        rendered.append(env.get_template("sv/text/hello.j2").render(name="Kalmar"))

    threads = [threading.Thread(target=first_render) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert rendered == ["Hej KALMAR!\n"] * 4
    assert [p.name.split("-")[0] for p in cache.iterdir()] == ["text"]


def test_a_broken_template_fails_only_where_it_is_used(templates: Path, tmp_path: Path) -> None:
    (templates / "sv" / "text" / "broken.j2").write_text("{% if %}")
    env = environment(templates)
    env.loader = compiled_loader(env, "text", tmp_path / "cache")
    assert env.get_template("sv/text/hello.j2").render(name="Kalmar") == "Hej KALMAR!\n"
    with pytest.raises(jinja2.TemplateSyntaxError):
        env.get_template("sv/text/broken.j2")
    assert list((tmp_path / "cache").iterdir()) == []  # no draft left behind
