"""Name lists of the demo company, each entry as (English, Chinese).

The demo data set (`salesdash.demo.build`) picks every label from here by index, so the numbers of a
build depend only on the seed and the language changes nothing but the words.
"""

from __future__ import annotations

__all__ = [
    "ACTIVITY_OUTCOMES",
    "ACTIVITY_TYPES",
    "BRANDS",
    "CATALOG",
    "CHANNELS",
    "COMPETITORS",
    "COURSES",
    "CUSTOMER_STATUSES",
    "FEEDBACK_COMMENTS",
    "GEOGRAPHY",
    "GIVEN_NAMES",
    "INDUSTRIES",
    "LEVELS",
    "LOST_REASONS",
    "PUBLIC_BODIES",
    "SEGMENTS",
    "SURNAMES",
    "TEAMS",
]

Label = tuple[str, str]

# Region -> province -> cities, real Chinese geography; weights are the region's share of customers.
GEOGRAPHY: tuple[tuple[Label, float, tuple[tuple[Label, tuple[Label, ...]], ...]], ...] = (
    (
        ("East", "华东"),
        0.30,
        (
            (("Shanghai", "上海"), (("Shanghai", "上海"),)),
            (("Jiangsu", "江苏"), (("Nanjing", "南京"), ("Suzhou", "苏州"), ("Wuxi", "无锡"))),
            (("Zhejiang", "浙江"), (("Hangzhou", "杭州"), ("Ningbo", "宁波"))),
            (("Shandong", "山东"), (("Jinan", "济南"), ("Qingdao", "青岛"))),
            (("Anhui", "安徽"), (("Hefei", "合肥"),)),
            (("Fujian", "福建"), (("Fuzhou", "福州"), ("Xiamen", "厦门"))),
        ),
    ),
    (
        ("South", "华南"),
        0.22,
        (
            (
                ("Guangdong", "广东"),
                (("Guangzhou", "广州"), ("Shenzhen", "深圳"), ("Dongguan", "东莞"), ("Foshan", "佛山")),
            ),
            (("Guangxi", "广西"), (("Nanning", "南宁"),)),
            (("Hainan", "海南"), (("Haikou", "海口"),)),
        ),
    ),
    (
        ("North", "华北"),
        0.18,
        (
            (("Beijing", "北京"), (("Beijing", "北京"),)),
            (("Tianjin", "天津"), (("Tianjin", "天津"),)),
            (("Hebei", "河北"), (("Shijiazhuang", "石家庄"), ("Tangshan", "唐山"))),
            (("Shanxi", "山西"), (("Taiyuan", "太原"),)),
            (("Inner Mongolia", "内蒙古"), (("Hohhot", "呼和浩特"),)),
        ),
    ),
    (
        ("Southwest", "西南"),
        0.12,
        (
            (("Sichuan", "四川"), (("Chengdu", "成都"), ("Mianyang", "绵阳"))),
            (("Chongqing", "重庆"), (("Chongqing", "重庆"),)),
            (("Yunnan", "云南"), (("Kunming", "昆明"),)),
            (("Guizhou", "贵州"), (("Guiyang", "贵阳"),)),
        ),
    ),
    (
        ("Central", "华中"),
        0.11,
        (
            (("Hubei", "湖北"), (("Wuhan", "武汉"), ("Yichang", "宜昌"))),
            (("Hunan", "湖南"), (("Changsha", "长沙"),)),
            (("Henan", "河南"), (("Zhengzhou", "郑州"), ("Luoyang", "洛阳"))),
            (("Jiangxi", "江西"), (("Nanchang", "南昌"),)),
        ),
    ),
    (
        ("Northeast", "东北"),
        0.07,
        (
            (("Liaoning", "辽宁"), (("Shenyang", "沈阳"), ("Dalian", "大连"))),
            (("Jilin", "吉林"), (("Changchun", "长春"),)),
            (("Heilongjiang", "黑龙江"), (("Harbin", "哈尔滨"),)),
        ),
    ),
)

# Sales teams: (name, region index, number of reps). East is big enough for two teams.
TEAMS: tuple[tuple[Label, int, int], ...] = (
    (("East 1", "华东一部"), 0, 7),
    (("East 2", "华东二部"), 0, 6),
    (("South", "华南部"), 1, 8),
    (("North", "华北部"), 2, 7),
    (("Southwest", "西南部"), 3, 5),
    (("Central", "华中部"), 4, 4),
    (("Northeast", "东北部"), 5, 3),
)

SURNAMES: tuple[Label, ...] = (
    ("Wang", "王"), ("Li", "李"), ("Zhang", "张"), ("Liu", "刘"), ("Chen", "陈"), ("Yang", "杨"),
    ("Zhao", "赵"), ("Huang", "黄"), ("Zhou", "周"), ("Wu", "吴"), ("Xu", "徐"), ("Sun", "孙"),
    ("Hu", "胡"), ("Zhu", "朱"), ("Gao", "高"), ("Lin", "林"), ("He", "何"), ("Guo", "郭"),
    ("Ma", "马"), ("Luo", "罗"), ("Liang", "梁"), ("Song", "宋"), ("Zheng", "郑"), ("Xie", "谢"),
)  # fmt: skip

GIVEN_NAMES: tuple[Label, ...] = (
    ("Wei", "伟"), ("Fang", "芳"), ("Na", "娜"), ("Min", "敏"), ("Jing", "静"), ("Lei", "磊"),
    ("Qiang", "强"), ("Yang", "洋"), ("Yan", "艳"), ("Jie", "杰"), ("Tao", "涛"), ("Ming", "明"),
    ("Chao", "超"), ("Xiuying", "秀英"), ("Hua", "华"), ("Ping", "平"), ("Gang", "刚"), ("Hui", "慧"),
    ("Jun", "军"), ("Li", "丽"), ("Yong", "勇"), ("Xin", "鑫"), ("Bin", "斌"), ("Ting", "婷"),
    ("Haoran", "浩然"), ("Zihan", "子涵"), ("Yuxuan", "宇轩"), ("Shuang", "爽"), ("Kai", "凯"), ("Lu", "璐"),
)  # fmt: skip

LEVELS: tuple[str, ...] = ("junior", "senior")

# Customer segments with their share of customers; channel weights (Direct, Distributor, Online).
SEGMENTS: tuple[tuple[Label, float, tuple[float, float, float]], ...] = (
    (("Enterprise", "大客户"), 0.20, (0.80, 0.15, 0.05)),
    (("SMB", "中小企业"), 0.62, (0.25, 0.45, 0.30)),
    (("Public sector", "政府机构"), 0.18, (0.55, 0.45, 0.00)),
)

CHANNELS: tuple[Label, ...] = (("Direct", "直销"), ("Distributor", "经销"), ("Online", "线上"))

# Industries of companies: (label, word used in a company name).
INDUSTRIES: tuple[tuple[Label, Label], ...] = (
    (("Manufacturing", "制造业"), ("Manufacturing", "制造")),
    (("Retail", "零售"), ("Retail", "商贸")),
    (("Finance", "金融"), ("Financial Services", "金融服务")),
    (("Healthcare", "医疗"), ("Medical", "医疗器械")),
    (("Logistics", "物流"), ("Logistics", "物流")),
    (("Energy", "能源"), ("Energy", "能源")),
    (("Internet", "互联网"), ("Technology", "科技")),
    (("Education", "教育"), ("Education Technology", "教育科技")),
)

PUBLIC_INDUSTRY: Label = ("Government", "政府")

# Public-sector bodies: the name is "<city> <body>".
PUBLIC_BODIES: tuple[Label, ...] = (
    ("People's Hospital", "市人民医院"), ("Education Bureau", "市教育局"), ("Big Data Bureau", "市大数据局"),
    ("Tax Service", "市税务局"), ("Vocational College", "职业技术学院"), ("Water Supply Group", "市自来水集团"),
    ("Public Transport Group", "市公交集团"), ("Central Hospital", "市中心医院"), ("No. 1 Middle School", "市第一中学"),
    ("Housing Fund Center", "住房公积金管理中心"), ("Radio & TV Station", "广播电视台"), ("Metro Group", "地铁集团"),
)  # fmt: skip

BRANDS: tuple[Label, ...] = (
    ("Tianyu", "天宇"), ("Huasheng", "华盛"), ("Hengtai", "恒泰"), ("Jinhui", "金辉"), ("Xinda", "信达"),
    ("Ruifeng", "瑞丰"), ("Haoyuan", "浩源"), ("Zhongcheng", "中诚"), ("Boyuan", "博远"), ("Dingsheng", "鼎盛"),
    ("Yongxin", "永鑫"), ("Kaida", "凯达"), ("Mingrui", "明锐"), ("Lianchuang", "联创"), ("Xinghe", "星河"),
    ("Guangda", "广达"), ("Huayi", "华翼"), ("Jiahe", "嘉禾"), ("Shengshi", "盛世"), ("Baichuan", "百川"),
    ("Wanfang", "万方"), ("Yuanhang", "远航"), ("Zhiyuan", "致远"), ("Fuxing", "富兴"), ("Tongda", "通达"),
    ("Lixin", "立信"), ("Qiming", "启明"), ("Dongsheng", "东升"), ("Haina", "海纳"), ("Yunfan", "云帆"),
    ("Chuangyi", "创意"), ("Hongtu", "宏图"), ("Xinyuan", "鑫源"), ("Huaxia", "华夏"), ("Jinqiao", "金桥"),
    ("Ruida", "锐达"), ("Anke", "安科"), ("Tianrun", "天润"), ("Zhongxing", "众兴"), ("Yida", "亿达"),
)  # fmt: skip

COMPANY_SUFFIX: Label = (" Co., Ltd.", "有限公司")
BRANCH: Label = (" Branch {n}", "第{n}分公司")

# Codes, the same in both languages (like opportunity status).
CUSTOMER_STATUSES: tuple[str, ...] = ("active", "churned")

# Catalog: category -> (subcategory, product line, list price low/high, unit-cost ratio, max quantity, models).
CATALOG: tuple[tuple[Label, tuple[tuple[Label, Label, int, int, float, int, tuple[str, ...]], ...]], ...] = (
    (
        ("Servers", "服务器"),
        (
            (("Rack servers", "机架服务器"), ("Rack Server", "机架服务器"), 28000, 95000, 0.68, 12, ("R220", "R440", "R660", "R860")),
            (("Edge servers", "边缘服务器"), ("Edge Server", "边缘服务器"), 15000, 40000, 0.64, 20, ("E120", "E340", "E560", "E780")),
        ),
    ),
    (
        ("Networking", "网络设备"),
        (
            (("Switches", "交换机"), ("Switch", "交换机"), 3000, 48000, 0.58, 40, ("S2400", "S5700", "S6800", "S9300", "S12700")),
            (("Routers", "路由器"), ("Router", "路由器"), 5000, 60000, 0.60, 20, ("AR1200", "AR3600", "AR6300")),
            (("Wireless", "无线"), ("Wireless AP", "无线接入点"), 900, 6000, 0.55, 120, ("AP300", "AP700", "AP900", "AC6500")),
        ),
    ),
    (
        ("Storage", "存储"),
        (
            (("All-flash arrays", "全闪存阵列"), ("Flash Array", "全闪存阵列"), 120000, 480000, 0.66, 4, ("F3000", "F5000", "F8000")),
            (("Backup appliances", "备份一体机"), ("Backup Appliance", "备份一体机"), 40000, 150000, 0.62, 6, ("B200", "B600", "B900", "B1200")),
        ),
    ),
    (
        ("Software", "软件"),
        (
            (("Database licences", "数据库许可"), ("Database", "数据库"), 20000, 200000, 0.18, 10, ("Standard", "Enterprise")),
            (("Security suites", "安全套件"), ("Guard", "安全卫士"), 8000, 90000, 0.22, 30, ("Lite", "Cloud", "Pro", "Max")),
            (("Office cloud", "办公云"), ("Office Cloud", "办公云"), 300, 2400, 0.25, 400, ("Basic", "Team", "Premium")),
        ),
    ),
    (
        ("Services", "服务"),
        (
            (("Installation", "实施安装"), ("Installation", "实施服务"), 5000, 60000, 0.55, 6, ("Standard", "Advanced", "Turnkey")),
            (("Maintenance", "维保服务"), ("Care", "维保"), 8000, 120000, 0.40, 8, ("Silver 1Y", "Gold 1Y", "Gold 3Y", "Platinum 3Y")),
            (("Training", "培训服务"), ("Academy", "培训"), 3000, 30000, 0.35, 10, ("Admin", "Engineer", "Expert")),
        ),
    ),
    (
        ("Peripherals", "外设"),
        (
            (("Monitors", "显示器"), ("Monitor", "显示器"), 900, 5000, 0.72, 200, ("M24", "M27", "M32 4K", "M34 Curved")),
            (("Printers", "打印机"), ("Printer", "打印机"), 1500, 18000, 0.70, 60, ("P1100", "P3300", "P5500", "P7700")),
            (("UPS", "不间断电源"), ("UPS", "UPS电源"), 2000, 36000, 0.65, 40, ("U1K", "U3K", "U10K", "U20K")),
        ),
    ),
)  # fmt: skip

COMPETITORS: tuple[Label, ...] = (
    ("Huaxin Tech", "华信科技"),
    ("Zhongke Systems", "中科系统"),
    ("Dongfang Digital", "东方数码"),
    ("Tianyuan Solutions", "天元方案"),
)

LOST_REASONS: tuple[Label, ...] = (
    ("Price", "价格"),
    ("Lost to competitor", "输给竞争对手"),
    ("No budget", "无预算"),
    ("Project postponed", "项目延期"),
    ("Requirements not met", "需求不匹配"),
)

# Activity types with their share of activities.
ACTIVITY_TYPES: tuple[tuple[Label, float], ...] = (
    (("Call", "电话"), 0.45),
    (("Email", "邮件"), 0.30),
    (("Visit", "拜访"), 0.18),
    (("Demo", "演示"), 0.07),
)

ACTIVITY_OUTCOMES: tuple[Label, ...] = (
    ("Positive", "积极"),
    ("Neutral", "一般"),
    ("No answer", "未接通"),
    ("Follow-up scheduled", "已约下次"),
)

COURSES: tuple[Label, ...] = (
    ("CRM basics", "CRM系统入门"),
    ("Product training: servers & storage", "产品培训：服务器与存储"),
    ("Consultative selling", "顾问式销售"),
    ("Negotiation skills", "商务谈判技巧"),
    ("Solution selling", "解决方案销售"),
    ("Key account management", "大客户管理"),
    ("Public-sector bidding", "政府采购投标"),
    ("Product training: software & cloud", "产品培训：软件与云"),
)

# Comments by score band: (lowest score of the band, comments).
FEEDBACK_COMMENTS: tuple[tuple[int, tuple[Label, ...]], ...] = (
    (1, (("Delivery was late twice", "两次延迟交货"), ("Nobody answered our service calls", "售后电话无人接听"))),
    (5, (("Price is too high for what we get", "性价比不高"), ("Installation took longer than promised", "实施周期比承诺长"))),
    (7, (("Good products, slow quotes", "产品不错，报价较慢"), ("Solid service overall", "整体服务尚可"))),
    (9, (("Excellent account manager", "客户经理非常专业"), ("Fast delivery and great support", "交付快，支持到位"))),
)  # fmt: skip
