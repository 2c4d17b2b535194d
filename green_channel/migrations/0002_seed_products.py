"""Every insurer's manual of seed 003 (seed/003_*.txt) as its own service product, with its own figures.

Each value comes from the manual's text, quoted in ``source`` (product, service, step) so an administrator can check
it in the admin; where a manual is silent the value stays empty ("not stated"). Values left out on purpose:
- 长生福优加 and 长生优贝: 附件一《服务内容》 (uses per service) is not in the seed text; only the uses written in the
  special notes are seeded (优贝: "二次诊断(1次/年)、住院安排(1次/年)、手术安排(1次/年)").
- 平安财险 重大疾病绿色通道 (bound and unbound): the service table ("上表中第2、3、4、5项服务") is not in the seed text;
  only the two services the notes name (二次诊断安排, 住院) are seeded.
- 信泰: "第二条服务方案" (the tiers and their uses) is not in the seed text; the services the manual names are seeded
  without uses.
- 重疾住院绿通服务指南 (附件二): the service table is not in the seed text; the admission green channel and the deposit
  advance whose processes it describes are seeded.
The hospitals' own green-channel rules in the seed (病重友善医院, 急危重症, 双城区中病院 …) are not insurers' products.
"""

from django.db import migrations

from workflow.history import create_baseline_rows

WD, H, D = "working_days", "hours", "calendar_days"


def service(kind, name, source, *, steps=(), documents=(), **fields):
    return {"kind": kind, "name": name, "source": source, "steps": steps, "documents": documents, **fields}


TAIKANG_DOCS = ("被保险人及相关诊断证明资料",)
PRODUCTS = [
    {
        "code": "taikang-online",
        "name": "泰康在线 重疾绿通",
        "manual_title": "重疾绿通服务手册说明书",
        "insurer": "泰康在线财产保险股份有限公司",
        "hotline": "95522-3",
        "activation": "policy_start",
        "term": "one_year",
        "illness_list": "policy",
        "illness_scope": "保险合同所定义的重大疾病",
        "min_hospital_grade": 2,
        "public_hospital_required": True,
        "network_list_name": "附件一《重疾就医绿通医院名单》",
        "source": "一、服务使用条件…1.客户经二级或二级以上公立医院诊断罹患保险合同所定义的重大疾病。2.客户申请服务的医院在保险公司"
        "提供重疾绿通服务医院范围内。三、服务有效期保单生效起1年内有效。四、服务流程…95522-3进行重疾绿通服务申请",
        "services": [
            service(
                "admission",
                "快速住院",
                "1.快速住院:…提供泰康在线网络医院内住院加急服务,(1次/年)。",
                uses_per="service_year",
                uses_limit=1,
                documents=TAIKANG_DOCS,
            ),
            service(
                "expert_outpatient",
                "专家门诊",
                "2.专家门诊:…提供泰康在线网络医院内副主任及以上专家普通/特需门诊的预约服务,(1次/年)。",
                uses_per="service_year",
                uses_limit=1,
                documents=TAIKANG_DOCS,
            ),
            service(
                "escort",
                "专业陪诊",
                "3.专业陪诊:根据客户需求,在客户就医过程中全程陪同,协助完成导诊、检查、取药等全程就医环节,(1次/年)。",
                uses_per="service_year",
                uses_limit=1,
                documents=TAIKANG_DOCS,
            ),
            service(
                "surgery",
                "专家手术",
                "4.专家手术:…提供泰康在线网络医院内专家手术加急服务,(1次/年)。",
                uses_per="service_year",
                uses_limit=1,
                documents=TAIKANG_DOCS,
            ),
            service(
                "phone_doctor",
                "电话远程问诊",
                "5.电话远程问诊:…提供泰康在线网络医院内副主任及以上专家电话咨询服务,(1次/年)。",
                uses_per="service_year",
                uses_limit=1,
                documents=TAIKANG_DOCS,
            ),
            service(
                "second_opinion",
                "二次诊疗",
                "6.二次诊疗:根据客户的需求,客户首次确诊后,提供指定医院、指定科室副主任及以上专家二次诊断纸质报告,(1次/年)。",
                uses_per="service_year",
                uses_limit=1,
                documents=TAIKANG_DOCS,
            ),
            service(
                "exam_expediting",
                "检查加急",
                "7.检查加急:…提供指定医院、指定科室检查加急服务,(1次/年)。",
                uses_per="service_year",
                uses_limit=1,
                documents=TAIKANG_DOCS,
            ),
        ],
    },
    {
        "code": "cancer-31-cities",
        "name": "就医绿通(恶性肿瘤) 31个城市157家医疗机构",
        "manual_title": "就医绿通服务说明",
        "hotline": "95511-7",
        "activation": "policy_start",
        "term": "policy_term",
        "waiting_from": "policy_start",
        "no_waiting_in_renewal_years": True,
        "illness_list": "cancer",
        "illness_scope": "恶性肿瘤(肿瘤相关疾病)",
        "network_list_name": "上海、北京、广州、深圳、南京、杭州、成都、济南、福州等31个城市157家医疗机构",
        "network_cities": 31,
        "network_institutions": 157,
        "source": "服务可覆盖上海、北京、广州、深圳、南京、杭州、成都、济南、福州等31个城市157家医疗机构。服务预约电话:95511-7。"
        "二、特别说明:1.限客户罹患肿瘤相关疾病后一个保单年度内,门诊预约、住院安排、国内书面第二诊疗意见服务各使用一次。"
        "3.如上服务首年等待期同保险产品合同规定的等待期,续期服务则无等待期限定。",
        "services": [
            service(
                "expert_outpatient",
                "专家门诊预约",
                "客户可对我方服务人员推荐的三名专家进行三选一选择…4.门诊预约服务落实前将取得客户确认,客户确认服务后,在服务取消"
                "时效外(取消时效:距离就诊日两个工作日前)取消服务,视同该次服务已完成",
                uses_per="service_year",
                uses_limit=1,
                waiting="same_as_policy",
                cancellation="until_before_visit",
                cancellation_notice=2,
                cancellation_notice_unit=WD,
                steps=[
                    ("outpatient_arranged", "expert_chosen", 5, WD, "客户确认就诊专家后,在5个工作日内完成客户门诊安排。"),
                ],
            ),
            service(
                "admission",
                "住院协调预约服务",
                "住院安排服务,客户预约并确认服务后不能取消该服务,若客户因自身原因无法住院,则视同该次服务已完成",
                uses_per="service_year",
                uses_limit=1,
                waiting="same_as_policy",
                cancellation="not_after_confirmation",
                steps=[
                    ("admission_arranged", "admission_slip", 10, WD, "客户提供住院单后,在10个工作日内完成客户入院安排。"),
                ],
                documents=("住院单",),
            ),
            service(
                "second_opinion",
                "国内书面第二诊疗意见",
                "在客户罹患恶性肿瘤并已有原诊断的基础上…国内第二诊疗意见服务,客户预约并确认服务后不能取消该服务,如若取消,"
                "则视同该次服务已完成。",
                uses_per="service_year",
                uses_limit=1,
                waiting="same_as_policy",
                cancellation="not_after_confirmation",
                steps=[
                    (
                        "opinion_delivered",
                        "complete_records",
                        5,
                        WD,
                        "客户提供完整病历和相关材料后,在5个工作日内完成国内书面第二诊意见提供。",
                    ),
                ],
                documents=("完整病历和相关材料",),
            ),
        ],
    },
    {
        "code": "changsheng-fuyoujia",
        "name": "长生福优加 重疾绿通",
        "manual_title": "重疾绿通服务手册",
        "insurer": "长生人寿保险有限公司",
        "insurance_product": "《长生长生福优加重大疾病保险》",
        "vendor": ("好人生", "400-620-1800", "7×24,法定春节假期除外。20:00-8:00仅处理紧急状况。"),
        "hotline": "400-620-1800",
        "service_hours": "7×24,法定春节假期除外。20:00-8:00仅处理紧急状况。",
        "activation": "after_cooling_off",
        "term": "one_year",
        "extends_on_renewal": True,
        "max_extensions": 10,
        "waiting_from": "policy_start",
        "no_show_counts_as_used": True,
        "network_list_name": "附件三《服务网络明细表》",
        "source": "2、每位被保险人的重疾绿通服务自保单生效且过犹豫期后开通,期限为一年。…(等待期同保险合同)保险合同每一保险费应付日起,"
        "若投保人在保险合同约定的保险费交费期内(含宽限期)完成续期保费交纳,则本手册约定的重疾绿通服务期限延长一年。若保险合同提前"
        "解除则重疾绿通服务随之终止。重疾绿通顺延次数以10次为限。3、…若应客户本人原因放弃预约或未能准时就医,本公司将默认客户已享受"
        "了相应的预约或安排的服务事项。(附件一《服务内容》不在种子文本中:各项服务次数未说明。)",
        "services": [
            service(
                "phone_doctor",
                "电话医生",
                "电话医生服务不设等待期…由好人生健康管理专家提供健康热线咨询服务,为客户解答饮食、养生、运动、疾病防治、就医、用药、"
                "康复等方面的健康困惑",
                waiting="none",
                requires_diagnosis=False,
            ),
            service(
                "other",
                "无忧特需",
                "无忧特需、专家门诊协调(重疾版)、安心住院协调(重疾版)两项服务随保险合同一致设有等待期为90天。",
                waiting="days",
                waiting_days=90,
            ),
            service(
                "expert_outpatient",
                "专家门诊协调(重疾版)",
                "无忧特需、专家门诊协调(重疾版)、安心住院协调(重疾版)两项服务随保险合同一致设有等待期为90天。",
                waiting="days",
                waiting_days=90,
            ),
            service(
                "admission",
                "安心住院协调(重疾版)",
                "无忧特需、专家门诊协调(重疾版)、安心住院协调(重疾版)两项服务随保险合同一致设有等待期为90天。",
                waiting="days",
                waiting_days=90,
            ),
        ],
    },
    {
        "code": "changsheng-youbei",
        "name": "长生优贝 重疾绿通",
        "manual_title": "重疾绿通服务手册",
        "insurer": "长生人寿保险有限公司",
        "insurance_product": "《长生优贝健康重大疾病保险》",
        "vendor": ("远盟康健", "400-818-5050", "7×24小时中英双语服务"),
        "hotline": "400-818-5050",
        "service_hours": "7×24小时中英双语服务",
        "activation": "after_cooling_off",
        "term": "one_year",
        "extends_on_renewal": True,
        "max_extensions": 10,
        "waiting_from": "policy_start",
        "no_show_counts_as_used": True,
        "network_list_name": "附件三《重疾绿通医院清单》",
        "source": "2、每位被保险人的重疾绿通服务自保单生效且过犹豫期后开通,期限为一年。…保险合同每一保险费应付日起,若投保人在保险合同"
        "约定的保险费交费期内(含宽限期)完成续期保费交纳,则本手册约定的重疾绿通服务期限延长一年。若保险合同提前解除则重疾绿通服务"
        "随之终止。重疾绿通服务顺延次数以10次为限。3、…可直接拨打远盟康健全国服务热线400-818-5050(7×24小时中英双语服务)。",
        "services": [
            service(
                "phone_doctor",
                "重疾咨询服务",
                "重疾咨询服务不设等待期,全年均可咨询;…日常预防重大疾病的医疗咨询及重大疾病治疗、康复的医疗咨询。",
                waiting="none",
                requires_diagnosis=False,
            ),
            service(
                "second_opinion",
                "二次诊断",
                "二次诊断(1次/年)、住院安排(1次/年)、手术安排(1次/年)、全程就医陪同服务设有等待期为180天(等待期同保险合同主险)。",
                uses_per="service_year",
                uses_limit=1,
                waiting="days",
                waiting_days=180,
            ),
            service(
                "admission",
                "住院安排",
                "二次诊断(1次/年)、住院安排(1次/年)、手术安排(1次/年)、全程就医陪同服务设有等待期为180天(等待期同保险合同主险)。",
                uses_per="service_year",
                uses_limit=1,
                waiting="days",
                waiting_days=180,
            ),
            service(
                "surgery",
                "手术安排",
                "二次诊断(1次/年)、住院安排(1次/年)、手术安排(1次/年)、全程就医陪同服务设有等待期为180天(等待期同保险合同主险)。",
                uses_per="service_year",
                uses_limit=1,
                waiting="days",
                waiting_days=180,
            ),
            service(
                "escort",
                "全程就医陪同服务",
                "二次诊断(1次/年)、住院安排(1次/年)、手术安排(1次/年)、全程就医陪同服务设有等待期为180天(等待期同保险合同主险)。",
                waiting="days",
                waiting_days=180,
            ),
        ],
    },
    {
        "code": "anxin-cancer-admission",
        "name": "癌症国内住院绿色通道(安心互联网保险)",
        "manual_title": "癌症国内住院绿色通道服务说明",
        "hotline": "95303",
        "activation": "policy_start",
        "term": "policy_term",
        "waiting_from": "policy_start",
        "illness_list": "cancer",
        "illness_scope": "本保险条款范围内的恶性肿瘤/癌症",
        "source": "二、服务内容被保险人在保单有效期内等待期后首次罹患并确诊本保险条款范围内的恶性肿瘤/癌症,我们协助安排住院绿通服务…"
        "1)被保险人致电客服热线95303或通过微信公众号“安心互联网保险”…五、服务对象保单有效期内的被保险人。",
        "services": [
            service(
                "admission",
                "癌症国内住院绿色通道服务",
                "住院绿通的服务仅可享受1次,如申请后需取消,请在收到住院绿通启动的短信之前联系客服取消。若预约启动的短信发送后再申请"
                "取消,视为该服务已使用。六、服务次数保单有效期内一次。",
                uses_per="policy_term",
                uses_limit=1,
                waiting="same_as_policy",
                clock_start="complete_documents",
                cancellation="not_after_start_message",
                steps=[
                    (
                        "feasibility",
                        "clock_start",
                        3,
                        WD,
                        "被保险人发出预约需求及材料齐全后,3个工作日内反馈被保险人能否提供服。",
                    ),
                    (
                        "booking_result",
                        "previous_step",
                        2,
                        WD,
                        "对于可提供服务的被保险人,我们正式启动服务,2个工作日内给予回复预约结果",
                    ),
                    ("visit", "previous_step", 14, WD, "被保险人于14个工作日内按照预约医院的流程进行就诊。"),
                ],
                documents=(
                    "被保险人的身份证正反面",
                    "三甲医院住院单(加盖医院有效公章)",
                    "电子保单",
                    "其他相关的资料,病理诊断报告、血液检查报告、核磁或内镜等特殊检查报告",
                    "近两年内医保报销记录(可在当地医保局提取)",
                    "近一年病历记录",
                    "医保卡、就诊卡",
                ),
            ),
        ],
    },
]

PINGAN_CI_SOURCE = (
    "2、服务说明1)被保险人本人使用。2)服务期限与保险期限一致。3)在保险有效期内,首次被二级以上医院(含)确诊为指定范围内疾病的"
    "被保险人…5)被保险人在二级(含)以上公立医院确认罹患重大疾病后,服务机构根据会员申请、提供的相关病历资料及服务机构的医生建议,"
    "在14个工作日内为其提供上表中第2、3、4、5项服务。…9)…因被保险人本人原因未能按时就医,则视同该次服务已完成。4、服务方式致电"
    "400-700-5996,服务机构将在14个工作日内完成重大疾病绿色通道安排。(“上表”服务内容介绍不在种子文本中:只录入说明中提到的二次诊断"
    "安排和住院安排。)"
)
PINGAN_CI_STEP = ("whole_arrangement", "clock_start", 14, WD, "服务机构将在14个工作日内完成重大疾病绿色通道安排。")


def pingan_ci(code, name, bound):
    waiting = {"waiting": "same_as_policy"} if bound else {"waiting": "days", "waiting_days": 90}
    waiting_source = (
        "8)本服务与重疾保险绑定,重大疾病以保险公司指定的重大疾病标准为准,其中2、3、4、5项服务首年的观察期与保险产品一致,服务止期"
        "与保险止期一致;续保则无观察期限定。"
        if bound
        else "本服务若未与重疾保险绑定,则重大疾病以保监会规定的重大疾病标准为准,其中2、3、4、5项服务的观察期默认为90天,服务止期与"
        "保险止期一致。"
    )
    return {
        "code": code,
        "name": name,
        "manual_title": "重大疾病绿色通道服务",
        "insurer": "平安财险",
        "vendor": ("浩然正康", "400-700-5996", ""),
        "hotline": "400-700-5996",
        "activation": "policy_start",
        "term": "policy_term",
        "waiting_from": "policy_start",
        "no_waiting_in_renewal_years": True if bound else None,
        "illness_list": "insurer" if bound else "regulator",
        "illness_scope": "保险公司指定的重大疾病标准(平安重大疾病保险条款所定义的大病种类范畴)"
        if bound
        else "保监会规定的重大疾病标准",
        "min_hospital_grade": 2,
        "public_hospital_required": True,
        "no_show_counts_as_used": True,
        "network_list_name": "重大疾病网络医院名单.xls",
        "source": PINGAN_CI_SOURCE + waiting_source,
        "services": [
            service(
                "second_opinion",
                "二次诊断安排",
                "7)服务机构在进行二次诊断安排时,将根据被保险人需求及实际情况为其预约普通门诊、特需门诊或国际门诊。" + waiting_source,
                steps=[PINGAN_CI_STEP],
                **waiting,
            ),
            service(
                "admission",
                "住院安排",
                "7)…在安排住院时,将优先选择普通病房。" + waiting_source,
                steps=[PINGAN_CI_STEP],
                **waiting,
            ),
        ],
    }


ADMISSION_SLIP = (
    "纸质或电子住院单",
    "客户提交给医院入院登记处有效的住院通知单后,医院所给出的有效回执单(内容包含但不仅限于有客户姓名、有效证件号、医保卡号、"
    "入院登记号等);客户保留入院通知书的照片一并提交。",
)
FIRST_CALL = "备注:所有时效以客户首次致电95511-7开始计算"
WAITING_PASSED = "(2)保单处于有效状态且已过等待期;(3)客户有尚未使用服务次数"
XINTAI_AFTER = "其他服务于“24小时电话医生”生效后30天生效。"
XINTAI_DIAGNOSIS = ("诊断证明或影像报告", "中国大陆二级以上医院出具,出具日期必须在服务有效期间内")
HUANQIU_RECORDS = "个人信息、既往门急诊及住院病历、诊断报告"

PRODUCTS += [
    pingan_ci("pingan-ci-bound", "平安财险 重大疾病绿色通道(与重疾保险绑定)", bound=True),
    pingan_ci("pingan-ci-unbound", "平安财险 重大疾病绿色通道(未与重疾保险绑定)", bound=False),
    {
        "code": "ruitai",
        "name": "瑞泰人寿 重疾绿通",
        "manual_title": "瑞泰人寿重疾绿通服务说明",
        "insurer": "瑞泰人寿保险有限公司",
        "insurance_product": "网销合作渠道一年期以上重大疾病保险产品",
        "hotline": "400-810-9339",
        "activation": "policy_start",
        "term": "policy_term",
        "illness_list": "insurer",
        "illness_scope": "公司重疾标准",
        "min_sum_insured": 500000,
        "network_list_name": "全国210个城市1339家医院",
        "network_cities": 210,
        "network_institutions": 1339,
        "source": "符合以下条件者可享有重疾绿通服务资格:通过瑞泰人寿网销合作渠道购买一年期以上重大疾病保险产品,且保额达到50万元(含)"
        "以上的客户。…※审核:瑞泰人寿客服审核疾病是否达到公司重疾标准;…2.保单有效期内,可提供电话医生、专家门诊、检查加急、住院"
        "安排、手术安排、二次诊断等服务每年各1次,首次就诊后,可提供康复管理服务每年1-5次;3.瑞泰人寿重疾绿通服务合作医院覆盖全国"
        "210个城市1339家医院…4.服务审核通过后,视为服务权益已使用,不再接收取消服务;",
        "services": [
            service(
                "phone_doctor",
                "电话医生",
                "1. 电话医生:提供7*24小时电话医生在线健康咨询…服务每年各1次",
                uses_per="service_year",
                uses_limit=1,
                cancellation="not_after_approval",
            ),
            service(
                "expert_outpatient",
                "专家门诊",
                "2. 专家门诊:提供1-5个工作日内的知名三甲医院专家服务预约,快速找到合适专家。…服务每年各1次",
                uses_per="service_year",
                uses_limit=1,
                cancellation="not_after_approval",
                steps=[("outpatient_arranged", "clock_start", 5, WD, "提供1-5个工作日内的知名三甲医院专家服务预约")],
            ),
            service(
                "exam_expediting",
                "检查加急",
                "3. 检查加急:提供紧急预约检查服务,检查项目包括:b超,彩超,ct,核磁,超声心动,胃镜,肠镜,肾穿,腰穿等。…服务每年各1次",
                uses_per="service_year",
                uses_limit=1,
                cancellation="not_after_approval",
            ),
            service(
                "admission",
                "住院安排",
                "4. 住院安排:快速入住国内知名三甲医院病房…6.预约专家住院、预约专家手术时,须在医院认定客户需要住院或手术治疗的前提下"
                "提供服务;",
                uses_per="service_year",
                uses_limit=1,
                cancellation="not_after_approval",
            ),
            service(
                "surgery",
                "手术安排",
                "5. 手术安排:协助安排患者在患者指定医院进行手术治疗。…服务每年各1次",
                uses_per="service_year",
                uses_limit=1,
                cancellation="not_after_approval",
            ),
            service(
                "second_opinion",
                "二次诊断",
                "6. 二次诊断:提供国内知名专家第二诊断服务。…服务每年各1次",
                uses_per="service_year",
                uses_limit=1,
                cancellation="not_after_approval",
            ),
            service(
                "recovery_calls",
                "康复管理",
                "7. 康复管理:首次就诊后,健康管家提供每年1-5次的健康关爱回访服务,提供合理的康复建议。",
                uses_per="service_year",
                uses_limit=5,
                cancellation="not_after_approval",
            ),
        ],
    },
    {
        "code": "pingan-health-app",
        "name": "平安健康 就医绿通(平安健康APP)",
        "manual_title": "平安健康保险就医绿通服务说明",
        "insurer": "平安健康保险",
        "hotline": "95511-7",
        "activation": "policy_start",
        "term": "policy_term",
        "waiting_from": "policy_start",
        "network_list_name": "上海、北京、广州、深圳、南京、杭州、苏州、成都、天津、沈阳等29个城市295家医疗机构",
        "network_cities": 29,
        "network_institutions": 295,
        "source": "此就医绿通服务说明适用于平安健康APP上所属保险。…2、平安健康险客服核实客户有效性。(1)确认是有效被保险人;"
        + WAITING_PASSED,
        "services": [
            service(
                "admission",
                "住院协调预约服务",
                "可提供上海、北京、广州、深圳、南京、杭州、苏州、成都、天津、沈阳等29个城市295家医疗机构住院协调安排。…服务结束后,会对"
                "客户进行关爱及满意度回访。" + FIRST_CALL,
                waiting="same_as_policy",
                clock_start="first_call",
                steps=[
                    ("booking_status", "clock_start", 48, H, "服务时效:供应商于48小时内告知客户预约情况"),
                    ("admission_arranged", "clock_start", 10, WD, "10个工作日内安排住院"),
                ],
                documents=(ADMISSION_SLIP,),
            ),
        ],
    },
    {
        "code": "pingan-29-cities",
        "name": "就医绿通 29个城市295家医疗机构",
        "manual_title": "就医绿通服务说明",
        "insurer": "平安健康保险",
        "hotline": "95511-7",
        "activation": "policy_start",
        "term": "policy_term",
        "waiting_from": "policy_start",
        "network_list_name": "上海、北京、广州、深圳、南京、杭州、苏州、成都、天津、沈阳等29个城市295家医疗机构",
        "network_cities": 29,
        "network_institutions": 295,
        "source": "二、服务流程1、客户致电平安健康客服95511-7,提出就医或国内二次诊疗服务需求。(1)确认是有效被保险人;" + WAITING_PASSED,
        "services": [
            service(
                "admission",
                "住院协调预约服务",
                "根据客户的具体要求,为客户提供相对应的协调安排,并告知协调结果和注意事项。服务结束后,会对客户进行关爱及满意度回访。"
                + FIRST_CALL,
                waiting="same_as_policy",
                clock_start="first_call",
                steps=[
                    ("booking_status", "clock_start", 48, H, "服务时效:于48小时内告知客户预约情况"),
                    ("admission_arranged", "clock_start", 10, WD, "10个工作日内安排住院"),
                ],
                documents=(ADMISSION_SLIP,),
            ),
            service(
                "second_opinion",
                "第二诊疗意见服务",
                "当客户确诊罹患恶性肿瘤,需要提供书面第二诊疗意见服务时,可提供…29个城市295家三甲医院副主任及以上级别专家的书面第二"
                "诊疗意见。" + FIRST_CALL,
                waiting="same_as_policy",
                clock_start="first_call",
                steps=[
                    ("booking_status", "clock_start", 48, H, "服务时效:于48小时反馈预约结果"),
                    ("review_result", "clock_start", 1, WD, "或1个工作日反馈有效的病历资料是否完整"),
                    (
                        "opinion_delivered",
                        "complete_records",
                        8,
                        WD,
                        "在收到完整资料后的8个工作日提供书面第二诊疗意见报告",
                    ),
                ],
                documents=("有效的病历资料",),
            ),
            service(
                "expert_outpatient",
                "专家门诊预约",
                "当客户因患疾病需要提供专家或特需门诊预约服务时,可提供…29个城市295家医疗机构的专家或特需门诊的预约服务。" + FIRST_CALL,
                waiting="same_as_policy",
                clock_start="first_call",
                steps=[
                    ("booking_status", "clock_start", 48, H, "服务时效:于48小时内告知客户预约情况"),
                    ("outpatient_arranged", "clock_start", 7, WD, "7个工作日内安排门诊"),
                ],
            ),
        ],
    },
    {
        "code": "xintai",
        "name": "信泰 疾病绿色通道医疗服务",
        "manual_title": "信泰人寿疾病绿色通道医疗服务手册",
        "insurer": "信泰人寿",
        "insurance_product": "信泰百万守护重大疾病保险",
        "hotline": "95365",
        "activation": "after_cooling_off",
        "activation_delay_days": 10,
        "term": "one_year",
        "waiting_from": "activation",
        "illness_list": "product_list",
        "illness_scope": "附表1疾病列表(发生或者疑似发生)",
        "min_hospital_grade": 2,
        "network_list_name": "附表2合作医疗网络",
        "source": "2、生效时间:“24小时电话医生”服务在您的保单犹豫期过后的10天内生效。其他服务于“24小时电话医生”生效后30天生效。3、服务有效"
        "期间:一年。4、服务使用条件:服务使用期限内,当您发生或者疑似发生“附表1疾病列表”列明的疾病时,可以在“附表2合作医疗网络”范围"
        "内使用绿通服务。…前述诊断证明、影像报告与住院条皆需要中国大陆二级以上医院出具方为有效申请要件…您可以拨打信泰保险客服热线"
        "95365人工服务咨询和协助申请。(“第二条服务方案”各档次及次数不在种子文本中。)",
        "services": [
            service(
                "phone_doctor",
                "24小时电话医生",
                "“24小时电话医生”服务在您的保单犹豫期过后的10天内生效。…(1)24小时电话医生使用流程①拨打信泰保险客服热线95365按语音"
                "提示进行咨询即可",
                waiting="none",
                requires_diagnosis=False,
            ),
            service(
                "admission",
                "住院安排",
                XINTAI_AFTER + "申请住院安排或手术安排服务需提供住院条。",
                waiting="days",
                waiting_days=30,
                steps=[("review_result", "documents_received", 1, WD, "⑤客服人员收到资料后1个工作日内告知您审核结果")],
                documents=(XINTAI_DIAGNOSIS, ("住院条", "中国大陆二级以上医院出具")),
            ),
            service(
                "surgery",
                "手术安排",
                XINTAI_AFTER + "申请住院安排或手术安排服务需提供住院条。",
                waiting="days",
                waiting_days=30,
                steps=[("review_result", "documents_received", 1, WD, "⑤客服人员收到资料后1个工作日内告知您审核结果")],
                documents=(XINTAI_DIAGNOSIS, ("住院条", "中国大陆二级以上医院出具")),
            ),
            service(
                "travel_reimbursement",
                "疾病治疗路费报销",
                XINTAI_AFTER + "(3)疾病治疗路费报销重疾治疗路费报销,需要您将疾病治疗期间的车票(需带有您的姓名)和就诊期间的住宿费发票以"
                "快递的形式邮寄给予报销。",
                waiting="days",
                waiting_days=30,
                documents=("疾病治疗期间的车票(需带有您的姓名)", "就诊期间的住宿费发票"),
            ),
        ],
    },
    {
        "code": "huanqiu-doctor",
        "name": "重大疾病诊疗绿色通道(北京环球医生)",
        "manual_title": "《重大疾病诊疗绿色通道服务》",
        "vendor": ("北京环球医生", "", ""),
        "illness_scope": "本服务仅限重大疾病",
        "source": "1.2.2.服务条件:-服务对象须在服务有效期内;服务对象须在服务有效期内,使用次数全年次;(次数、服务有效期与医院排名"
        "在种子文本中缺失。)",
        "services": [
            service(
                "expert_outpatient",
                "百强医院专家预约",
                "使用次数全年次(次数缺失)…因服务对象自身原因取消已预约成功的服务时,视为该次服务已被使用;由于医疗资源紧缺,本服务不能"
                "指定时间和专家",
                uses_per="service_year",
                cancellation="not_after_booking",
                documents=(
                    HUANQIU_RECORDS,
                    "半年内的影像报告与检验报告",
                    ("就诊卡", "部分医院预约需要提供就诊卡号等资料时,服务对象须提前自行办理就诊卡"),
                ),
            ),
            service(
                "admission",
                "住院安排",
                "本服务仅限重大疾病,且其主治医生建议住院治疗;",
                documents=(
                    HUANQIU_RECORDS,
                    "半年内的影像片及报告与检验报告",
                    ("就诊卡", "部分医院预约需要提供就诊卡号等资料时,服务对象须提前自行办理就诊卡"),
                ),
            ),
        ],
    },
    {
        "code": "ci-admission-deposit",
        "name": "重疾住院绿通(含住院费用垫付)",
        "manual_title": "附件二:重疾住院绿通服务指南",
        "service_hours": "周一至周五9:30至18:00",
        "hours_from": "09:30",
        "hours_until": "18:00",
        "weekdays_only": True,
        "activation": "policy_start",
        "term": "policy_term",
        "waiting_from": "policy_start",
        "no_waiting_in_renewal_years": True,
        "illness_list": "policy",
        "illness_scope": "保单约定的重大疾病",
        "min_hospital_grade": 2,
        "source": "备注:1.“年”是指每个保单年度。2.以上服务限本保单年度内使用,不可累计到下一保单年度使用。…4.客户申请以上服务时,客户需"
        "经二级或二级以上医院专科医生确诊重疾,如符合保单约定的重大疾病,我司将安排服务。5.以上服务首年等待期同保险产品合同规定的"
        "等待期,续保则无等待期限制。客户致电我司客服热线申请绿通服务(工作时间:周一至周五9:30至18:00)(服务表不在种子文本中:次数"
        "未说明。)",
        "services": [
            service(
                "admission",
                "重大疾病住院绿色通道",
                "6.以上服务,客户预约后不能取消,若客户因自身原因无法住院或手术,则视同该次服务已完成。",
                uses_per="service_year",
                waiting="same_as_policy",
                clock_start="first_call",
                cancellation="not_after_booking",
                steps=[
                    (
                        "review_result",
                        "documents_received",
                        1,
                        WD,
                        "我司先确认是否符合绿通服务范围。如资料不齐或不符合服务范围,我司会在1个工作日内通知客户",
                    ),
                ],
                documents=(("重疾绿通服务申请材料清单", "客服将重疾绿通服务申请材料清单发送至客户邮箱(清单不在种子文本中)"),),
            ),
            service(
                "deposit_advance",
                "重疾住院费用垫付",
                "重疾住院费用垫付服务流程:客户致电我司客服热线申请住院费用直付服务(工作时间:周一至周五9:30至18:00)",
                uses_per="service_year",
                waiting="same_as_policy",
                clock_start="first_call",
                steps=[
                    ("contact", "clock_start", 1, WD, "我司工作人员在1个工作日内联系客户,收取索赔资料"),
                    ("liability", "documents_received", 3, WD, "收取资料后,我司会在3个工作天内确认是否直付费用"),
                    (
                        "deposit_top_up",
                        "top_up_request",
                        1,
                        WD,
                        "如需续费,客户请联系客服申请,我司在下一个工作日安排人员前往医院核实费用,及交纳押金",
                    ),
                    ("discharge_notice", "before_discharge", 1, D, "客户出院前(至少提早一天)通知我司"),
                    (
                        "discharge_settlement",
                        "discharge",
                        0,
                        D,
                        "我司将安排工作人员于出院日进行出院结算并收集相关理赔材料。",
                    ),
                ],
                documents=(("索赔资料", "我司工作人员在1个工作日内联系客户,收取索赔资料(清单不在种子文本中)"),),
            ),
        ],
    },
]

PRODUCT_FIELDS = (
    "name",
    "manual_title",
    "insurance_product",
    "hotline",
    "service_hours",
    "hours_from",
    "hours_until",
    "weekdays_only",
    "activation",
    "activation_delay_days",
    "term",
    "extends_on_renewal",
    "max_extensions",
    "waiting_from",
    "no_waiting_in_renewal_years",
    "illness_list",
    "illness_scope",
    "min_hospital_grade",
    "public_hospital_required",
    "min_sum_insured",
    "no_show_counts_as_used",
    "network_list_name",
    "network_cities",
    "network_institutions",
    "source",
)


def seed(apps, schema_editor):
    Insurer = apps.get_model("green_channel", "Insurer")
    Vendor = apps.get_model("green_channel", "Vendor")
    Product = apps.get_model("green_channel", "ServiceProduct")
    Service = apps.get_model("green_channel", "ProductService")
    Step = apps.get_model("green_channel", "ServiceStep")
    Document = apps.get_model("green_channel", "DocumentRequirement")
    for data in PRODUCTS:
        values = {f: data[f] for f in PRODUCT_FIELDS if f in data}
        if data.get("insurer"):
            values["insurer"] = Insurer.objects.get_or_create(name=data["insurer"])[0]
        if data.get("vendor"):
            name, hotline, hours = data["vendor"]
            values["vendor"] = Vendor.objects.get_or_create(name=name, defaults={"hotline": hotline, "hours": hours})[0]
        product = Product.objects.create(code=data["code"], **values)
        for order, item in enumerate(data["services"], start=1):
            item = dict(item)
            steps, documents = item.pop("steps"), item.pop("documents")
            svc = Service.objects.create(product=product, order=order, **item)
            for step_order, (code, counted_from, duration, unit, source) in enumerate(steps, start=1):
                Step.objects.create(
                    service=svc,
                    order=step_order,
                    code=code,
                    counted_from=counted_from,
                    duration=duration,
                    unit=unit,
                    source=source,
                )
            for doc_order, document in enumerate(documents, start=1):
                name, note = document if isinstance(document, tuple) else (document, "")
                Document.objects.create(service=svc, order=doc_order, name=name, note=note)
    create_baseline_rows(
        apps,
        "green_channel",
        ["Insurer", "Vendor", "ServiceProduct", "ProductService", "ServiceStep", "DocumentRequirement"],
    )


def unseed(apps, schema_editor):
    apps.get_model("green_channel", "ServiceProduct").objects.filter(code__in=[p["code"] for p in PRODUCTS]).delete()


class Migration(migrations.Migration):
    dependencies = [("green_channel", "0001_initial")]
    operations = [migrations.RunPython(seed, unseed)]
