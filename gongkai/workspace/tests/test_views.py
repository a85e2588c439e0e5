import pytest

from django.urls import reverse

from gongkai.orgs.roles import Role


@pytest.mark.django_db
def test_workspace_requires_login(client):
    response = client.get(reverse("workspace:deadline_calculator"))
    assert response.status_code == 302 and "/workspace/login/" in response["Location"]


@pytest.mark.django_db
def test_calculator_explains_each_date(client, tree, make_staff):
    client.force_login(make_staff(tree["a"], Role.HANDLER))
    page = client.get(
        reverse("workspace:deadline_calculator"),
        {
            "received": "2026-09-30",
            "pauses": "2026-10-12:2026-10-16 征求第三方意见",
            "extension": "0",
            "delivered": "2026-11-10",
        },
    ).content.decode()
    assert "2026年11月10日" in page  # reply due with the 5-working-day pause
    assert "2026年10月15日" in page  # correction notice due
    assert "国庆节" in page and "征求第三方意见" in page
    assert "申请行政复议期限" in page and "提起行政诉讼期限" in page


@pytest.mark.django_db
def test_calculator_field_errors_are_tied_to_fields(client, tree, make_staff):
    client.force_login(make_staff(tree["a"], Role.HANDLER))
    page = client.get(
        reverse("workspace:deadline_calculator"),
        {
            "received": "2026-11-02",
            "corrected": "2026-10-01",
            "pauses": "2026-11-10:2026-11-01",
            "extension": "30",
        },
    ).content.decode()
    assert 'id="id_pauses_error"' in page and "第1行" in page
    assert 'id="id_extension_error"' in page
    assert 'id="id_corrected_error"' in page
    assert "计算结果" not in page


@pytest.mark.django_db
def test_home_shows_my_roles(client, tree, make_staff):
    client.force_login(make_staff(tree["a"], Role.SECTION_HEAD))
    page = client.get(reverse("workspace:home")).content.decode()
    assert "江州市青山区教育局" in page and "科室负责人" in page
