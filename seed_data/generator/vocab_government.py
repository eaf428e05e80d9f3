"""Fujian's government as the generator knows it: the province, its cities, departments,
bureaus, districts and zones, in English and Chinese."""

from __future__ import annotations

from tracker.models import OrganisationKind

PROVINCE = ("Fujian", "福建")
PROVINCIAL_GOVERNMENT = "Fujian Provincial People's Government"
PROVINCIAL_PARTY_COMMITTEE = "CPC Fujian Provincial Committee"

# (English, Chinese) of Fujian's nine prefecture-level cities, busiest first.
CITIES = [
    ("Fuzhou", "福州"),
    ("Xiamen", "厦门"),
    ("Quanzhou", "泉州"),
    ("Zhangzhou", "漳州"),
    ("Putian", "莆田"),
    ("Ningde", "宁德"),
    ("Longyan", "龙岩"),
    ("Sanming", "三明"),
    ("Nanping", "南平"),
]

# Provincial departments: (English name, Chinese name, head title, deputy title), most engaged first.
PROVINCIAL_DEPARTMENTS = [
    (
        "Fujian Provincial Department of Commerce",
        "福建省商务厅",
        "Director-General",
        "Deputy Director-General",
    ),
    (
        "Fujian Provincial Development and Reform Commission",
        "福建省发展和改革委员会",
        "Director",
        "Deputy Director",
    ),
    (
        "Fujian Provincial Department of Industry and Information Technology",
        "福建省工业和信息化厅",
        "Director-General",
        "Deputy Director-General",
    ),
    ("Fujian Provincial Big Data Administration", "福建省大数据管理局", "Director", "Deputy Director"),
    (
        "Fujian Provincial Department of Science and Technology",
        "福建省科学技术厅",
        "Director-General",
        "Deputy Director-General",
    ),
    (
        "State-owned Assets Supervision and Administration Commission of Fujian",
        "福建省人民政府国有资产监督管理委员会",
        "Director",
        "Deputy Director",
    ),
    (
        "Fujian Provincial Department of Finance",
        "福建省财政厅",
        "Director-General",
        "Deputy Director-General",
    ),
    (
        "Fujian Provincial Department of Education",
        "福建省教育厅",
        "Director-General",
        "Deputy Director-General",
    ),
    ("Fujian Provincial Health Commission", "福建省卫生健康委员会", "Director", "Deputy Director"),
    (
        "Fujian Provincial Department of Ecology and Environment",
        "福建省生态环境厅",
        "Director-General",
        "Deputy Director-General",
    ),
    (
        "Fujian Provincial Department of Transport",
        "福建省交通运输厅",
        "Director-General",
        "Deputy Director-General",
    ),
    (
        "Fujian Provincial Department of Culture and Tourism",
        "福建省文化和旅游厅",
        "Director-General",
        "Deputy Director-General",
    ),
    (
        "Fujian Provincial Department of Human Resources and Social Security",
        "福建省人力资源和社会保障厅",
        "Director-General",
        "Deputy Director-General",
    ),
    (
        "Fujian Provincial Department of Housing and Urban-Rural Development",
        "福建省住房和城乡建设厅",
        "Director-General",
        "Deputy Director-General",
    ),
    (
        "Fujian Provincial Department of Agriculture and Rural Affairs",
        "福建省农业农村厅",
        "Director-General",
        "Deputy Director-General",
    ),
    (
        "Fujian Provincial Department of Natural Resources",
        "福建省自然资源厅",
        "Director-General",
        "Deputy Director-General",
    ),
    (
        "Fujian Provincial Market Supervision Administration",
        "福建省市场监督管理局",
        "Director",
        "Deputy Director",
    ),
    (
        "Fujian Provincial Department of Ocean and Fisheries",
        "福建省海洋与渔业局",
        "Director",
        "Deputy Director",
    ),
    ("Fujian Provincial Foreign Affairs Office", "福建省人民政府外事办公室", "Director", "Deputy Director"),
    (
        "Fujian Provincial Taiwan Affairs Office",
        "福建省人民政府台湾事务办公室",
        "Director",
        "Deputy Director",
    ),
]
PARTY_DEPARTMENTS = [
    ("Organisation Department of the CPC Fujian Provincial Committee", "中共福建省委组织部"),
    ("Publicity Department of the CPC Fujian Provincial Committee", "中共福建省委宣传部"),
    ("United Front Work Department of the CPC Fujian Provincial Committee", "中共福建省委统战部"),
]
# Municipal bureaus created in every city: (English suffix, Chinese suffix).
CITY_BUREAUS = [
    ("Municipal Bureau of Commerce", "市商务局"),
    ("Municipal Development and Reform Commission", "市发展和改革委员会"),
    ("Municipal Bureau of Industry and Information Technology", "市工业和信息化局"),
    ("Municipal Bureau of Science and Technology", "市科学技术局"),
    ("Municipal Big Data Bureau", "市大数据管理局"),
    ("Municipal Investment Promotion Bureau", "市投资促进局"),
    ("Municipal Bureau of Culture and Tourism", "市文化和旅游局"),
    ("Municipal Health Commission", "市卫生健康委员会"),
    ("Municipal Bureau of Ecology and Environment", "市生态环境局"),
    ("Municipal Bureau of Education", "市教育局"),
]
# Districts, county-level cities and zones: (English, Chinese, parent city index).
DISTRICTS = [
    ("Gulou District", "鼓楼区", 0),
    ("Cangshan District", "仓山区", 0),
    ("Mawei District", "马尾区", 0),
    ("Changle District", "长乐区", 0),
    ("Fuqing", "福清市", 0),
    ("Siming District", "思明区", 1),
    ("Huli District", "湖里区", 1),
    ("Jimei District", "集美区", 1),
    ("Haicang District", "海沧区", 1),
    ("Xiang'an District", "翔安区", 1),
    ("Jinjiang", "晋江市", 2),
    ("Shishi", "石狮市", 2),
    ("Nan'an", "南安市", 2),
    ("Zhangpu County", "漳浦县", 3),
    ("Longhai District", "龙海区", 3),
    ("Xianyou County", "仙游县", 4),
    ("Fu'an", "福安市", 5),
    ("Xinluo District", "新罗区", 6),
    ("Yong'an", "永安市", 7),
    ("Wuyishan", "武夷山市", 8),
]
ZONES = [
    ("Pingtan Comprehensive Experimental Zone Administrative Committee", "平潭综合实验区管理委员会"),
    ("Fuzhou New Area Administrative Committee", "福州新区管理委员会"),
    (
        "Xiamen Torch Hi-tech Industrial Development Zone Administrative Committee",
        "厦门火炬高技术产业开发区管理委员会",
    ),
]


def government_specs() -> list[dict]:
    """Every government body the story can use, in the order they are taken (parents first)."""
    gov, party = PROVINCIAL_GOVERNMENT, PROVINCIAL_PARTY_COMMITTEE
    body, organ = OrganisationKind.GOVERNMENT_BODY, OrganisationKind.PARTY_ORGAN
    specs = [
        dict(
            name=gov,
            local_name="福建省人民政府",
            kind=body,
            family="provincial_government",
            weight=10,
            parent=None,
            aliases=["Fujian Provincial Government", "The Provincial Government", "福建省政府"],
        ),
        dict(
            name=party,
            local_name="中共福建省委",
            kind=organ,
            family="party_committee",
            weight=5,
            parent=None,
            aliases=["Fujian Provincial Party Committee", "福建省委"],
        ),
    ]
    departments = [
        dict(
            name=n,
            local_name=z,
            kind=body,
            family=("department", head, deputy),
            parent=gov,
            weight=6 if i < 5 else 3,
        )
        for i, (n, z, head, deputy) in enumerate(PROVINCIAL_DEPARTMENTS)
    ]
    city_govs = [
        dict(
            name=f"{c} Municipal People's Government",
            local_name=f"{z}市人民政府",
            kind=body,
            family="city_government",
            parent=gov,
            weight=8 if i < 2 else 4,
            city=c,
        )
        for i, (c, z) in enumerate(CITIES)
    ]
    specs += departments[:5] + city_govs[:3] + departments[5:] + city_govs[3:]
    specs += [
        dict(name=n, local_name=z, kind=organ, family="party_department", parent=party, weight=1.5)
        for n, z in PARTY_DEPARTMENTS
    ]
    specs += [
        dict(
            name=f"CPC {c} Municipal Committee",
            local_name=f"中共{z}市委",
            kind=organ,
            family="city_party",
            parent=party,
            weight=2,
            city=c,
        )
        for c, z in CITIES
    ]
    for c, z in CITIES:
        specs += [
            dict(
                name=f"{c} {en}",
                local_name=f"{z}{zh}",
                kind=body,
                family="city_bureau",
                parent=f"{c} Municipal People's Government",
                weight=1.5,
                city=c,
            )
            for en, zh in CITY_BUREAUS
        ]
    for en, zh, city_index in DISTRICTS:
        city, city_zh = CITIES[city_index]
        specs.append(
            dict(
                name=f"{en} People's Government, {city}",
                local_name=f"{city_zh}市{zh}人民政府",
                kind=body,
                family="district",
                parent=f"{city} Municipal People's Government",
                weight=1,
                city=city,
            )
        )
    specs += [dict(name=n, local_name=z, kind=body, family="zone", parent=gov, weight=2) for n, z in ZONES]
    return specs
