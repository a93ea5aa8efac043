import io

import pytest
from django.core.management import CommandError, call_command

from tandem.audit.models import AuditEntry
from tandem.organisations.enums import OrganisationKind
from tandem.people.models import Person
from tandem.referrals.models import Referral
from tests.designations.factories import born, csv_file, row
from tests.organisations.factories import OrganisationFactory


@pytest.fixture
def list_file(tmp_path):
    path = tmp_path / "liste.csv"
    path.write_bytes(
        csv_file(
            [
                row("1000001A", "Martin", "Léa", born(18)),
                row("1000002B", "Durand", "Hugo", "2005-02-31"),
                row("1000003C", "Moreau", "Louis", born(40)),
            ],
            encoding="cp1252",
        )
    )
    return path


def run(*args: str) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("import_designations", *args, "--no-progress", stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_the_command_imports_a_list_and_prints_the_summary_and_each_error(cast, list_file):
    out, err = run(str(list_file), "--agency", "67999", "--by", "agent.b@example.org")
    assert "3 lignes : 2 dossiers créés, 0 mis à jour, 0 inchangés ; 1 proposés" in out
    assert "proposés à Mission Locale A : 1" in out and "non éligibles, Trop âgé·e : 1" in out
    assert "liste.csv ligne 3 : date de naissance invalide « 2005-02-31 »" in err
    assert Referral.objects.get().proposed_by == cast.agent_b
    out, _err = run(str(list_file), "--agency", "67999")
    assert "0 dossiers créés, 0 mis à jour, 2 inchangés ; 0 proposés, 1 déjà proposés" in out


def test_the_command_refuses_an_unknown_agency_or_user(cast, list_file):
    with pytest.raises(CommandError, match="Aucune agence de code SAFIR 12345"):
        run(str(list_file), "--agency", "12345")
    with pytest.raises(CommandError, match="Aucun utilisateur actif"):
        run(str(list_file), "--agency", "67999", "--by", "nobody@example.org")


def test_a_days_lists_named_after_their_agencies_are_imported_together_and_audited(cast, tmp_path):

    OrganisationFactory(
        kind=OrganisationKind.FT_AGENCY, name="France Travail D", safir_code="33999", coverage=["33063"]
    )
    (tmp_path / "67999_2026-12-02.csv").write_bytes(csv_file([row("1000001A", "Martin", "Léa", born(18))]))
    (tmp_path / "33999.csv").write_bytes(csv_file([row("4000001A", "Durand", "Zoé", born(19), code_commune="33063")]))
    out, _err = run(str(tmp_path / "67999_2026-12-02.csv"), str(tmp_path / "33999.csv"))
    assert "67999_2026-12-02.csv :\n1 lignes : 1 dossiers créés" in out and "proposés à Mission Locale A : 1" in out
    # Agency D has no partnership with Bordeaux's Mission Locale: recorded, not proposed.
    assert "33999.csv :\n1 lignes : 1 dossiers créés, 0 mis à jour, 0 inchangés ; 0 proposés" in out
    assert Referral.objects.count() == 1
    identifiers = dict(Person.objects.values_list("pk", "ft_identifier"))
    audited = {
        (safir, identifiers[person_id], path)
        for safir, person_id, path in AuditEntry.objects.values_list("organisation__safir_code", "person_id", "path")
    }
    assert ("67999", "1000001A", "manage.py import_designations 67999_2026-12-02.csv") in audited
    assert ("33999", "4000001A", "manage.py import_designations 33999.csv") in audited


def test_a_file_without_agency_code_in_its_name_needs_the_agency(cast, list_file):
    with pytest.raises(CommandError, match="précisez --agency"):
        run(str(list_file))
