"""Conventions' services: levels and parents, the parties of a local reinforced partnership, the workflow, targets,
secondments, documents, the events they write, and who may write."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from tandem.events.enums import EventKind
from tandem.events.models import Event
from tandem.organisations.enums import OrganisationKind, PartnershipKind
from tandem.organisations.models import PartnershipLink
from tandem.partnerships import services
from tandem.partnerships.enums import ConventionKind, ConventionLevel, ConventionStatus, Indicator, PartyRole
from tandem.partnerships.models import Convention, ConventionLink
from tests.organisations.factories import OrganisationFactory
from tests.partnerships.factories import START, convention_by_admin, manager_of, membership_of, regional_body

PDF = b"%PDF-1.7\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _fingerprint() -> list:
    from tandem.partnerships.models import ConventionDocument, ConventionParty, Secondment, Target

    return [
        list(model.objects.order_by("pk").values_list())
        for model in (Convention, ConventionParty, Target, Secondment, ConventionDocument, PartnershipLink)
    ]


def _draft(cast, user, parties, **terms):
    return services.convention_create(
        user=user,
        membership=membership_of(user),
        level=terms.pop("level", ConventionLevel.LOCAL),
        kind=terms.pop("kind", ConventionKind.COTRAITANCE),
        data=services.ConventionData(title="Convention locale", starts_on=START, **terms),
        parties=[services.PartyData(organisation=o, role=role) for o, role in parties],
    )


def test_a_local_convention_signed_by_a_mission_locale_and_its_reference_site_keeps_their_link(cast):
    ml = OrganisationFactory(kind=OrganisationKind.MISSION_LOCALE, name="Mission Locale D")
    agency = OrganisationFactory(kind=OrganisationKind.FT_AGENCY, name="France Travail D")
    director = manager_of(ml, "director.d@example.org")
    convention = _draft(
        cast,
        director,
        [(ml, PartyRole.SIGNATORY), (agency, PartyRole.REFERENCE_SITE)],
        referral_answer_days=5,
        first_meeting_days=10,
    )
    assert convention.status == ConventionStatus.DRAFT
    assert not PartnershipLink.objects.filter(organisation_a=ml).exists()  # a draft binds nobody

    services.convention_sign(convention=convention, user=director, membership=membership_of(director))

    link = PartnershipLink.objects.get(organisation_a=ml, organisation_b=agency)
    assert (link.kind, link.is_reference_site, link.referral_answer_days, link.first_meeting_days) == (
        PartnershipKind.COTRAITANCE,
        True,
        5,
        10,
    )
    assert (link.starts_on, link.ends_on) == (START, None)
    assert ConventionLink.objects.get(link=link).convention == convention


def test_a_local_reinforced_partnership_without_a_reference_site_is_refused_at_its_signature(cast):
    convention = _draft(cast, cast.admin, [(cast.ml_c, PartyRole.SIGNATORY), (cast.agency_b, PartyRole.SIGNATORY)])

    with pytest.raises(ValidationError) as error:
        services.convention_sign(convention=convention, user=cast.admin, membership=membership_of(cast.admin))

    assert "exactement une Mission Locale et une agence France Travail « site de référence »" in error.value.messages[0]
    convention.refresh_from_db()
    assert convention.status == ConventionStatus.DRAFT
    assert not PartnershipLink.objects.filter(organisation_a=cast.ml_c).exists()


def test_a_local_reinforced_partnership_with_two_missions_locales_is_refused_at_once(cast):
    with pytest.raises(ValidationError) as error:
        _draft(
            cast,
            cast.admin,
            [
                (cast.ml_a, PartyRole.SIGNATORY),
                (cast.ml_c, PartyRole.SIGNATORY),
                (cast.agency_b, PartyRole.REFERENCE_SITE),
            ],
        )
    assert "exactement une Mission Locale" in error.value.messages[0]
    assert not Convention.objects.exists()


def test_a_reference_site_is_a_france_travail_agency(cast):
    with pytest.raises(ValidationError) as error:
        _draft(cast, cast.admin, [(cast.ml_a, PartyRole.SIGNATORY), (cast.temp_agency, PartyRole.REFERENCE_SITE)])
    assert "Le site de référence est une agence France Travail" in error.value.messages[0]


def test_removing_the_reference_site_of_a_signed_local_convention_is_refused(cast):
    convention = convention_by_admin(
        cast.admin,
        level=ConventionLevel.LOCAL,
        parties=[(cast.ml_c, PartyRole.SIGNATORY), (cast.agency_b, PartyRole.REFERENCE_SITE)],
    )
    party = convention.parties.get(organisation=cast.agency_b)

    with pytest.raises(ValidationError):
        services.party_remove(party=party, user=cast.admin, membership=membership_of(cast.admin))

    assert convention.parties.filter(organisation=cast.agency_b).exists()


def test_other_agencies_take_part_as_associated_and_get_their_own_link(cast):
    convention = convention_by_admin(
        cast.admin,
        level=ConventionLevel.LOCAL,
        parties=[(cast.ml_c, PartyRole.SIGNATORY), (cast.agency_b, PartyRole.REFERENCE_SITE)],
    )
    other = OrganisationFactory(kind=OrganisationKind.FT_AGENCY, name="France Travail E")

    services.party_add(
        convention=convention,
        user=cast.admin,
        membership=membership_of(cast.admin),
        organisation=other,
        role=PartyRole.ASSOCIATED,
    )

    link = PartnershipLink.objects.get(organisation_a=cast.ml_c, organisation_b=other)
    assert not link.is_reference_site and link.kind == PartnershipKind.COTRAITANCE
    assert ConventionLink.objects.filter(convention=convention).count() == 2


def test_editing_the_deadlines_of_a_convention_changes_its_links(cast):
    convention = convention_by_admin(
        cast.admin,
        level=ConventionLevel.LOCAL,
        parties=[(cast.ml_c, PartyRole.SIGNATORY), (cast.agency_b, PartyRole.REFERENCE_SITE)],
    )
    data = services.ConventionData(title="Convention", starts_on=START, referral_answer_days=3, first_meeting_days=9)

    convention, changed = services.convention_update(
        convention=convention, user=cast.admin, membership=membership_of(cast.admin), data=data
    )

    assert sorted(changed) == ["first_meeting_days", "referral_answer_days"]
    link = PartnershipLink.objects.get(organisation_a=cast.ml_c, organisation_b=cast.agency_b)
    assert (link.referral_answer_days, link.first_meeting_days) == (3, 9)
    event = Event.objects.get(kind=EventKind.CONVENTION_UPDATED)
    assert event.payload["fields"] == ["first_meeting_days", "referral_answer_days"]


def test_ending_a_convention_ends_its_links_the_same_day_never_in_the_past(cast):
    convention = convention_by_admin(
        cast.admin,
        level=ConventionLevel.LOCAL,
        parties=[(cast.ml_c, PartyRole.SIGNATORY), (cast.agency_b, PartyRole.REFERENCE_SITE)],
    )
    admin = membership_of(cast.admin)
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    with pytest.raises(ValidationError) as error:
        services.convention_end(convention=convention, user=cast.admin, membership=admin, ends_on=yesterday)
    assert "pas dans le passé" in error.value.messages[0]

    last_day = timezone.localdate() + datetime.timedelta(days=30)
    convention = services.convention_end(convention=convention, user=cast.admin, membership=admin, ends_on=last_day)

    assert (convention.status, convention.ends_on) == (ConventionStatus.ENDED, last_day)
    assert PartnershipLink.objects.get(organisation_a=cast.ml_c).ends_on == last_day


def test_every_step_writes_an_event_on_the_convention_s_timeline(cast):
    convention = convention_by_admin(
        cast.admin,
        level=ConventionLevel.LOCAL,
        parties=[(cast.ml_c, PartyRole.SIGNATORY), (cast.agency_b, PartyRole.REFERENCE_SITE)],
    )
    kinds = list(
        Event.objects.filter(subject_type="convention", subject_id=convention.pk)
        .order_by("pk")
        .values_list("kind", flat=True)
    )
    assert kinds == [EventKind.CONVENTION_CREATED, EventKind.CONVENTION_SIGNED, EventKind.CONVENTION_ACTIVATED]


def test_a_local_convention_hangs_on_a_regional_one_which_hangs_on_the_national_one(cast):
    national = convention_by_admin(
        cast.admin, level=ConventionLevel.NATIONAL, title="Accord-cadre national", parties=[]
    )
    with pytest.raises(ValidationError) as error:
        _draft(
            cast,
            cast.admin,
            [(cast.ml_c, PartyRole.SIGNATORY), (cast.agency_b, PartyRole.REFERENCE_SITE)],
            parent=national,
        )
    assert "se rattache à une convention régionale" in error.value.messages[0]
    regional = convention_by_admin(
        cast.admin, level=ConventionLevel.REGIONAL, title="Convention régionale", parties=[], parent=national
    )

    local = _draft(
        cast, cast.admin, [(cast.ml_c, PartyRole.SIGNATORY), (cast.agency_b, PartyRole.REFERENCE_SITE)], parent=regional
    )

    assert local.parent == regional and regional.parent == national


def test_a_parent_the_caller_does_not_see_is_unknown(cast):
    regional = convention_by_admin(
        cast.admin,
        level=ConventionLevel.REGIONAL,
        title="Convention régionale ailleurs",
        parties=[(regional_body(), PartyRole.SIGNATORY)],
    )
    with pytest.raises(ValidationError) as error:
        _draft(
            cast,
            cast.director_a,
            [(cast.ml_a, PartyRole.SIGNATORY), (cast.agency_b, PartyRole.REFERENCE_SITE)],
            parent=regional,
        )
    assert "Convention de rattachement inconnue." in error.value.messages[0]


def test_a_manager_creates_only_local_conventions_their_organisation_signs(cast):
    with pytest.raises(PermissionDenied):
        _draft(cast, cast.director_a, [(cast.ml_a, PartyRole.SIGNATORY)], level=ConventionLevel.REGIONAL)
    with pytest.raises(ValidationError) as error:
        _draft(cast, cast.director_a, [(cast.ml_c, PartyRole.SIGNATORY), (cast.agency_b, PartyRole.REFERENCE_SITE)])
    assert "Votre organisation signe les conventions qu'elle crée." in error.value.messages[0]
    with pytest.raises(PermissionDenied):
        _draft(cast, cast.adviser_a, [(cast.ml_a, PartyRole.SIGNATORY)])


def test_a_regional_body_s_manager_creates_a_regional_convention(cast):
    body = regional_body()
    director = manager_of(body, "director.dr@example.org")

    convention = _draft(
        cast, director, [(body, PartyRole.SIGNATORY)], level=ConventionLevel.REGIONAL, kind=ConventionKind.OTHER
    )

    assert convention.level == ConventionLevel.REGIONAL


@pytest.mark.parametrize("persona", ["adviser_a", "agent_b", "adviser_c", "temp_contact", "observer"])
def test_no_one_but_a_signing_party_s_managers_writes_a_convention(cast, persona):
    convention = convention_by_admin(
        cast.admin,
        level=ConventionLevel.LOCAL,
        parties=[(cast.ml_a, PartyRole.SIGNATORY), (cast.agency_b, PartyRole.REFERENCE_SITE)],
        sign=False,
    )
    user = cast.personas()[persona]
    membership = membership_of(user)
    before = _fingerprint()
    data = services.ConventionData(title="Autre", starts_on=START)
    writes = [
        lambda: services.convention_update(convention=convention, user=user, membership=membership, data=data),
        lambda: services.convention_sign(convention=convention, user=user, membership=membership),
        lambda: services.party_add(
            convention=convention,
            user=user,
            membership=membership,
            organisation=cast.temp_agency,
            role=PartyRole.ASSOCIATED,
        ),
        lambda: services.target_set(
            convention=convention,
            user=user,
            membership=membership,
            indicator=Indicator.REFERRALS_PER_YEAR,
            value=Decimal(100),
            year=2026,
        ),
        lambda: services.document_add(
            convention=convention,
            user=user,
            membership=membership,
            title="Convention",
            upload=SimpleUploadedFile("c.pdf", PDF, "application/pdf"),
        ),
    ]
    for write in writes:
        with pytest.raises(PermissionDenied):
            write()
    assert _fingerprint() == before


def test_the_mission_locale_s_director_writes_their_convention(cast):
    agency = OrganisationFactory(kind=OrganisationKind.FT_AGENCY, name="France Travail Wissembourg")
    convention = convention_by_admin(
        cast.admin,
        level=ConventionLevel.LOCAL,
        parties=[(cast.ml_a, PartyRole.SIGNATORY), (agency, PartyRole.REFERENCE_SITE)],
        sign=False,
    )
    services.convention_sign(convention=convention, user=cast.director_a, membership=membership_of(cast.director_a))
    assert Event.objects.get(kind=EventKind.CONVENTION_SIGNED).actor_organisation == cast.ml_a


def test_targets_by_year_are_replaced_and_written_on_the_timeline(cast):
    convention = convention_by_admin(
        cast.admin,
        level=ConventionLevel.LOCAL,
        parties=[(cast.ml_c, PartyRole.SIGNATORY), (cast.agency_b, PartyRole.REFERENCE_SITE)],
    )
    admin = membership_of(cast.admin)
    for value in (Decimal(5), Decimal(6)):
        services.target_set(
            convention=convention,
            user=cast.admin,
            membership=admin,
            indicator=Indicator.STEERING_MEETINGS_PER_YEAR,
            value=value,
            year=2026,
        )
    assert list(convention.targets.values_list("value", flat=True)) == [Decimal(6)]
    assert Event.objects.filter(kind=EventKind.CONVENTION_TARGET_SET).count() == 2
    with pytest.raises(ValidationError):
        services.target_set(
            convention=convention,
            user=cast.admin,
            membership=admin,
            indicator=Indicator.STEERING_MEETINGS_PER_YEAR,
            value=Decimal(5),
            year=2026,
            starts_on=START,
            ends_on=START,
        )


@pytest.mark.parametrize("fte", ["0", "1.5"])
def test_a_secondment_is_a_share_of_a_full_time_post(cast, fte):
    convention = convention_by_admin(
        cast.admin,
        level=ConventionLevel.LOCAL,
        parties=[(cast.ml_c, PartyRole.SIGNATORY), (cast.agency_b, PartyRole.REFERENCE_SITE)],
    )
    data = services.SecondmentData(
        agent_name="Agent", from_agency=cast.agency_b, to_mission_locale=cast.ml_c, fte=Decimal(fte), starts_on=START
    )
    with pytest.raises(ValidationError):
        services.secondment_create(
            convention=convention, user=cast.admin, membership=membership_of(cast.admin), data=data
        )


def test_a_secondment_goes_from_an_agency_to_a_mission_locale_of_the_convention(cast):
    convention = convention_by_admin(
        cast.admin,
        level=ConventionLevel.LOCAL,
        parties=[(cast.ml_c, PartyRole.SIGNATORY), (cast.agency_b, PartyRole.REFERENCE_SITE)],
    )
    admin = membership_of(cast.admin)
    with pytest.raises(ValidationError) as error:
        services.secondment_create(
            convention=convention,
            user=cast.admin,
            membership=admin,
            data=services.SecondmentData(
                agent_name="Agent",
                from_agency=cast.agency_b,
                to_mission_locale=cast.ml_a,
                fte=Decimal("0.5"),
                starts_on=START,
            ),
        )
    assert "n'est pas partie à la convention" in str(error.value)

    secondment = services.secondment_create(
        convention=convention,
        user=cast.admin,
        membership=admin,
        data=services.SecondmentData(
            agent_name="Agent",
            from_agency=cast.agency_b,
            to_mission_locale=cast.ml_c,
            fte=Decimal("0.5"),
            starts_on=START,
            missions=["employer_relations"],
        ),
    )
    assert secondment.fte == Decimal("0.5")
    assert Event.objects.get(kind=EventKind.CONVENTION_SECONDMENT_ADDED).payload["fte"] == "0.50"


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("convention.docx", PDF, "Seuls les fichiers PDF sont acceptés"),
        ("convention.pdf", b"PK\x03\x04 not a pdf", "Ce fichier n'est pas un PDF"),
        ("convention.pdf", b"%PDF-" + b"0" * (10 * 1024 * 1024), "Ce fichier dépasse 10 Mo"),
    ],
)
def test_a_document_that_is_not_a_pdf_is_refused_with_a_clear_message(cast, name, content, message):
    convention = convention_by_admin(
        cast.admin,
        level=ConventionLevel.LOCAL,
        parties=[(cast.ml_c, PartyRole.SIGNATORY), (cast.agency_b, PartyRole.REFERENCE_SITE)],
    )
    with pytest.raises(ValidationError) as error:
        services.document_add(
            convention=convention,
            user=cast.admin,
            membership=membership_of(cast.admin),
            title="Convention signée",
            upload=SimpleUploadedFile(name, content),
        )
    assert message in error.value.messages[0]
    assert not convention.documents.exists()


def test_a_pdf_is_stored_under_the_media_root(cast, settings):
    convention = convention_by_admin(
        cast.admin,
        level=ConventionLevel.LOCAL,
        parties=[(cast.ml_c, PartyRole.SIGNATORY), (cast.agency_b, PartyRole.REFERENCE_SITE)],
    )
    document = services.document_add(
        convention=convention,
        user=cast.admin,
        membership=membership_of(cast.admin),
        title="Convention signée",
        upload=SimpleUploadedFile("convention.pdf", PDF),
    )
    assert document.file.path.startswith(str(settings.MEDIA_ROOT))
    assert document.file.read() == PDF and document.size == len(PDF)


def test_a_partnership_from_the_organisation_page_is_a_local_convention_in_force(cast):
    link = services.partnership_create(
        user=cast.director_a,
        membership=membership_of(cast.director_a),
        organisation=cast.ml_a,
        partner=cast.ml_c,
        kind=PartnershipKind.OTHER,
        starts_on=timezone.localdate(),
        referral_answer_days=5,
    )
    convention = ConventionLink.objects.get(link=link).convention
    assert (convention.level, convention.kind, convention.status) == ("local", "other", ConventionStatus.ACTIVE)
    assert sorted(convention.parties.values_list("organisation__name", "role")) == [
        ("Mission Locale A", "signatory"),
        ("Mission Locale C", "signatory"),
    ]
    assert link.referral_answer_days == 5
