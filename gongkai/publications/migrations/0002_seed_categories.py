"""Seed the default 主题分类 tree (gov.cn's 公文主题分类); administrators edit it afterwards."""

from django.db import migrations

from gongkai.publications.data.categories import seed_categories


def seed(apps, schema_editor):
    seed_categories(apps.get_model("publications", "Category"))


class Migration(migrations.Migration):
    dependencies = [("publications", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
