"""The default 主题分类 tree (the State Council's 公文主题分类 used by gov.cn's catalogue), seeded
by migration and edited by administrators afterwards. (code, name, children)."""

CATEGORIES = [
    (
        "01",
        "综合政务",
        [
            ("0101", "政务公开"),
            ("0102", "应急管理"),
            ("0103", "电子政务"),
            ("0104", "政务督查"),
            ("0105", "机构职能"),
            ("0199", "其他"),
        ],
    ),
    (
        "02",
        "国民经济管理、国有资产监管",
        [
            ("0201", "发展规划"),
            ("0202", "经济体制改革"),
            ("0203", "国有资产监管"),
            ("0204", "统计"),
            ("0205", "物价"),
        ],
    ),
    (
        "03",
        "财政、金融、审计",
        [("0301", "财政"), ("0302", "税务"), ("0303", "金融"), ("0304", "审计")],
    ),
    ("04", "国土资源、能源", [("0401", "土地"), ("0402", "矿产"), ("0403", "能源")]),
    (
        "05",
        "农业、林业、水利",
        [("0501", "农业、畜牧业、渔业"), ("0502", "林业"), ("0503", "水利")],
    ),
    (
        "06",
        "工业、交通",
        [("0601", "工业"), ("0602", "交通"), ("0603", "信息产业"), ("0604", "邮政")],
    ),
    ("07", "商贸、海关、旅游", [("0701", "商贸"), ("0702", "海关"), ("0703", "旅游")]),
    (
        "08",
        "市场监管、安全生产监管",
        [("0801", "市场监管"), ("0802", "安全生产监管"), ("0803", "食品药品监管")],
    ),
    (
        "09",
        "城乡建设、环境保护",
        [
            ("0901", "城乡规划"),
            ("0902", "城市建设"),
            ("0903", "住房保障"),
            ("0904", "节能与资源综合利用"),
            ("0905", "环境监测、保护与治理"),
        ],
    ),
    ("10", "科技、教育", [("1001", "科技"), ("1002", "教育")]),
    ("11", "文化、广电、新闻出版", [("1101", "文化"), ("1102", "广播影视"), ("1103", "新闻出版")]),
    ("12", "卫生、体育", [("1201", "卫生"), ("1202", "体育")]),
    ("13", "人口与计划生育、妇女儿童工作", [("1301", "人口与计划生育"), ("1302", "妇女儿童")]),
    ("14", "劳动、人事、监察", [("1401", "就业"), ("1402", "社会保障"), ("1403", "人事工作")]),
    ("15", "公安、安全、司法", [("1501", "公安"), ("1502", "司法")]),
    (
        "16",
        "民政、扶贫、救灾",
        [
            ("1601", "社会救助"),
            ("1602", "扶贫"),
            ("1603", "减灾救灾"),
            ("1604", "社区建设"),
            ("1605", "养老服务"),
        ],
    ),
    ("17", "民族、宗教", []),
    ("18", "对外事务", []),
    ("19", "港澳台侨工作", []),
    ("20", "国防", []),
    ("21", "其他", []),
]


def seed_categories(category_model) -> None:
    """Create the default tree's missing nodes (idempotent). Takes the model class so that the
    migration can pass its historical model."""
    if category_model.objects.filter(code="01").exists():
        return
    for n, (code, name, children) in enumerate(CATEGORIES, start=1):
        parent, _ = category_model.objects.get_or_create(
            code=code,
            defaults={"name": name, "path": f"/{code}/", "label": name, "sort_order": n},
        )
        for m, (child_code, child_name) in enumerate(children, start=1):
            category_model.objects.get_or_create(
                code=child_code,
                defaults={
                    "name": child_name,
                    "parent": parent,
                    "path": f"{parent.path}{child_code}/",
                    "label": f"{parent.label}\\{child_name}",
                    "sort_order": m,
                },
            )
