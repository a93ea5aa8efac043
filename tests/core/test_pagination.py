"""Large lists count no further than a bound and say there are more."""

import pytest

from tandem.core.pagination import BoundedPaginator
from tandem.territories.models import Commune

pytestmark = pytest.mark.django_db


def test_a_list_longer_than_the_bound_counts_to_the_bound_and_says_there_are_more():
    communes = Commune.objects.order_by("code")
    paginator = BoundedPaginator(communes, 2, bound=5)

    assert communes.count() > 5
    assert (paginator.count, paginator.num_pages, paginator.more) == (5, 3, True)
    assert len(paginator.page(3).object_list) == 1


def test_a_short_list_is_counted_exactly():
    communes = Commune.objects.order_by("code")[:3]
    paginator = BoundedPaginator(Commune.objects.filter(code__in=[c.code for c in communes]), 2, bound=5)

    assert (paginator.count, paginator.more) == (3, False)
