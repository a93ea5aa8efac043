"""AnyOf: the rows of `__in`, whichever the database (one array parameter on PostgreSQL)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.models import Q

from tandem.core.expressions import AnyOf
from tandem.organisations.models import Organisation
from tests.organisations.factories import OrganisationFactory


@pytest.mark.django_db
@pytest.mark.parametrize("count", [0, 1, 3, 300])
def test_any_of_keeps_the_rows_in_keeps(count):
    organisations = OrganisationFactory.create_batch(5)
    ids = [organisation.pk for organisation in organisations[:3]][:count] + list(range(10**6, 10**6 + count - 3))
    by_in = set(Organisation.objects.filter(pk__in=ids).values_list("pk", flat=True))
    assert set(Organisation.objects.filter(AnyOf("id", ids)).values_list("pk", flat=True)) == by_in
    assert len(by_in) == min(count, 3)


@pytest.mark.django_db
def test_no_value_leaves_its_branch_out_of_an_or():
    first, second = OrganisationFactory.create_batch(2)
    either = Organisation.objects.filter(Q(AnyOf("id", [])) | Q(pk=second.pk))
    assert list(either.values_list("pk", flat=True)) == [second.pk]
    assert not Organisation.objects.filter(Q(AnyOf("id", []), name=first.name)).exists()


@pytest.mark.django_db
def test_postgresql_passes_the_ids_as_one_parameter_other_databases_each():
    ids = list(range(1, 201))
    sql, params = Organisation.objects.filter(AnyOf("id", ids)).query.sql_with_params()
    if connection.vendor == "postgresql":
        assert "= ANY(%s)" in sql and list(params) == [ids]
    else:
        assert list(params) == ids
