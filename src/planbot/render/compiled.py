"""The templates compiled to Python modules once, not parsed and compiled again at every start.

jinja2 compiles each template to Python source before it renders it: for `planbot ask`
that took longer than the answer itself. `Environment.compile_templates` writes every
template of an environment as a module, `ModuleLoader` loads them from there.

A compiled folder is named after everything its code depends on: jinja2's version, the
surface (Slack's environment escapes every value it prints), the module that sets the
environments' options and filters, and the templates. A change to any of them compiles
them again, into a folder of their own. Where the cache cannot be written, the templates
are compiled in memory as they are loaded, as without it.
"""

from __future__ import annotations

import hashlib
import shutil
import tempfile
from functools import lru_cache
from pathlib import Path

import jinja2


def compiled_loader(env: jinja2.Environment, surface: str, cache: Path | None) -> jinja2.BaseLoader:
    """A loader of `env`'s templates compiled under `cache`, compiled now when they are not
    there yet; `env`'s own FileSystemLoader when there is no cache, it cannot be written or a
    template does not compile."""
    loader = env.loader
    if not isinstance(loader, jinja2.FileSystemLoader):
        raise TypeError("only the templates of a FileSystemLoader are compiled")
    if cache is None:
        return loader
    folder = cache / f"{surface}-{_digest(surface, tuple(loader.searchpath))}"
    if not folder.is_dir():
        try:
            _compile(env, folder)
        except (OSError, jinja2.TemplateSyntaxError):
            return loader  # (a broken template fails where it is used, as without the cache)
    return jinja2.ModuleLoader(folder)


def _compile(env: jinja2.Environment, folder: Path) -> None:
    """Every template of `env` into `folder`, written beside it and renamed into place."""
    folder.parent.mkdir(parents=True, exist_ok=True)
    # A draft of its own: another thread or process may be compiling the same templates.
    draft = Path(tempfile.mkdtemp(prefix=f"{folder.name}.", suffix=".tmp", dir=folder.parent))
    try:
        env.compile_templates(draft, extensions=["j2"], zip=None, ignore_errors=False)
        # Their bytecode too: a process that writes none (PYTHONDONTWRITEBYTECODE) would
        # compile the modules again at every start. (Imported here: 4 ms of every start.)
        import compileall

        compileall.compile_dir(draft, quiet=1)
        draft.rename(folder)
    except OSError:
        if not folder.is_dir():  # else another thread or process compiled them first
            raise
    finally:
        shutil.rmtree(draft, ignore_errors=True)  # gone when renamed


@lru_cache(maxsize=8)
def _digest(surface: str, searchpath: tuple[str, ...]) -> str:
    digest = hashlib.sha1(f"{jinja2.__version__}\0{surface}\0".encode())
    digest.update(Path(__file__).with_name("environment.py").read_bytes())
    for root in searchpath:
        for path in sorted(Path(root).rglob("*.j2")):
            digest.update(f"\0{path.relative_to(root)}\0".encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]
