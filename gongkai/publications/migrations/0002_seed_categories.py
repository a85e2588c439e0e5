"""Seed the default 主题分类 tree (gov.cn's 公文主题分类); administrators edit it afterwards."""

from django.db import migrations

from gongkai.publications.data.categories import CATEGORIES


def seed(apps, schema_editor):
    Category = apps.get_model("publications", "Category")
    for n, (code, name, children) in enumerate(CATEGORIES, start=1):
        parent, _ = Category.objects.get_or_create(
            code=code,
            defaults={"name": name, "path": f"/{code}/", "label": name, "sort_order": n},
        )
        for m, (child_code, child_name) in enumerate(children, start=1):
            Category.objects.get_or_create(
                code=child_code,
                defaults={
                    "name": child_name,
                    "parent": parent,
                    "path": f"{parent.path}{child_code}/",
                    "label": f"{parent.label}\\{child_name}",
                    "sort_order": m,
                },
            )


class Migration(migrations.Migration):
    dependencies = [("publications", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
