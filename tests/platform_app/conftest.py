import pytest

from tests.support.approvals import build_team


@pytest.fixture
def team(db):
    """The internal tenant with a requester and three approvers, and a customer tenant."""
    return build_team()
