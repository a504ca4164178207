"""Sphinx configuration of the course website (``make site``).

``scripts/build_site.py`` runs Sphinx with this folder as its configuration and a
staging folder as its source, which mirrors the repository (``index.md`` made from
README.md, ``notebooks/`` as committed, ``api.md``),
so every chapter page sits at the path its notebook has in the repository and the
launch buttons open that very notebook. Outputs are the committed, nbval-verified
ones: notebooks are never executed here. Nothing is fetched at build time or by the
built pages: the theme comes from the pinned packages and MathJax from npm.
"""

import re
import sys
from pathlib import Path

# README's Binder link is the one line that names the repository (the tests read it
# too): the launch buttons and the repository button are made from it.
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "scripts"))
from course import repository  # noqa: E402 (the scripts' folder is not a package)

REPOSITORY = repository()
# The course's version, shown in the title of every page: lrlib's, defined once in lrlib/__init__.py.
_INIT = Path(__file__).resolve().parents[1] / "lrlib" / "__init__.py"
version = release = re.search(r'^__version__ = "([^"]+)"', _INIT.read_text(), re.M)[1]

project = "Logistic regression, hands on"
author = "the lrlib course authors"
copyright = "2026, the lrlib course authors"  # noqa: A001 (Sphinx's name)

extensions = [
    "myst_nb",
    "sphinx.ext.autodoc",
    "sphinx.ext.napoleon",
    "sphinx.ext.mathjax",
]
root_doc = "index"
exclude_patterns = ["**.ipynb_checkpoints"]

# Notebooks: show the committed outputs, never run them.
nb_execution_mode = "off"
nb_merge_streams = True
myst_enable_extensions = ["dollarmath", "amsmath"]
myst_heading_anchors = 3

# The API reference from lrlib's numpy-style docstrings.
autodoc_default_options = {
    "members": True,
    "show-inheritance": True,
    # scikit-learn's metadata-routing setters, generated on every estimator: not lrlib's API
    "exclude-members": "set_fit_request, set_score_request, set_predict_request, set_predict_proba_request",
}
autodoc_member_order = "bysource"
autodoc_typehints = "description"
napoleon_numpy_docstring = True
napoleon_google_docstring = False

# MathJax is served from the site itself (copied from npm's mathjax package by the build).
mathjax_path = "mathjax/tex-chtml.js"

html_theme = "sphinx_book_theme"
html_title = f"{project} · v{version}"
html_static_path = ["_static"]
html_css_files = ["course.css"]
# One search box per page: the top bar's search button (the theme also puts a search field
# in the sidebar, which is left out here).
html_sidebars = {"**": ["navbar-logo.html", "icon-links.html", "sbt-sidebar-nav.html"]}
html_last_updated_fmt = None
html_theme_options = {
    "repository_url": f"https://github.com/{REPOSITORY}",
    "repository_branch": "main",
    "path_to_docs": "",
    "use_repository_button": True,
    "use_download_button": True,
    "launch_buttons": {
        "binderhub_url": "https://mybinder.org",
        "colab_url": "https://colab.research.google.com",
        "notebook_interface": "jupyterlab",
    },
    "show_navbar_depth": 2,
    "show_toc_level": 2,
    "home_page_in_toc": True,
}
# Light or dark as the reader's system says (without it the theme logs a console error).
html_context = {"default_mode": "auto"}
