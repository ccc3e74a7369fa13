"""Package discovery; everything else is in pyproject.toml.

Every package under generator/ and addin/ is found automatically, so a new subpackage ships without
editing a list. templates/ is added by name: it is installed as `generator.templates`
(pyproject.toml's package-dir), which automatic discovery cannot find.
"""
from setuptools import find_packages, setup

setup(packages=find_packages(include=["generator", "generator.*", "addin", "addin.*"]) + ["generator.templates"])
