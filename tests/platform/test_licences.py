"""Shoal is MIT-licensed: every package it needs at run time must have a licence it can ship with.

The check walks the installed ``shoal`` distribution's requirements (not its optional extras
such as ``test`` or ``s3``), and each requirement's own requirements, recursively. Extras that
a requirement names itself are followed, since they are installed at run time too
(``psycopg[binary]`` brings ``psycopg-binary``). For each package it reads the licence from
the installed metadata: ``License-Expression``, ``License`` and ``License ::`` classifiers.

A package is **copyleft** when any of those names a GPL-family licence (GPL, LGPL, AGPL) or
EUPL, SSPL, OSL, or a weak copyleft (MPL, EPL, CDDL), or says "copyleft". The check is
deliberately strict: a dual licence such as ``MIT OR GPL-2.0`` is flagged too. A flagged
package is accepted only when it is on ``ALLOW_LIST`` with the reason it is fine for Shoal
(for instance, which of its licences Shoal uses it under). A package with no licence
metadata at all is flagged too, since it cannot be checked.

The check reads the *installed* metadata. After changing ``pyproject.toml``'s dependencies,
reinstall (``pip install -c constraints.txt -e '.[test]'``) so that it sees the change.
"""

import importlib.metadata
import re
from email.message import Message

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = "shoal"

# Package (canonical name) → why its copyleft licence is acceptable for an MIT project.
# Checked against the installed metadata of the pinned versions in constraints.txt.
ALLOW_LIST = {
    # License-Expression: LGPL-3.0-only. The PostgreSQL driver Django's backend imports.
    # The LGPL lets MIT code use a library by importing it (dynamic linking) without
    # relicensing: Shoal neither copies nor modifies psycopg, which is installed from PyPI
    # as its own package and can be replaced by any compatible version.
    "psycopg": "LGPL-3.0-only; used unmodified by import only (dynamic linking)",
    # License-Expression: LGPL-3.0-only. psycopg's compiled C implementation, installed by
    # the psycopg[binary] extra; loaded by psycopg at import time, unmodified and
    # replaceable (pip install psycopg-c, or plain psycopg with the system libpq). Its
    # wheel bundles shared libraries it links dynamically: libpq (PostgreSQL licence),
    # OpenSSL (Apache-2.0), MIT Kerberos, Cyrus SASL, OpenLDAP (permissive), and libcrypt
    # and libkeyutils (LGPL-2.1+), again used unmodified.
    "psycopg-binary": "LGPL-3.0-only; psycopg's compiled module, used unmodified by import",
    # License: MPL-2.0. Mozilla's CA certificate bundle, which requests (required by
    # wagtail) uses to verify TLS certificates. MPL-2.0 is a weak, file-level
    # copyleft: it only asks that changes to certifi's own files stay MPL, and it
    # explicitly allows combining with code under other licences such as MIT. Shoal does
    # not modify it.
    "certifi": "MPL-2.0 (weak file-level copyleft, MIT-compatible); used unmodified",
    # Classifier: MPL 2.0. Yubico's FIDO2/WebAuthn library, which django-allauth's MFA uses
    # for passkeys and security keys. As with certifi: a weak, file-level copyleft that
    # allows combining with MIT code; Shoal imports it unmodified from PyPI.
    "fido2": "MPL-2.0 (weak file-level copyleft, MIT-compatible); used unmodified",
    # Classifiers: GPLv2+, LGPLv2+ and MPL 1.1. Pyphen's code is tri-licensed (its LICENSE:
    # "GPL 2.0+/LGPL 2.1+/MPL 1.1 tri-license"): Shoal, through WeasyPrint, uses it under
    # the LGPL/MPL terms, unmodified, by import. It also ships LibreOffice hyphenation
    # dictionaries under GPL, LGPL and/or MPL (a few, e.g. Galician and Romanian, GPL
    # only); they are data files read by pyphen when a PDF asks for CSS hyphenation, are
    # not part of Shoal's code, and are distributed only inside pyphen's own package.
    "pyphen": "tri-licensed GPL-2.0+/LGPL-2.1+/MPL-1.1; used under LGPL/MPL, by import",
}

COPYLEFT = re.compile(
    r"""
      \b[AL]?GPL                              # GPL, LGPL, AGPL, GPLv2+, GPL-2.0-or-later
    | General\s+Public\s+Licen[cs]e            # GNU (Lesser/Affero) General Public License
    | \bEUPL\b | European\s+Union\s+Public
    | \bSSPL\b | Server\s+Side\s+Public
    | \bOSL\b | Open\s+Software\s+Licen[cs]e
    | \bMPL\b | Mozilla\s+Public               # weak copyleft
    | \bEPL\b | Eclipse\s+Public
    | \bCDDL\b | Common\s+Development\s+and\s+Distribution
    | copyleft
    """,
    re.IGNORECASE | re.VERBOSE,
)


def licence_strings(metadata):
    """Every licence statement in ``metadata`` (an email.message.Message, as
    ``importlib.metadata`` gives), as (field, value) pairs."""
    found = []
    for name in ("License-Expression", "License"):
        value = (metadata.get(name) or "").strip()
        if value and value.upper() != "UNKNOWN":
            found.append((name, value))
    for classifier in metadata.get_all("Classifier") or []:
        if classifier.startswith("License ::"):
            found.append(("Classifier", classifier))
    return found


def copyleft_licences(metadata):
    """The licence statements in ``metadata`` that name a copyleft licence; empty if none."""
    return [(name, value) for name, value in licence_strings(metadata) if COPYLEFT.search(value)]


def runtime_distributions(root=ROOT):
    """``{canonical name: Distribution}`` for every runtime dependency of ``root``, and the
    names of those that should be installed but are not."""
    found, missing = {}, set()
    pending = [(root, frozenset())]  # (name, extras asked for): the root's extras are not
    while pending:
        name, extras = pending.pop()
        key = canonicalize_name(name)
        if key in found and extras <= found[key][1]:
            continue
        try:
            dist = importlib.metadata.distribution(name)
        except importlib.metadata.PackageNotFoundError:
            missing.add(key)
            continue
        extras = extras | found.get(key, (None, frozenset()))[1]
        found[key] = (dist, extras)
        for line in dist.requires or []:
            requirement = Requirement(line)
            marker = requirement.marker
            # "" stands for no extra: a requirement only needed for an extra that was not
            # asked for (``extra == "test"``) is skipped.
            if marker and not any(marker.evaluate({"extra": e}) for e in ("", *extras)):
                continue
            pending.append((requirement.name, frozenset(requirement.extras)))
    del found[canonicalize_name(root)]
    return {key: dist for key, (dist, _) in found.items()}, missing


def short(value, limit=80):
    first_line = value.strip().splitlines()[0]
    return first_line if len(first_line) <= limit else first_line[: limit - 1] + "…"


def test_every_runtime_dependency_has_a_licence_shoal_can_ship_with():
    dists, missing = runtime_distributions()
    assert dists, f"no runtime dependencies found for {ROOT!r}: is it installed?"
    problems = []
    for key, dist in sorted(dists.items()):
        if key in ALLOW_LIST:
            continue
        if not licence_strings(dist.metadata):
            problems.append(f"  {key} {dist.version}: no licence in its metadata")
            continue
        for field_name, value in copyleft_licences(dist.metadata):
            problems.append(f"  {key} {dist.version}: {field_name}: {short(value)}")
    problems += [f"  {key}: required but not installed" for key in sorted(missing)]
    assert not problems, (
        "These runtime dependencies of Shoal (MIT) are copyleft or unchecked:\n"
        + "\n".join(problems)
        + "\nReplace them, or, if their licence is acceptable, add them to ALLOW_LIST in "
        "tests/test_licences.py with the reason. (If a package is no longer in "
        "pyproject.toml, the installed metadata is stale: pip install -c constraints.txt "
        "-e '.[test]'.)"
    )


def test_the_allow_list_only_names_copyleft_runtime_dependencies():
    """An entry for a package Shoal no longer needs, or that is no longer copyleft, would
    let a future dependency of that name through unexamined."""
    dists, _ = runtime_distributions()
    stale = {
        key: "not a runtime dependency" if key not in dists else "not copyleft"
        for key in ALLOW_LIST
        if key not in dists or not copyleft_licences(dists[key].metadata)
    }
    assert not stale, f"remove these from ALLOW_LIST: {stale}"


def fake_metadata(**fields):
    metadata = Message()
    for name, values in fields.items():
        for value in values if isinstance(values, list) else [values]:
            metadata[name.replace("_", "-")] = value
    return metadata


def test_the_check_flags_gpl():
    metadata = fake_metadata(License_Expression="GPL-2.0-or-later")
    assert copyleft_licences(metadata) == [("License-Expression", "GPL-2.0-or-later")]


def test_the_check_flags_copyleft_however_it_is_stated():
    for metadata in [
        fake_metadata(License_Expression="AGPL-3.0-only"),
        fake_metadata(License_Expression="LGPL-3.0-or-later"),
        fake_metadata(License_Expression="MIT OR GPL-3.0-only"),
        fake_metadata(License_Expression="MPL-2.0"),
        fake_metadata(License_Expression="EUPL-1.2"),
        fake_metadata(License_Expression="SSPL-1.0"),
        fake_metadata(License="GNU GPLv3"),
        fake_metadata(License="copyleft"),
        fake_metadata(
            Classifier=[
                "Programming Language :: Python",
                "License :: OSI Approved :: GNU Lesser General Public License v3 (LGPLv3)",
            ]
        ),
        fake_metadata(Classifier="License :: OSI Approved :: GNU Affero General Public License v3"),
    ]:
        assert copyleft_licences(metadata), dict(metadata.items())


def test_the_check_passes_permissive_licences():
    for metadata in [
        fake_metadata(License_Expression="MIT"),
        fake_metadata(License_Expression="Apache-2.0 OR BSD-2-Clause"),
        fake_metadata(License="BSD-3-Clause", Classifier="License :: OSI Approved :: BSD License"),
        fake_metadata(License="Dual License"),
        fake_metadata(Classifier="License :: OSI Approved :: Python Software Foundation License"),
    ]:
        assert licence_strings(metadata)
        assert copyleft_licences(metadata) == [], dict(metadata.items())


def test_a_package_without_licence_metadata_is_noticed():
    assert licence_strings(fake_metadata(Name="mystery")) == []
    assert licence_strings(fake_metadata(License="UNKNOWN")) == []
