"""The matching reads open offers from offer_open_for_matching alone (an index-only scan on PostgreSQL): the index
must hold every column of an offer the ranking and the sharing rule read."""

import re

from django.db import connection

from tandem.offers.matching import criteria
from tandem.offers.models import Offer
from tandem.offers.selectors import offer_visible_to


def _index_columns() -> set[str]:
    [index] = [index for index in Offer._meta.indexes if index.name == "offer_open_for_matching"]
    return {Offer._meta.get_field(name).column for name in [*index.fields, *index.include]}


def test_the_index_holds_every_column_of_an_offer_the_ranking_reads():
    own = {lookup for lookup in criteria.OFFER_BASE.values() if "__" not in lookup}
    columns = {Offer._meta.get_field(lookup.removesuffix("_id")).column for lookup in own}
    assert columns <= _index_columns()


def test_the_index_holds_every_column_the_sharing_rule_reads(cast):
    membership = cast.adviser_a.memberships.select_related("organisation").get()
    sql, _params = offer_visible_to(membership=membership).order_by().query.sql_with_params()
    table = connection.ops.quote_name(Offer._meta.db_table)
    read = set(re.findall(rf'{re.escape(table)}\."(\w+)"', sql.split(" WHERE ", 1)[1]))
    assert read
    assert read <= _index_columns() | {"status"}  # the index holds the open offers only
