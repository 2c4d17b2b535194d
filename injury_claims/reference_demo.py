"""Demo data of the reference databases. Idempotent: an entry whose key exists already is left alone.

* Compensation standards: only the figures LAW.md §4 gives for the demo branches' regions (吉林, 广东 and its
  separately administered 深圳, 四川), each with its source. A figure LAW.md lacks or marks UNCONFIRMED is left
  empty, never made up. Only Jilin's court standard states its effective window; for the others the window is an
  assumption (the calendar year after the statistical year, interpretation Art. 22), so they are marked sample data
  and the source says what is assumed. None of them is in force after 2025: the current figures have to be added.
* Drugs, services and materials (about 300) and disability aids (about 30): a realistic sample generated from the
  short lists below, every entry marked sample data and coded SAMPLE-…; they are not an official list.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.db import transaction
from simple_history.utils import bulk_create_with_history

from .models import AidCategory, CompensationStandard, DisabilityAid, DrugItem, DrugKind, IndustryWage

D = Decimal
UNCONFIRMED = "LAW.md 未给出或标为 UNCONFIRMED 的数字留空。"
ASSUMED = "生效期间为假设：按解释第22条“上一统计年度”推定为统计年度的次年全年；法院当年计算标准未确认，故标为样例数据。"

# (province, area, stat year, from, to, income, consumption, average wage, funeral, meal/day, sample, source, url,
#  industry wages [(industry, yearly, daily)])
STANDARDS = [
    ("22", "", 2022, "2023-09-01", "2024-08-31", "35471", "21835", "87222", "43611", "100", False,
     "吉林省高级人民法院《2023年度人身损害赔偿执行标准》（吉高法〔2023〕112号，2023-07-26），执行期 2023-09-01 至 "
     "2024-08-31（二手转载）。职工平均工资 87,222 元由丧葬费 43,611 元×2 推算；日平均工资按法院公布。护理费日标准"
     "（居民服务、维修和其他服务业）LAW.md 未给出，留空。2024 年度标准未确认。",
     "https://m.001doc.com/doc/679693.html",
     [("全行业平均", None, "334.18"), ("农、林、牧、渔业", None, "222.20")]),
    ("44", "", 2023, "2024-01-01", "2024-12-31", "59306.60", "39333.30", None, None, None, True,
     "《广东统计年鉴2024》表10-22（镜像）；国家统计局广东调查总队。职工平均工资未确认。" + UNCONFIRMED + ASSUMED,
     "https://nianjianbao.com/2024gdtjnj/directory/10/html/10-22.htm", []),
    ("44", "", 2021, "2022-01-01", "2022-12-31", "54854", "36621", None, None, None, True,
     "国家统计局广东调查总队发布（镜像）。" + UNCONFIRMED + ASSUMED,
     "http://www.bbjpxb.cn/zwgk/sjfb/mssj/rjkzpsr/content/post_3767533.html", []),
    ("44", "", 2020, "2021-01-01", "2021-12-31", "50257", None, None, None, None, True,
     "《广东省2021年度人身损害赔偿计算标准》（粤高法〔2021〕80号）一般地区（二手转载），仅有城镇居民人均可支配收入。"
     + UNCONFIRMED + ASSUMED,
     "http://www.hhogas.cn/home/info/detail/id/1128/tid/103.html", []),
    ("44", "深圳", 2020, "2021-01-01", "2021-12-31", "64878", None, None, None, None, True,
     "《广东省2021年度人身损害赔偿计算标准》（粤高法〔2021〕80号）深圳（计划单列市）行（二手转载），仅有城镇居民人均"
     "可支配收入。" + UNCONFIRMED + ASSUMED,
     "http://www.hhogas.cn/home/info/detail/id/1128/tid/103.html", []),
    ("51", "", 2022, "2023-01-01", "2023-12-31", "43233", "27637", None, None, None, True,
     "国家统计局四川调查总队 2023-01-17 发布（镜像）。职工平均工资未确认。" + UNCONFIRMED + ASSUMED,
     "http://m.lvshi.eeju.com/xwzx/2023/0117/10325.html", []),
    ("51", "", 2024, "2025-01-01", "2025-12-31", "47336", None, None, None, None, True,
     "国家统计局四川调查总队（转载）。城镇居民人均消费支出未确认（24,878 元为全体居民数字，不适用）。"
     + UNCONFIRMED + ASSUMED,
     "http://fgljy.com/main/ShowNews_77783.html", []),
]  # fmt: skip

# --- drugs: name|dosage form|category|unit|spec:price;spec:price|payment restriction --------------------------------
DRUGS = """
阿莫西林胶囊|胶囊剂|a|盒|0.25g×24粒:8.50;0.5g×24粒:14.80
头孢呋辛酯片|片剂|b|盒|0.25g×12片:18.60;0.125g×12片:11.20
注射用头孢曲松钠|注射剂|a|支|1.0g:6.80;2.0g:12.50
注射用头孢唑林钠|注射剂|a|支|0.5g:3.20;1.0g:5.60
左氧氟沙星氯化钠注射液|注射剂|b|瓶|100ml:0.5g:12.40
甲硝唑氯化钠注射液|注射剂|a|瓶|100ml:0.5g:3.50
布洛芬缓释胶囊|胶囊剂|a|盒|0.3g×20粒:12.00;0.3g×10粒:6.80
双氯芬酸钠缓释片|片剂|a|盒|75mg×10片:8.00
塞来昔布胶囊|胶囊剂|b|盒|0.2g×6粒:25.60;0.2g×10粒:39.80
氨酚羟考酮片|片剂|b|盒|5mg/325mg×10片:35.00
盐酸曲马多缓释片|片剂|b|盒|0.1g×10片:15.20
盐酸吗啡注射液|注射剂|a|支|1ml:10mg:3.50
地佐辛注射液|注射剂|b|支|1ml:5mg:55.00|限术后镇痛
氯化钠注射液|注射剂|a|袋|0.9% 100ml:2.50;0.9% 250ml:3.00;0.9% 500ml:3.80
葡萄糖注射液|注射剂|a|袋|5% 250ml:3.00;5% 500ml:3.60;10% 500ml:4.20
葡萄糖氯化钠注射液|注射剂|a|袋|500ml:3.50
复方氯化钠注射液|注射剂|a|袋|500ml:3.20
乳酸钠林格注射液|注射剂|a|袋|500ml:6.00
羟乙基淀粉130/0.4氯化钠注射液|注射剂|b|袋|500ml:45.00|限低血容量性休克的治疗
人血白蛋白|注射剂|b|瓶|10g:380.00;5g:198.00|限抢救、重症或因肝硬化、癌症引起胸腹水的患者，且白蛋白低于30g/L
甘露醇注射液|注射剂|a|瓶|20% 250ml:8.00;20% 125ml:5.20
注射用七叶皂苷钠|注射剂|b|支|5mg:18.00;10mg:32.00|限脑水肿的二线治疗
氨甲环酸注射液|注射剂|a|支|5ml:0.5g:4.00
注射用血凝酶|注射剂|b|支|1单位:35.00|限出血且无法使用其他止血药的患者
酚磺乙胺注射液|注射剂|a|支|2ml:0.5g:1.50
破伤风抗毒素|注射剂|a|支|1500IU:12.00
破伤风人免疫球蛋白|注射剂|b|瓶|250IU:180.00|限有破伤风抗毒素过敏史的患者
注射用奥美拉唑钠|注射剂|b|支|40mg:12.00|限有说明书标明的疾病诊断且有禁食医嘱或吞咽困难的患者
泮托拉唑钠肠溶片|片剂|b|盒|40mg×7片:25.00
盐酸昂丹司琼注射液|注射剂|b|支|4ml:8mg:8.00
甲钴胺片|片剂|b|盒|0.5mg×20片:20.00|限周围神经病变
注射用鼠神经生长因子|注射剂|b|支|30μg:200.00;20μg:140.00|限视神经损伤、神经创伤性疾病患者
依达拉奉注射液|注射剂|b|支|20ml:30mg:70.00|限急性脑梗死患者
注射用奥拉西坦|注射剂|c|支|1.0g:45.00
胞磷胆碱钠注射液|注射剂|b|支|2ml:0.25g:8.00
单唾液酸四己糖神经节苷脂钠注射液|注射剂|self|支|2ml:20mg:95.00
前列地尔注射液|注射剂|b|支|2ml:10μg:60.00
低分子量肝素钙注射液|注射剂|b|支|0.4ml:4100IU:30.00;0.6ml:6150IU:42.00
利伐沙班片|片剂|b|盒|10mg×5片:60.00
伤科接骨片|片剂|b|盒|0.33g×36片:28.00
云南白药胶囊|胶囊剂|a|盒|0.25g×16粒:28.00;0.25g×32粒:52.00
活血止痛胶囊|胶囊剂|b|盒|0.25g×48粒:25.00
骨肽注射液|注射剂|c|支|2ml:10mg:15.00
鹿瓜多肽注射液|注射剂|self|支|2ml:4mg:35.00
红花注射液|注射剂|b|支|5ml:10.00|限二级及以上医疗机构
丹参注射液|注射剂|b|支|10ml:6.50
肌苷注射液|注射剂|c|支|5ml:0.2g:3.00
维生素C注射液|注射剂|a|支|2ml:0.5g:1.00
维生素B6注射液|注射剂|a|支|2ml:0.1g:0.80
氯化钾注射液|注射剂|a|支|10ml:1.5g:1.00
地塞米松磷酸钠注射液|注射剂|a|支|1ml:5mg:0.80
盐酸利多卡因注射液|注射剂|a|支|5ml:0.1g:1.20
盐酸罗哌卡因注射液|注射剂|b|支|10ml:100mg:35.00
丙泊酚乳状注射液|注射剂|a|支|20ml:0.2g:30.00;50ml:0.5g:68.00
咪达唑仑注射液|注射剂|b|支|1ml:5mg:8.00
枸橼酸舒芬太尼注射液|注射剂|a|支|1ml:50μg:40.00
莫匹罗星软膏|软膏剂|b|支|5g:18.00;10g:30.00
重组人表皮生长因子外用溶液|溶液剂|b|瓶|5ml:60.00|限烧伤、创伤患者
湿润烧伤膏|软膏剂|b|支|40g:35.00
双氯芬酸二乙胺乳胶剂|凝胶剂|b|支|20g:20.00
氟比洛芬凝胶贴膏|贴膏剂|b|盒|40mg×6贴:30.00
麝香壮骨膏|贴膏剂|a|盒|7cm×10cm×10贴:12.00
碳酸钙D3片|片剂|self|盒|0.6g×60片:35.00
阿仑膦酸钠片|片剂|b|盒|70mg×4片:40.00|限骨质疏松诊断明确的患者
头孢克肟分散片|片剂|b|盒|0.1g×6片:15.00;0.1g×12片:27.00
注射用头孢他啶|注射剂|b|支|1.0g:9.80;2.0g:18.50
注射用美罗培南|注射剂|b|支|0.5g:95.00|限多重耐药的重症感染
注射用盐酸万古霉素|注射剂|b|支|0.5g:65.00|限耐甲氧西林葡萄球菌感染
阿奇霉素片|片剂|a|盒|0.25g×6片:12.00
洛索洛芬钠片|片剂|b|盒|60mg×20片:18.00
对乙酰氨基酚片|片剂|a|盒|0.5g×12片:3.50
盐酸哌替啶注射液|注射剂|a|支|1ml:50mg:2.50
注射用帕瑞昔布钠|注射剂|b|支|40mg:42.00|限不能口服药物或口服药物效果不理想的术后镇痛患者
注射用兰索拉唑|注射剂|b|支|30mg:28.00
注射用甲泼尼龙琥珀酸钠|注射剂|b|支|40mg:18.00;500mg:120.00
呋塞米注射液|注射剂|a|支|2ml:20mg:1.00
注射用脑蛋白水解物|注射剂|self|支|60mg:48.00
注射用水溶性维生素|注射剂|c|支|复方:12.00
脂肪乳注射液(C14-24)|注射剂|b|瓶|20% 250ml:58.00|限经营养风险筛查明确具有营养风险的肠外营养患者
复方氨基酸注射液(18AA)|注射剂|b|瓶|250ml:12.5g:28.00|限经营养风险筛查明确具有营养风险的肠外营养患者
肠内营养粉剂(TP)|散剂|b|罐|320g:120.00|限经营养风险筛查明确具有营养风险且不能经饮食补充足够营养的患者
乳果糖口服溶液|口服溶液剂|b|瓶|100ml:35.00
开塞露(含甘油)|灌肠剂|a|支|20ml:0.80
艾司唑仑片|片剂|a|盒|1mg×20片:3.00
盐酸氨溴索注射液|注射剂|b|支|2ml:15mg:6.00
复方甘草酸苷注射液|注射剂|b|支|20ml:25.00
接骨七厘片|片剂|b|盒|0.3g×30片:22.00
独一味胶囊|胶囊剂|b|盒|0.3g×36粒:30.00
三七伤药片|片剂|a|盒|0.3g×36片:15.00
跌打丸|丸剂|a|盒|3g×10丸:18.00
玻璃酸钠注射液|注射剂|b|支|2ml:20mg:85.00;2.5ml:25mg:98.00|限膝关节骨性关节炎
注射用胸腺法新|注射剂|c|支|1.6mg:150.00
静注人免疫球蛋白(pH4)|注射剂|b|瓶|2.5g:480.00|限重症感染等说明书适应症
注射用白眉蛇毒血凝酶|注射剂|b|支|1单位:38.00;2单位:70.00|限出血且无法使用其他止血药的患者
复方丹参滴丸|丸剂|a|盒|27mg×180丸:28.00
银杏叶提取物注射液|注射剂|c|支|5ml:17.5mg:22.00
"""

# --- services: (name, category, unit, price, variants, step): one row per variant, each a step dearer ----------------
SERVICES = [
    ("数字化X线摄影（DR）", "a", "部位", 60, ["头颅正侧位", "胸部正位", "颈椎正侧位", "腰椎正侧位", "骨盆正位", "肩关节",
     "肘关节", "腕关节", "髋关节", "膝关节", "踝关节", "足正斜位"], 0.05),
    ("X线计算机体层（CT）平扫", "b", "部位", 180, ["颅脑", "胸部", "上腹部", "颈椎", "腰椎", "骨盆", "膝关节", "踝关节"], 0.06),
    ("X线计算机体层（CT）三维重建", "b", "部位", 260, ["骨盆", "膝关节", "踝关节", "脊柱"], 0.05),
    ("磁共振（MRI）平扫", "b", "部位", 520, ["颅脑", "颈椎", "胸椎", "腰椎", "肩关节", "膝关节", "踝关节"], 0.05),
    ("彩色多普勒超声检查", "a", "部位", 120, ["腹部", "泌尿系", "下肢血管", "浅表软组织", "心脏"], 0.1),
    ("清创缝合术", "a", "次", 80, ["小（5cm以下）", "中（5-10cm）", "大（10cm以上）", "特大（多处或污染重）"], 0.6),
    ("换药", "a", "次", 20, ["小", "中", "大", "特大"], 0.8),
    ("骨折切开复位内固定术", "a", "次", 1800, ["锁骨", "肱骨干", "肱骨髁上", "尺桡骨干", "桡骨远端", "股骨颈",
     "股骨干", "胫骨平台", "胫腓骨干", "踝关节", "髌骨"], 0.08),
    ("骨折闭合复位石膏外固定术", "a", "次", 200, ["上肢", "下肢", "手指足趾"], 0.2),
    ("骨牵引术", "a", "次", 260, ["股骨髁上", "胫骨结节", "跟骨"], 0.05),
    ("床位费", "a", "日", 40, ["普通病房（三人间及以上）", "普通病房（双人间）"], 0.5),
    ("床位费（单人间）", "self", "日", 150, ["单人病房", "套间病房"], 1.0),
    ("护理费", "a", "日", 20, ["三级护理", "二级护理", "一级护理", "特级护理"], 1.2),
    ("重症监护", "b", "小时", 12, ["ICU监护"], 0),
    ("静脉输液", "a", "组", 8, ["第一组", "加组"], -0.5),
    ("肌肉注射", "a", "次", 3, ["肌肉注射"], 0),
    ("心电图检查", "a", "次", 25, ["常规十二导联", "动态心电图（24小时）"], 5),
    ("实验室检查", "a", "项", 15, ["血常规", "尿常规", "肝功能", "肾功能", "凝血功能", "电解质", "C反应蛋白"], 0.3),
    ("康复治疗", "b", "次", 35, ["运动疗法", "作业疗法", "中频脉冲电治疗", "红外线治疗", "关节松动训练", "平衡功能训练"], 0.2),
    ("中医治疗", "b", "次", 30, ["普通针刺", "推拿", "拔罐", "艾灸"], 0.1),
    ("救护车转运", "self", "次", 100, ["市内", "跨市（按公里另计）"], 1.0),
    ("伤情鉴定相关检查", "self", "次", 300, ["肌电图", "诱发电位"], 0.3),
    ("麻醉", "a", "小时", 120, ["局部浸润麻醉", "神经阻滞麻醉", "椎管内麻醉", "全身麻醉"], 0.8),
    ("门诊诊查费", "a", "次", 10, ["普通门诊", "副主任医师", "主任医师", "急诊"], 0.8),
    ("肌腱修复术", "a", "次", 900, ["手指屈肌腱", "手指伸肌腱", "跟腱"], 0.3),
    ("截肢术", "a", "次", 1500, ["手指", "前臂", "上臂", "小腿", "大腿"], 0.25),
]  # fmt: skip

# --- materials: (name, unit, price, sites): made at home (乙类) and imported (丙类, about 2.6 times dearer) ------------
MATERIALS = [
    ("锁定接骨板", "块", 2600, ["锁骨", "肱骨近端", "桡骨远端", "股骨远端", "胫骨近端", "胫骨远端"]),
    ("髓内钉", "套", 5200, ["股骨", "胫骨", "肱骨"]),
    ("锁定螺钉", "枚", 320, ["直径3.5mm", "直径5.0mm"]),
    ("皮质骨螺钉", "枚", 120, ["直径3.5mm", "直径4.5mm"]),
    ("空心加压螺钉", "枚", 900, ["直径4.0mm", "直径7.3mm"]),
    ("外固定支架", "套", 4200, ["单边", "环形"]),
    ("人工髋关节", "套", 28000, ["全髋", "半髋"]),
    ("带线锚钉", "枚", 3200, ["肩关节", "膝关节"]),
]
BASIC_MATERIALS = [  # 甲类 consumables: (name, unit, price, variants)
    ("一次性使用输液器", "套", 3.5, ["普通", "精密过滤"]),
    ("医用可吸收缝线", "根", 45, ["2-0", "3-0", "4-0"]),
    ("医用缝合线（不可吸收）", "根", 12, ["3-0", "4-0"]),
    ("无菌纱布敷料", "包", 6, ["8cm×10cm", "10cm×20cm"]),
    ("石膏绷带", "卷", 8, ["10cm", "15cm"]),
    ("高分子固定夹板", "副", 180, ["上肢", "下肢"]),
    ("负压引流护创材料（VSD）", "套", 1500, ["小号", "中号", "大号"]),
    ("可吸收止血纱布", "片", 260, ["5cm×7.5cm", "10cm×20cm"]),
    ("一次性引流管", "根", 25, ["硅胶", "负压球"]),
    ("颈托", "个", 120, ["普通", "费城式"]),
    ("医用护腰", "个", 160, ["普通", "可调式"]),
]

# --- disability aids: (name, category, specification, reference, lowest, highest, service life, replacement) --------
AIDS = [
    ("大腿假肢", "prosthesis", "普通型（机械膝关节）", 25000, 15000, 40000, 4, "接受腔随残肢变化约每2年调整"),
    ("大腿假肢", "prosthesis", "智能型（微处理器膝关节）", 180000, 100000, 300000, 5, "膝关节每年保养一次"),
    ("小腿假肢", "prosthesis", "普通型", 12000, 8000, 20000, 4, "足板约2年更换"),
    ("小腿假肢", "prosthesis", "碳纤储能脚", 30000, 20000, 45000, 4, ""),
    ("部分足假肢", "prosthesis", "硅胶", 6000, 3000, 10000, 3, ""),
    ("上臂假肢", "prosthesis", "装饰性", 8000, 5000, 12000, 4, "美容手套每年更换"),
    ("上臂假肢", "prosthesis", "索控式", 15000, 10000, 22000, 4, ""),
    ("上臂假肢", "prosthesis", "肌电控制", 60000, 40000, 90000, 5, "电池约2年更换"),
    ("前臂假肢", "prosthesis", "装饰性", 6000, 4000, 9000, 4, "美容手套每年更换"),
    ("前臂假肢", "prosthesis", "索控式", 10000, 7000, 15000, 4, ""),
    ("前臂假肢", "prosthesis", "肌电控制", 45000, 30000, 70000, 5, "电池约2年更换"),
    ("假手指", "prosthesis", "硅胶仿真", 3000, 1500, 6000, 3, ""),
    ("踝足矫形器", "orthosis", "热塑板材", 2500, 1500, 4000, 2, ""),
    ("膝踝足矫形器", "orthosis", "带膝铰链", 8000, 5000, 12000, 2, ""),
    ("脊柱矫形器", "orthosis", "胸腰骶", 5000, 3000, 8000, 3, ""),
    ("颈椎矫形器", "orthosis", "头颈胸", 3000, 1500, 5000, 3, ""),
    ("腕手矫形器", "orthosis", "功能位", 1500, 800, 2500, 2, ""),
    ("矫形鞋", "orthosis", "定制", 1800, 1000, 3000, 1, ""),
    ("普通轮椅", "mobility", "手动折叠", 1200, 600, 2000, 5, "轮胎、坐垫按需更换"),
    ("高靠背轮椅", "mobility", "可躺式", 2500, 1500, 4000, 5, ""),
    ("电动轮椅", "mobility", "锂电池", 8000, 5000, 15000, 6, "电池约2年更换"),
    ("助行器", "mobility", "四脚框式", 300, 150, 500, 5, ""),
    ("腋拐", "mobility", "铝合金（对）", 200, 100, 400, 3, ""),
    ("手杖", "mobility", "四脚", 150, 80, 300, 3, ""),
    ("助听器", "hearing", "耳背式数字", 6000, 3000, 12000, 6, "电池每周更换"),
    ("助听器", "hearing", "耳内式数字多通道", 12000, 6000, 25000, 6, ""),
    ("义眼", "vision", "定制树脂", 3000, 1500, 6000, 5, "每年抛光"),
    ("低视力助视器", "vision", "电子放大", 4000, 2000, 8000, 5, ""),
    ("坐便椅", "daily_living", "带扶手", 300, 150, 600, 5, ""),
    ("防褥疮气垫床垫", "daily_living", "交替充气", 800, 400, 1500, 3, ""),
    ("护理床", "daily_living", "手摇", 2500, 1500, 4000, 8, ""),
    ("护理床", "daily_living", "电动", 8000, 5000, 15000, 8, ""),
]


def _yuan(value) -> Decimal:
    return D(str(value)).quantize(D("0.01"))


def drug_rows() -> list[DrugItem]:
    """About 300 sample lines: drugs from DRUGS, services and materials expanded from their variants."""
    rows: list[DrugItem] = []
    numbers: dict[str, int] = {}

    def add(
        prefix: str, kind: str, name: str, category: str, unit: str, price, spec="", form="", restriction=""
    ):
        numbers[prefix] = numbers.get(prefix, 0) + 1
        code = f"SAMPLE-{prefix}{numbers[prefix]:04d}"
        rows.append(
            DrugItem(
                code=code,
                name=name,
                kind=kind,
                category=category,
                dosage_form=form,
                specification=spec,
                unit=unit,
                reference_price=_yuan(price),
                restriction=restriction,
                is_sample=True,
            )
        )

    for line in DRUGS.strip().splitlines():
        name, form, category, unit, specs, *restriction = line.split("|")
        for spec in specs.split(";"):
            text, price = spec.rsplit(":", 1)
            add(
                "D",
                DrugKind.DRUG,
                name,
                category,
                unit,
                price,
                text,
                form,
                restriction[0] if restriction else "",
            )
    for name, category, unit, price, variants, step in SERVICES:
        for index, variant in enumerate(variants):
            add(
                "S", DrugKind.SERVICE, f"{name}·{variant}", category, unit, max(price * (1 + step * index), 1)
            )
    for name, unit, price, sites in MATERIALS:
        for site in sites:
            add("M", DrugKind.MATERIAL, name, "b", unit, price, f"国产·{site}")
            add("M", DrugKind.MATERIAL, name, "c", unit, price * 2.6, f"进口·{site}")
    for name, unit, price, variants in BASIC_MATERIALS:
        for index, variant in enumerate(variants):
            add("M", DrugKind.MATERIAL, name, "a", unit, price * (1 + 0.5 * index), variant)
    return rows


def aid_rows() -> list[DisabilityAid]:
    return [
        DisabilityAid(
            name=name,
            category=AidCategory(category),
            specification=spec,
            reference_price=_yuan(price),
            price_min=_yuan(low),
            price_max=_yuan(high),
            service_life_years=life,
            replacement=replacement,
            source="样例数据：按常见配置机构报价区间拟定，非官方价格目录",
            is_sample=True,
        )
        for name, category, spec, price, low, high, life, replacement in AIDS
    ]


def _standards() -> list[tuple[CompensationStandard, list]]:
    made = []
    for (
        province,
        area,
        year,
        start,
        end,
        income,
        spend,
        wage,
        funeral,
        meal,
        sample,
        source,
        url,
        wages,
    ) in STANDARDS:
        standard = CompensationStandard(
            province=province,
            area=area,
            stat_year=year,
            effective_from=datetime.date.fromisoformat(start),
            effective_to=datetime.date.fromisoformat(end),
            urban_disposable_income=_yuan(income),
            urban_consumption=_yuan(spend) if spend else None,
            average_wage=_yuan(wage) if wage else None,
            funeral_expenses=_yuan(funeral) if funeral else None,
            hospital_meal_allowance=_yuan(meal) if meal else None,
            source=source,
            source_url=url,
            is_sample=sample,
        )
        made.append((standard, wages))
    return made


@transaction.atomic
def seed_demo_reference_data() -> dict[str, int]:
    codes = set(DrugItem.objects.values_list("code", flat=True))
    drugs = [row for row in drug_rows() if row.code not in codes]
    bulk_create_with_history(drugs, DrugItem, batch_size=500)
    aid_keys = set(DisabilityAid.objects.values_list("name", "specification"))
    aids = [row for row in aid_rows() if (row.name, row.specification) not in aid_keys]
    bulk_create_with_history(aids, DisabilityAid, batch_size=500)
    standard_keys = set(CompensationStandard.objects.values_list("province", "area", "stat_year"))
    new = [(s, w) for s, w in _standards() if (s.province, s.area, s.stat_year) not in standard_keys]
    saved = bulk_create_with_history([s for s, _w in new], CompensationStandard)
    wages = [
        IndustryWage(
            standard=standard,
            industry=industry,
            annual_wage=_yuan(yearly) if yearly else None,
            daily_wage=_yuan(daily) if daily else None,
        )
        for standard, (_s, rows) in zip(saved, new, strict=True)
        for industry, yearly, daily in rows
    ]
    bulk_create_with_history(wages, IndustryWage)
    return {
        "reference drugs and services": DrugItem.objects.count(),
        "reference aids": DisabilityAid.objects.count(),
        "compensation standards": CompensationStandard.objects.count(),
    }
