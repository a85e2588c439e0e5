from __future__ import annotations

import pytest

from django.test import Client
from django.urls import reverse

from gongkai.core.errors import InvalidInput, NotAllowed
from gongkai.core.models import AuditEvent
from gongkai.orgs.identifiers import credit_code_problem
from gongkai.orgs.models import Membership, Organ, User
from gongkai.orgs.roles import Capability, Role, Scope
from gongkai.orgs.selectors import organ_ids_for, organs_for, staff_visible_to, user_can
from gongkai.orgs.services import (
    membership_grant,
    organ_create,
    organ_update,
    staff_create,
    staff_set_password,
    staff_update,
)

# --- 统一社会信用代码 -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "code",
    [
        "11441700007280420Y",  # a municipal government (seen in a gov.cn 索引号)
        "914403001922038216",  # a company
        "91110000802100433B",
        "91350100M000100Y43",
    ],
)
def test_published_credit_codes_are_valid(code):
    assert credit_code_problem(code) is None


@pytest.mark.parametrize(
    "code,fragment",
    [
        ("11441700007280420X", "校验位错误"),
        ("11441700007280420", "应为18位"),
        ("1144170000728042OY", "不允许的字符“O”"),
        ("11441700007280420y", "不允许的字符"),
    ],
)
def test_invalid_credit_codes_name_the_check(code, fragment):
    assert fragment in credit_code_problem(code)


@pytest.mark.django_db
def test_organ_with_bad_credit_code_is_refused_with_a_field_error(tree):
    with pytest.raises(InvalidInput) as exc:
        organ_create(
            actor=None,
            code="bad",
            name="某局",
            short_name="某局",
            level=Organ.Level.DEPARTMENT,
            parent=tree["gov"],
            credit_code="11441700007280420X",
        )
    assert exc.value.field == "credit_code"
    assert "GB 32100" in exc.value.message
    assert not Organ.objects.filter(code="bad").exists()


# --- the tree -------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_tree_paths_and_moving_a_subtree(tree, make_staff):
    gov, a, town = tree["gov"], tree["a"], tree["town"]
    office = organ_create(
        actor=None,
        code="dist-t-o",
        name="新桥镇综合办",
        short_name="综合办",
        level=Organ.Level.DEPARTMENT,
        parent=town,
    )
    assert office.path == f"/{gov.pk}/{town.pk}/{office.pk}/"
    admin = make_staff(gov, Role.ADMIN, Scope.SUBTREE)
    organ_update(actor=admin, organ=town, parent=a)
    office.refresh_from_db()
    assert office.path == f"/{gov.pk}/{a.pk}/{town.pk}/{office.pk}/"
    assert office.depth == 3
    with pytest.raises(InvalidInput, match="下级机关"):
        organ_update(actor=admin, organ=a, parent=office)


# --- permissions: staff of one organ never see or change another organ's data -----------------------


@pytest.mark.django_db
def test_department_staff_are_confined_to_their_department(tree, make_staff):
    a, b = tree["a"], tree["b"]
    handler_a = make_staff(a, Role.HANDLER)
    admin_a = make_staff(a, Role.ADMIN)
    staff_b = make_staff(b, Role.HANDLER)

    assert organ_ids_for(handler_a, Capability.CASE_VIEW) == {a.pk}
    assert not user_can(handler_a, Capability.CASE_VIEW, b)
    assert set(organs_for(admin_a, Capability.STAFF_MANAGE)) == {a}
    assert staff_b not in staff_visible_to(admin_a)

    with pytest.raises(NotAllowed):
        membership_grant(actor=admin_a, user=staff_b, organ=b, role=Role.LEADER)
    with pytest.raises(NotAllowed):
        staff_set_password(actor=admin_a, user=staff_b, password="Another-Secret-99")
    with pytest.raises(NotAllowed):
        staff_update(actor=admin_a, user=staff_b, display_name="改名")
    with pytest.raises(NotAllowed):
        organ_update(actor=admin_a, organ=b, office_phone="000")
    with pytest.raises(NotAllowed):
        staff_create(
            actor=admin_a,
            username="intruder",
            password="Another-Secret-99",
            memberships=[(b, Role.HANDLER, Scope.ORGAN)],
        )
    assert not User.objects.filter(username="intruder").exists()
    staff_b.refresh_from_db()
    assert staff_b.display_name == ""


@pytest.mark.django_db
def test_district_ogi_office_covers_its_sub_organs(tree, make_staff):
    head = make_staff(tree["gov"], Role.OGI_HEAD, Scope.SUBTREE)
    assert organ_ids_for(head, Capability.CASE_VIEW) == {o.pk for o in tree.values()}
    assert user_can(head, Capability.CASE_APPROVE_EXTENSION, tree["town"])
    # the same role without subtree scope stays in the government itself
    own_only = make_staff(tree["gov"], Role.OGI_HEAD, Scope.ORGAN)
    assert organ_ids_for(own_only, Capability.CASE_VIEW) == {tree["gov"].pk}


@pytest.mark.django_db
def test_roles_grant_only_their_capabilities(tree, make_staff):
    a = tree["a"]
    secrecy = make_staff(a, Role.SECRECY)
    legal = make_staff(a, Role.LEGAL)
    assert user_can(secrecy, Capability.DOCUMENT_SECRECY_REVIEW, a)
    assert not user_can(secrecy, Capability.CASE_VIEW, a)
    assert user_can(legal, Capability.CASE_LEGAL_REVIEW, a)
    assert not user_can(legal, Capability.CASE_SIGN, a)
    assert not user_can(legal, Capability.STAFF_MANAGE, a)


@pytest.mark.django_db
def test_inactive_staff_and_inactive_organs_lose_access(tree, make_staff):
    handler = make_staff(tree["a"], Role.HANDLER)
    organ_update(actor=None, organ=tree["a"], is_active=False)
    handler = User.objects.get(pk=handler.pk)
    assert not user_can(handler, Capability.CASE_VIEW)


@pytest.mark.django_db
def test_admin_site_lists_and_opens_only_managed_organs_and_staff(tree, make_staff):
    admin_a = make_staff(tree["a"], Role.ADMIN)
    staff_b = make_staff(tree["b"], Role.HANDLER, display_name="乙局经办人")
    client = Client()
    client.force_login(admin_a)

    organs = client.get(reverse("admin:orgs_organ_changelist"))
    assert organs.status_code == 200
    assert tree["a"].name in organs.content.decode()
    assert tree["b"].name not in organs.content.decode()
    assert client.get(reverse("admin:orgs_organ_change", args=[tree["b"].pk])).status_code in (
        302,
        403,
        404,
    )

    staff = client.get(reverse("admin:orgs_user_changelist")).content.decode()
    assert "乙局经办人" not in staff
    assert client.get(reverse("admin:orgs_user_change", args=[staff_b.pk])).status_code in (
        302,
        403,
        404,
    )

    # a POST to change the other department's organ changes nothing
    client.post(reverse("admin:orgs_organ_change", args=[tree["b"].pk]), {"name": "被篡改"})
    tree["b"].refresh_from_db()
    assert tree["b"].name == "江州市青山区民政局"


@pytest.mark.django_db
def test_admin_creates_staff_with_roles_through_the_service(tree, make_staff):
    admin_a = make_staff(tree["a"], Role.ADMIN)
    client = Client()
    client.force_login(admin_a)
    response = client.post(
        reverse("admin:orgs_user_add"),
        {
            "username": "new_handler",
            "display_name": "新经办人",
            "email": "",
            "title": "",
            "phone": "",
            "is_active": "on",
            "new_password": "Long-Enough-Pass-77",
            "memberships-TOTAL_FORMS": "1",
            "memberships-INITIAL_FORMS": "0",
            "memberships-MIN_NUM_FORMS": "0",
            "memberships-MAX_NUM_FORMS": "1000",
            "memberships-0-organ": str(tree["a"].pk),
            "memberships-0-role": Role.HANDLER,
            "memberships-0-scope": Scope.ORGAN,
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    user = User.objects.get(username="new_handler")
    assert user.check_password("Long-Enough-Pass-77")
    assert list(Membership.objects.filter(user=user).values_list("organ_id", "role")) == [
        (tree["a"].pk, "handler")
    ]
    assert AuditEvent.objects.filter(
        action="staff.create", target_id=str(user.pk), actor=admin_a.username
    ).exists()


@pytest.mark.django_db
def test_admin_refuses_a_weak_password_with_a_field_error(tree, make_staff):
    admin_a = make_staff(tree["a"], Role.ADMIN)
    client = Client()
    client.force_login(admin_a)
    response = client.post(
        reverse("admin:orgs_user_add"),
        {
            "username": "weak",
            "new_password": "123",
            "is_active": "on",
            "memberships-TOTAL_FORMS": "0",
            "memberships-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 200
    assert "密码" in response.content.decode()
    assert not User.objects.filter(username="weak").exists()


# --- authentication -------------------------------------------------------------------------------


@pytest.mark.argon2
@pytest.mark.django_db
def test_passwords_are_hashed_with_argon2(tree):
    user = staff_create(
        actor=None,
        username="argon",
        password="Correct-Horse-42",
        memberships=[(tree["a"], Role.HANDLER, Scope.ORGAN)],
    )
    assert user.password.startswith("argon2$")


@pytest.mark.django_db
def test_login_locks_out_after_repeated_failures(tree, make_staff, settings):
    settings.AXES_ENABLED = True
    settings.AXES_FAILURE_LIMIT = 3
    make_staff(tree["a"], Role.HANDLER, username="target")
    client = Client()
    url = reverse("workspace:login")
    for _ in range(3):
        client.post(url, {"username": "target", "password": "wrong"})
    locked = client.post(url, {"username": "target", "password": "Correct-Horse-42"})
    assert locked.status_code == 429
    assert "暂时锁定" in locked.content.decode()
    # another account from the same address is not locked
    make_staff(tree["a"], Role.HANDLER, username="other")
    ok = client.post(url, {"username": "other", "password": "Correct-Horse-42"})
    assert ok.status_code == 302
