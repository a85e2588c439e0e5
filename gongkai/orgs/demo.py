"""Demo district: 江州市青山区 — the government, 38 departments, 10 towns and streets, staff in
every role. Fictional names, realistic structure (departments as in the seeds' districts)."""

from __future__ import annotations

from django.contrib.auth.hashers import make_password

from gongkai.orgs.identifiers import CREDIT_CODE_ALPHABET, credit_code_check_char
from gongkai.orgs.models import Membership, Organ, User
from gongkai.orgs.roles import Role, Scope
from gongkai.orgs.services import organ_create, staff_create

DEMO_PASSWORD = "gongkai-demo"
DIVISION = "449902"
CITY, DISTRICT = "江州市", "青山区"
GOVERNMENT_CODE = "qingshan"

# (code suffix, full-name tail, short name)
DEPARTMENTS = [
    ("zfb", "人民政府办公室", "区府办"),
    ("fgj", "发展和改革局", "区发展改革局"),
    ("jyj", "教育局", "区教育局"),
    ("kjj", "科学技术局", "区科技局"),
    ("gxj", "工业和信息化局", "区工信局"),
    ("gaj", "公安分局", "区公安分局"),
    ("mzj", "民政局", "区民政局"),
    ("sfj", "司法局", "区司法局"),
    ("czj", "财政局", "区财政局"),
    ("rsj", "人力资源和社会保障局", "区人社局"),
    ("zrzy", "规划和自然资源分局", "区规划资源分局"),
    ("sthj", "生态环境分局", "区生态环境分局"),
    ("zjj", "住房和城乡建设局", "区住房城乡建设局"),
    ("jtj", "交通运输局", "区交通运输局"),
    ("swj", "水务局", "区水务局"),
    ("nyj", "农业农村局", "区农业农村局"),
    ("swuj", "商务局", "区商务局"),
    ("wgl", "文化广电旅游体育局", "区文广旅体局"),
    ("wjj", "卫生健康局", "区卫生健康局"),
    ("tyj", "退役军人事务局", "区退役军人局"),
    ("yjj", "应急管理局", "区应急管理局"),
    ("sjj", "审计局", "区审计局"),
    ("gzj", "国有资产监督管理局", "区国资局"),
    ("scj", "市场监督管理局", "区市场监管局"),
    ("tjj", "统计局", "区统计局"),
    ("ybj", "医疗保障局", "区医保局"),
    ("cgj", "城市管理和综合执法局", "区城管执法局"),
    ("zsj", "政务服务数据管理局", "区政务数据局"),
    ("xfj", "信访局", "区信访局"),
    ("lyj", "林业和园林局", "区林业园林局"),
    ("mzzj", "民族宗教事务局", "区民宗局"),
    ("tcj", "投资促进局", "区投资促进局"),
    ("jrj", "金融工作局", "区金融局"),
    ("jgj", "机关事务管理局", "区机关事务局"),
    ("rfb", "人民防空办公室", "区人防办"),
    ("zscq", "知识产权局", "区知识产权局"),
    ("gxq", "城市更新局", "区城市更新局"),
    ("xzsp", "行政审批局", "区行政审批局"),
]

TOWNSHIPS = [
    ("qsjd", "青山街道办事处", "青山街道"),
    ("dhjd", "东湖街道办事处", "东湖街道"),
    ("xljd", "西岭街道办事处", "西岭街道"),
    ("ngjd", "南港街道办事处", "南港街道"),
    ("byjd", "北园街道办事处", "北园街道"),
    ("cljd", "长乐街道办事处", "长乐街道"),
    ("xqz", "新桥镇人民政府", "新桥镇"),
    ("smz", "石门镇人民政府", "石门镇"),
    ("byz", "白云镇人民政府", "白云镇"),
    ("lxz", "龙溪镇人民政府", "龙溪镇"),
]

# Printed at start: one login per role.
DEMO_ACCOUNTS = [
    ("管理员", "admin"),
    ("公开办负责人", "gkb_head"),
    ("公开办经办人", "gkb_handler"),
    ("经办人", "fgj_handler"),
    ("科室负责人", "fgj_head"),
    ("分管领导", "fgj_leader"),
    ("法律顾问", "legal"),
    ("信息发布员", "fgj_publisher"),
    ("保密审查员", "fgj_secrecy"),
]


def _organisation_code(serial: int) -> str:
    """A 9-character 组织机构代码 with its GB 11714 check digit."""
    body = f"0072{serial:04d}"
    weights = (3, 7, 9, 10, 5, 8, 4, 2)
    total = sum(int(ch) * w for ch, w in zip(body, weights, strict=True))
    check = 11 - total % 11
    return body + ("X" if check == 10 else "0" if check == 11 else str(check))


def demo_credit_code(serial: int) -> str:
    first17 = "11" + DIVISION + _organisation_code(serial)
    assert all(ch in CREDIT_CODE_ALPHABET for ch in first17)
    return first17 + credit_code_check_char(first17)


def _office(short: str, n: int) -> dict:
    return {
        "office_name": f"{short}政府信息公开工作机构（办公室）",
        "office_address": f"{CITY}{DISTRICT}政务大道{n}号",
        "office_postcode": "519900",
        "office_hours": "工作日 上午9:00—12:00，下午14:00—17:30（法定节假日除外）",
        "office_phone": f"0799-8{n:03d}{n:04d}"[:13],
        "office_fax": f"0799-8{n:03d}0000"[:13],
        "office_email": f"gk{n:02d}@qingshan.example.gov.cn",
    }


def load() -> list[str]:
    if Organ.objects.filter(code=GOVERNMENT_CODE).exists():
        return ["机关与人员：演示数据已存在，未做改动。"]
    government = organ_create(
        actor=None,
        code=GOVERNMENT_CODE,
        name=f"{CITY}{DISTRICT}人民政府",
        short_name="青山区政府",
        level=Organ.Level.GOVERNMENT,
        credit_code=demo_credit_code(1),
        division_code=DIVISION,
        office_name="青山区人民政府办公室（区政务公开办公室）",
        office_address=f"{CITY}{DISTRICT}政务大道1号区政府大楼3楼",
        office_postcode="519900",
        office_hours="工作日 上午9:00—12:00，下午14:00—17:30（法定节假日除外）",
        office_phone="0799-82100001",
        office_fax="0799-82100002",
        office_email="zwgk@qingshan.example.gov.cn",
        office_website="https://www.qingshan.example.gov.cn/",
    )
    organs = {GOVERNMENT_CODE: government}
    for n, (suffix, tail, short) in enumerate(DEPARTMENTS, start=2):
        organs[suffix] = organ_create(
            actor=None,
            code=f"{GOVERNMENT_CODE}-{suffix}",
            name=f"{CITY}{DISTRICT}{tail}",
            short_name=short,
            level=Organ.Level.DEPARTMENT,
            parent=government,
            credit_code=demo_credit_code(n),
            division_code=DIVISION,
            sort_order=n,
            **_office(short, n),
        )
    for n, (suffix, tail, short) in enumerate(TOWNSHIPS, start=100):
        organs[suffix] = organ_create(
            actor=None,
            code=f"{GOVERNMENT_CODE}-{suffix}",
            name=f"{CITY}{DISTRICT}{tail}",
            short_name=short,
            level=Organ.Level.TOWNSHIP,
            parent=government,
            credit_code=demo_credit_code(n),
            division_code=DIVISION,
            sort_order=n,
            **_office(short, n),
        )

    hashed = make_password(DEMO_PASSWORD)  # one hash for every demo account keeps loading fast
    surnames = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈"
    given = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华"
    counter = 0

    def person(username: str, title: str, grants: list[tuple[Organ, str, str]]) -> User:
        nonlocal counter
        counter += 1
        name = (
            surnames[counter % len(surnames)]
            + given[(counter * 7) % len(given)]
            + (given[(counter * 3) % len(given)] if counter % 3 else "")
        )
        user = staff_create(
            actor=None,
            username=username,
            display_name=name,
            title=title,
            email=f"{username}@qingshan.example.gov.cn",
            memberships=grants,
        )
        User.objects.filter(pk=user.pk).update(password=hashed)
        return user

    SUB, OWN = Scope.SUBTREE, Scope.ORGAN
    person("admin", "信息中心主任", [(government, Role.ADMIN, SUB)])
    person("gkb_head", "区政务公开办主任", [(government, Role.OGI_HEAD, SUB)])
    person("gkb_handler", "区政务公开办科员", [(government, Role.HANDLER, SUB)])
    person("legal", "区政府法律顾问", [(government, Role.LEGAL, SUB)])
    person("gov_head", "区府办秘书科科长", [(government, Role.SECTION_HEAD, OWN)])
    person("gov_leader", "区政府办公室副主任", [(government, Role.LEADER, OWN)])
    person("gov_publisher", "区府办信息科科员", [(government, Role.PUBLISHER, OWN)])
    person("gov_secrecy", "区府办保密员", [(government, Role.SECRECY, OWN)])
    for suffix, _, short in DEPARTMENTS + TOWNSHIPS:
        organ = organs[suffix]
        person(f"{suffix}_handler", f"{short}办公室科员", [(organ, Role.HANDLER, OWN)])
        person(f"{suffix}_head", f"{short}办公室主任", [(organ, Role.SECTION_HEAD, OWN)])
        person(f"{suffix}_leader", f"{short}副局长", [(organ, Role.LEADER, OWN)])
        person(f"{suffix}_publisher", f"{short}信息员", [(organ, Role.PUBLISHER, OWN)])
        person(f"{suffix}_secrecy", f"{short}保密员", [(organ, Role.SECRECY, OWN)])
    return [
        f"机关与人员：{len(organs)} 个机关（1 个区政府、{len(DEPARTMENTS)} 个部门、"
        f"{len(TOWNSHIPS)} 个镇街），{User.objects.count()} 名工作人员，"
        f"{Membership.objects.count()} 个角色分配。"
    ]


def demo_logins() -> list[tuple[str, str, str]]:
    """(role label, username, password) for demo accounts whose password is still the demo one."""
    users = {u.username: u for u in User.objects.filter(username__in=[u for _, u in DEMO_ACCOUNTS])}
    logins = []
    for role, username in DEMO_ACCOUNTS:
        user = users.get(username)
        if user is not None and user.check_password(DEMO_PASSWORD):
            logins.append((role, username, DEMO_PASSWORD))
    return logins
