"""Writes on referentials: loading ROME, NAF, hiring weights and education levels, and the whole import run."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from pathlib import Path

from django.db import transaction
from django.utils.translation import gettext as _

from tandem.core.codes import naf_normalise
from tandem.core.sources import ImportReport, SourceRecord, read_csv, read_json_list
from tandem.referentials.fallback_rome import BROAD_DOMAINS, FALLBACK_ROME_CODES
from tandem.referentials.models import (
    EducationLevel,
    NafCode,
    ReferentialImport,
    RomeAppellation,
    RomeCode,
    RomeNafHiring,
)
from tandem.territories.models import Commune, CommunePostcode, Departement, Epci, Region
from tandem.territories.services import territories_import

ROME_VERSION = "v3"
ROMES_JSON_FILE = Path("itou/romes.json")
ROME_LABELS_FILE = Path("itou/rome_2024.csv")
APPELLATIONS_FILE = Path("itou/appellations_2024.csv")
NAF_LABELS_FILE = Path("rome/lbb_naf_labels.csv")
ROME_NAF_FILE = Path("rome/lbb_rome_naf_mapping.csv")
TENSION_FILE = Path("rome/lbb_metiers_tension.csv")
EDUCATION_LEVELS_FILE = Path("itou/asp_ref_niveau_formation_v3.csv")

# `tension_pct` is the share of hiring projects that employers judge difficult (France Travail BMO survey),
# per FAP job family; a ROME can belong to several families. A ROME is "in tension" when, in at least one
# of its families, at least half of the hiring projects are judged difficult.
TENSION_THRESHOLD_PCT = 50.0

IMPORT_STEPS: tuple[str, ...] = (
    "territoires",
    "codes ROME",
    "appellations",
    "codes NAF",
    "embauches ROME × NAF",
    "métiers en tension",
    "niveaux de formation",
)

_ROME_CODE = re.compile(r"[A-Z]\d{4}")
_OGR_CODE = re.compile(r"\d{1,10}")
_NAF_CODE = re.compile(r"\d{2}\.?\d{2}[A-Z]")
_DOMAIN_CODE = re.compile(r"[A-Z]\d{2}")
_BROAD_DOMAIN_CODE = re.compile(r"[A-Z]")
_EDUCATION_LEVEL_CODE = re.compile(r"\d{1,10}")


# The code that reads the files: a change to it calls for a new run even when the files are the same.
_IMPORTER_MODULES = ("referentials/services.py", "territories/services.py", "core/sources.py")


def referentials_fingerprint(*, package_dir: Path, source_dir: Path | None) -> str:
    """What an import would read, summed up: each file's name, size and date, and the importers' code."""
    digest = hashlib.sha256()
    tandem_dir = Path(__file__).resolve().parent.parent
    for module in _IMPORTER_MODULES:
        digest.update(module.encode() + b"\0" + (tandem_dir / module).read_bytes())
    for root in (package_dir, source_dir):
        if root is None or not root.is_dir():
            digest.update(b"-")
            continue
        for path in sorted(item for item in root.rglob("*") if item.is_file()):
            stat = path.stat()
            digest.update(f"{path.relative_to(root)}\0{stat.st_size}\0{stat.st_mtime_ns}\n".encode())
    return digest.hexdigest()


def referentials_up_to_date(*, fingerprint: str) -> ReferentialImport | None:
    """The last run, if it read exactly this and the tables still hold what it loaded; else None."""
    last = ReferentialImport.objects.order_by("-started_at", "-pk").first()
    if last is None or not fingerprint or last.fingerprint != fingerprint:
        return None
    return last if referential_counts() == last.counts else None


@transaction.atomic
def referentials_import(
    *,
    package_dir: Path,
    source_dir: Path | None,
    on_step: Callable[[str], None] | None = None,
) -> ReferentialImport:
    """Load every referential in one transaction: a bad file leaves the database as it was.

    Territories come from the npm package (always installed); the other files are read from `source_dir`
    and skipped with a warning when absent. `on_step` is called with each label of IMPORT_STEPS as it starts.
    """
    report = ImportReport()
    fingerprint = referentials_fingerprint(package_dir=package_dir, source_dir=source_dir)
    requested_source = str(source_dir or "")
    if source_dir is not None and not source_dir.is_dir():
        report.warn(_("dossier des référentiels introuvable : %(path)s") % {"path": source_dir})
        source_dir = None
    elif source_dir is None:
        report.warn(_("aucun dossier de référentiels : seuls les territoires du paquet npm sont chargés"))
    steps: list[Callable[[], None]] = [
        lambda: territories_import(package_dir=package_dir, source_dir=source_dir, report=report),
        lambda: rome_codes_import(source_dir=source_dir, report=report),
        lambda: rome_appellations_import(source_dir=source_dir, report=report),
        lambda: naf_codes_import(source_dir=source_dir, report=report),
        lambda: rome_naf_hirings_import(source_dir=source_dir, report=report),
        lambda: rome_tensions_import(source_dir=source_dir, report=report),
        lambda: education_levels_import(source_dir=source_dir, report=report),
    ]
    for label, step in zip(IMPORT_STEPS, steps, strict=True):
        if on_step is not None:
            on_step(label)
        step()
    return ReferentialImport.objects.create(
        source=requested_source,
        counts=referential_counts(),
        versions=report.versions,
        warnings=report.warnings,
        fingerprint=fingerprint,
    )


def referential_counts() -> dict[str, int]:
    models = [
        Region,
        Departement,
        Epci,
        Commune,
        CommunePostcode,
        RomeCode,
        RomeAppellation,
        NafCode,
        RomeNafHiring,
        EducationLevel,
    ]
    return {model._meta.label: model._default_manager.count() for model in models}


def _source_file(source_dir: Path | None, relative: Path, *, report: ImportReport) -> Path | None:
    """The file's path when present; otherwise None, and a warning when a source directory was given."""
    if source_dir is None:
        return None
    path = source_dir / relative
    if path.is_file():
        return path
    report.warn_missing(path)
    return None


@transaction.atomic
def rome_codes_import(*, source_dir: Path | None, report: ImportReport) -> None:
    """Upsert ROME codes: domains from `romes.json`, labels from `rome_2024.csv` (more recent) when present.

    Without either file, an empty table receives the built-in subset of `fallback_rome`.
    """
    structure_path = _source_file(source_dir, ROMES_JSON_FILE, report=report)
    labels_path = _source_file(source_dir, ROME_LABELS_FILE, report=report)
    romes: dict[str, RomeCode] = {}
    if structure_path is not None:
        for record in read_json_list(structure_path):
            rome = _rome_from_json(record)
            romes[rome.code] = rome
    if labels_path is not None:
        for record in read_csv(labels_path, columns=["code", "name"]):
            code = record.text("code", pattern=_ROME_CODE)
            if code in romes:
                romes[code].label = record.text("name")
            else:
                romes[code] = RomeCode(code=code, version=ROME_VERSION, label=record.text("name"))
    if not romes:
        if RomeCode.objects.exists():
            report.warn(_("aucun fichier ROME : les codes ROME déjà en base sont conservés"))
        else:
            report.warn(
                _("aucun fichier ROME : chargement du sous-ensemble intégré (%(count)s codes)")
                % {"count": len(FALLBACK_ROME_CODES)}
            )
            _rome_fallback_load()
            report.versions["rome"] = f"{ROME_VERSION} (sous-ensemble intégré)"
        return

    update_fields = ["version", "label"]
    if structure_path is not None:
        update_fields += ["domain_code", "domain_label", "broad_domain_code", "broad_domain_label"]
    RomeCode.objects.bulk_create(
        list(romes.values()), update_conflicts=True, unique_fields=["code"], update_fields=update_fields
    )
    used = [str(name) for name, path in ((ROMES_JSON_FILE, structure_path), (ROME_LABELS_FILE, labels_path)) if path]
    report.versions["rome"] = f"{ROME_VERSION} ({' + '.join(used)})"


def _rome_from_json(record: SourceRecord) -> RomeCode:
    domain = record.child("domaineProfessionnel")
    broad_domain = domain.child("grandDomaine")
    return RomeCode(
        code=record.text("code", pattern=_ROME_CODE),
        version=ROME_VERSION,
        label=record.text("libelle"),
        domain_code=domain.text("code", pattern=_DOMAIN_CODE),
        domain_label=domain.text("libelle"),
        broad_domain_code=broad_domain.text("code", pattern=_BROAD_DOMAIN_CODE),
        broad_domain_label=broad_domain.text("libelle"),
    )


def _rome_fallback_load() -> None:
    RomeCode.objects.bulk_create(
        [
            RomeCode(
                code=rome.code,
                version=ROME_VERSION,
                label=rome.label,
                domain_code=rome.domain_code,
                domain_label=rome.domain_label,
                broad_domain_code=rome.code[0],
                broad_domain_label=BROAD_DOMAINS[rome.code[0]],
                in_tension=rome.in_tension,
            )
            for rome in FALLBACK_ROME_CODES
        ]
    )


@transaction.atomic
def rome_appellations_import(*, source_dir: Path | None, report: ImportReport) -> None:
    """Upsert ROME appellations; rows of a ROME code absent from the database are skipped with a warning."""
    path = _source_file(source_dir, APPELLATIONS_FILE, report=report)
    if path is None:
        return
    known_romes = set(RomeCode.objects.values_list("code", flat=True))
    appellations = []
    unknown_romes: set[str] = set()
    for record in read_csv(path, columns=["code_ogr", "name", "rome_code"]):
        code = record.text("code_ogr", pattern=_OGR_CODE)
        label = record.text("name")
        rome_code = record.text("rome_code", pattern=_ROME_CODE)
        if rome_code not in known_romes:
            unknown_romes.add(rome_code)
            continue
        appellations.append(RomeAppellation(code_ogr=code, label=label, rome_id=rome_code))
    _warn_unknown_romes(report, path, unknown_romes)
    RomeAppellation.objects.bulk_create(
        appellations, update_conflicts=True, unique_fields=["code_ogr"], update_fields=["label", "rome"]
    )


def _warn_unknown_romes(report: ImportReport, path: Path, codes: set[str]) -> None:
    if codes:
        report.warn(
            _("%(path)s : lignes ignorées pour %(count)s codes ROME inconnus (%(examples)s)")
            % {"path": path, "count": len(codes), "examples": ", ".join(sorted(codes)[:5])}
        )


@transaction.atomic
def naf_codes_import(*, source_dir: Path | None, report: ImportReport) -> None:
    """Upsert NAF sub-classes from the pipe-separated labels file; codes are stored without the dot."""
    path = _source_file(source_dir, NAF_LABELS_FILE, report=report)
    if path is None:
        return
    nafs = {}
    for record in read_csv(path, columns=["naf_id", "naf_label"], delimiter="|"):
        code = naf_normalise(record.text("naf_id", pattern=_NAF_CODE))
        nafs[code] = NafCode(code=code, label=record.text("naf_label"))
    NafCode.objects.bulk_create(
        list(nafs.values()), update_conflicts=True, unique_fields=["code"], update_fields=["label"]
    )
    report.versions["naf"] = str(NAF_LABELS_FILE)


@transaction.atomic
def rome_naf_hirings_import(*, source_dir: Path | None, report: ImportReport) -> None:
    """Replace the ROME × NAF hiring weights with the file's.

    A NAF code missing from the NAF table is created with the label given in the mapping row.
    """
    path = _source_file(source_dir, ROME_NAF_FILE, report=report)
    if path is None:
        return
    known_romes = set(RomeCode.objects.values_list("code", flat=True))
    known_nafs = set(NafCode.objects.values_list("code", flat=True))
    hirings: dict[tuple[str, str], RomeNafHiring] = {}
    new_nafs: dict[str, NafCode] = {}
    unknown_romes: set[str] = set()
    for record in read_csv(path, columns=["rome_id", "naf_id", "naf_label", "hirings"]):
        rome_code = record.text("rome_id", pattern=_ROME_CODE)
        naf_code = naf_normalise(record.text("naf_id", pattern=_NAF_CODE))
        count = record.integer("hirings")
        if rome_code not in known_romes:
            unknown_romes.add(rome_code)
            continue
        if naf_code not in known_nafs and naf_code not in new_nafs:
            new_nafs[naf_code] = NafCode(code=naf_code, label=record.text("naf_label"))
        if (rome_code, naf_code) in hirings:
            raise record.error(_("couple ROME %(rome)s × NAF %(naf)s en double") % {"rome": rome_code, "naf": naf_code})
        hirings[rome_code, naf_code] = RomeNafHiring(rome_id=rome_code, naf_id=naf_code, hirings=count)
    _warn_unknown_romes(report, path, unknown_romes)
    NafCode.objects.bulk_create(list(new_nafs.values()))
    existing = RomeNafHiring.objects.values_list("pk", "rome_id", "naf_id")
    stale = [pk for pk, rome_code, naf_code in existing if (rome_code, naf_code) not in hirings]
    for start in range(0, len(stale), 500):
        RomeNafHiring.objects.filter(pk__in=stale[start : start + 500]).delete()
    RomeNafHiring.objects.bulk_create(
        list(hirings.values()), update_conflicts=True, unique_fields=["rome", "naf"], update_fields=["hirings"]
    )
    report.versions["rome_naf"] = str(ROME_NAF_FILE)


@transaction.atomic
def rome_tensions_import(*, source_dir: Path | None, report: ImportReport) -> None:
    """Flag the ROME codes in tension (see TENSION_THRESHOLD_PCT); without the file, flags are left as they are."""
    path = _source_file(source_dir, TENSION_FILE, report=report)
    if path is None:
        return
    highest: dict[str, float] = {}
    for record in read_csv(path, columns=["rome_code", "tension_pct"]):
        rome_code = record.text("rome_code", pattern=_ROME_CODE)
        share = record.decimal("tension_pct", minimum=0, maximum=100)
        highest[rome_code] = max(share, highest.get(rome_code, 0.0))
    unknown = highest.keys() - set(RomeCode.objects.values_list("code", flat=True))
    _warn_unknown_romes(report, path, set(unknown))
    in_tension = [code for code, share in highest.items() if share >= TENSION_THRESHOLD_PCT]
    RomeCode.objects.filter(code__in=in_tension).exclude(in_tension=True).update(in_tension=True)
    RomeCode.objects.exclude(code__in=in_tension).exclude(in_tension=False).update(in_tension=False)
    report.versions["tension"] = f"{TENSION_FILE} (≥ {TENSION_THRESHOLD_PCT:g} %)"


@transaction.atomic
def education_levels_import(*, source_dir: Path | None, report: ImportReport) -> None:
    """Upsert the ASP education levels; the file repeats each level per measure, the current row wins."""
    path = _source_file(source_dir, EDUCATION_LEVELS_FILE, report=report)
    if path is None:
        return
    levels: dict[str, EducationLevel] = {}
    columns = ["rnf_code_form_empl", "rnf_libelle_niveau_form_empl", "rte_date_fin_effet"]
    for record in read_csv(path, columns=columns, delimiter=";"):
        code = record.text("rnf_code_form_empl", pattern=_EDUCATION_LEVEL_CODE)
        label = record.text("rnf_libelle_niveau_form_empl")
        is_current = not record.text("rte_date_fin_effet", required=False)
        if code not in levels or is_current:
            levels[code] = EducationLevel(code=code, label=label)
    EducationLevel.objects.bulk_create(
        list(levels.values()), update_conflicts=True, unique_fields=["code"], update_fields=["label"]
    )
    report.versions["education_levels"] = str(EDUCATION_LEVELS_FILE)
