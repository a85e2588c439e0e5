from datetime import date

import pytest

from gongkai.calendars.schedule import ScheduleError, parse_schedule


def test_csv_with_chinese_kind_marks():
    text = "date,kind,name\n2027-01-01,休,元旦\n2027-02-07,班,春节\n"
    schedule = parse_schedule(text, filename="2027.csv")
    assert schedule.year == 2027
    assert [(e.day, e.kind, e.name) for e in schedule.entries] == [
        (date(2027, 1, 1), "holiday", "元旦"),
        (date(2027, 2, 7), "workday", "春节"),
    ]


def test_yaml_ranges_and_lists():
    text = (
        "year: 2027\nholidays:\n  春节: 2027-02-06..2027-02-08\nworkdays:\n  春节: [2027-02-14]\n"
    )
    schedule = parse_schedule(text, filename="2027.yaml")
    assert [e.day.day for e in schedule.entries] == [6, 7, 8, 14]


@pytest.mark.parametrize(
    "text,filename,message",
    [
        ("date,kind,name\n2027-13-01,休,元旦\n", "x.csv", "第2行"),
        (
            "date,kind,name\n2027-01-01,休,元旦\n2027-01-01,休,元旦\n",
            "x.csv",
            "第3行：2027-01-01 重复出现",
        ),
        ("date,kind,name\n2027-01-04,班,春节\n", "x.csv", "周六或周日"),
        ("date,kind,name\n2027-01-01,放,元旦\n", "x.csv", "类型"),
        ("day,kind,name\n2027-01-01,休,元旦\n", "x.csv", "缺少表头"),
        ("year: 2027\nholidays:\n  春节: 2027-02-08..2027-02-06\n", "x.yaml", "结束日早于开始日"),
        ("year: 2027\nholidays:\n  国庆: 2025-10-01\n", "x.yaml", "不属于2027年"),
        ("- a\n- b\n", "x.yaml", "YAML 映射"),
    ],
)
def test_bad_files_name_the_problem(text, filename, message):
    with pytest.raises(ScheduleError, match=message):
        parse_schedule(text, filename=filename)
