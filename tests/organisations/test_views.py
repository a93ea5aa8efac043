from django.urls import reverse

from tests.organisations.factories import OrganisationFactory


def test_the_organisation_list_filters_by_kind_with_a_pinned_query_count(client, cast, django_assert_num_queries):
    client.force_login(cast.adviser_a)
    url = reverse("organisations:list") + "?kind=mission_locale"
    # session, user, memberships (acting and switcher), count, is_administrator (menu),
    # page of organisations with their commune, parent and coverage size, unread notifications (header)
    with django_assert_num_queries(7):
        body = client.get(url).content.decode()
    assert "Mission Locale A" in body and "Mission Locale C" in body and "France Travail B" not in body
    for index in range(30):
        OrganisationFactory(name=f"Mission Locale {index:02}")
    with django_assert_num_queries(7):
        client.get(url)


def test_the_detail_page_shows_partners_and_coverage_by_epci(client, cast):
    client.force_login(cast.adviser_c)
    body = client.get(reverse("organisations:detail", args=[cast.ml_a.pk])).content.decode()
    assert "France Travail B" in body and "site de référence" in body
    assert "CA de Haguenau" in body
    assert "Modifier le territoire" not in body


def test_a_director_edits_the_territory_by_insee_codes_and_epci(client, cast):
    client.force_login(cast.director_a)
    url = reverse("organisations:coverage_edit", args=[cast.ml_a.pk])
    assert "67180" in client.get(url).content.decode()
    response = client.post(url, {"commune_codes": "67180\n67544", "epci_code": "246700926"})
    assert response.status_code == 302
    assert cast.ml_a.coverage_rows.count() > 2
    assert cast.ml_a.coverage_rows.filter(commune__epci_id="246700926").exists()


def test_unknown_codes_are_reported_and_nothing_changes(client, cast):
    client.force_login(cast.director_a)
    url = reverse("organisations:coverage_edit", args=[cast.ml_a.pk])
    response = client.post(url, {"commune_codes": "67180 99999"})
    assert response.status_code == 200
    assert "communes inconnues : 99999" in response.content.decode()
    assert cast.ml_a.coverage_rows.count() == 2


def test_another_organisation_cannot_edit_the_territory(client, cast):
    client.force_login(cast.adviser_c)
    url = reverse("organisations:coverage_edit", args=[cast.ml_a.pk])
    assert client.post(url, {"commune_codes": "33063"}).status_code == 404
    assert cast.ml_a.coverage_rows.count() == 2


def test_the_lookup_page_answers_who_covers_haguenau_by_name_code_postcode_or_suggestion(client, cast):
    client.force_login(cast.agent_b)
    for query in ("Haguenau", "hag", "67180", "67500", "Haguenau (67500) – INSEE 67180"):
        body = client.get(reverse("organisations:coverage_lookup"), {"commune": query}).content.decode()
        assert "Haguenau (67500) – INSEE 67180 – Bas-Rhin" in body, query
        assert "Mission Locale A" in body and "France Travail B" in body


def test_the_lookup_lists_every_commune_a_number_may_mean_each_with_its_codes(client, cast):
    client.force_login(cast.agent_b)
    body = client.get(reverse("organisations:coverage_lookup"), {"commune": "67500"}).content.decode()

    # 67500 is Haguenau's postcode and Urmatt's INSEE code: both are listed, told apart.
    assert "Haguenau (67500) – INSEE 67180 – Bas-Rhin" in body
    assert "Urmatt (67280) – INSEE 67500 – Bas-Rhin" in body


def test_the_lookup_shows_an_overseas_collectivity_commune_without_departement(client, cast):
    client.force_login(cast.agent_b)
    body = client.get(reverse("organisations:coverage_lookup"), {"commune": "97500"}).content.decode()

    assert "Saint-Pierre (97500) – INSEE 97502 – Saint-Pierre-et-Miquelon" in body
    assert "Miquelon-Langlade (97500) – INSEE 97501 – Saint-Pierre-et-Miquelon" in body


def test_the_lookup_box_suggests_communes_as_one_types(client, cast):
    client.force_login(cast.agent_b)
    body = client.get(reverse("organisations:coverage_lookup")).content.decode()

    assert 'list="id_commune-suggestions"' in body and 'hx-push-url="false"' in body


def test_the_lookup_says_when_no_mission_locale_covers_a_commune(client, cast):
    client.force_login(cast.agent_b)
    body = client.get(reverse("organisations:coverage_lookup"), {"commune": "75056"}).content.decode()
    assert "Aucune Mission Locale ne couvre cette commune" in body


def test_the_lookup_answers_htmx_requests_with_the_results_fragment(client, cast):
    client.force_login(cast.agent_b)
    response = client.get(reverse("organisations:coverage_lookup"), {"commune": "67180"}, HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert "<html" not in body and "Mission Locale A" in body


def test_a_director_imports_the_territory_from_a_csv_file(client, cast):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(cast.director_a)
    url = reverse("organisations:coverage_edit", args=[cast.ml_a.pk])
    upload = SimpleUploadedFile(
        "territoire.csv", "code_insee;nom\n67180;Haguenau\n67348;Niederbronn\n".encode("cp1252")
    )
    response = client.post(url, {"commune_codes": "", "codes_file": upload})
    assert response.status_code == 302
    assert set(cast.ml_a.coverage_rows.values_list("commune_id", flat=True)) == {"67180", "67348"}
