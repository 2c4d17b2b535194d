"""The manuals of seed 003 seeded as products (green_channel/migrations/0002_seed_products.py): one test per product
asserting a few of its own figures, the manual's sentence quoted; silence stays "not stated"."""

from __future__ import annotations

from decimal import Decimal

import pytest

from green_channel.models import ProductService, ServiceProduct

pytestmark = pytest.mark.django_db


def product(code: str) -> ServiceProduct:
    return ServiceProduct.objects.select_related("insurer", "vendor").get(code=code)


def svc(code: str, name: str) -> ProductService:
    return ProductService.objects.get(product__code=code, name=name)


def steps(service: ProductService) -> list[tuple]:
    return [(s.code, s.counted_from, s.duration, s.unit) for s in service.steps.all()]


def test_every_manual_is_its_own_product_with_its_source():
    assert ServiceProduct.objects.count() == 13
    assert not ServiceProduct.objects.filter(source="").exists()
    assert not ProductService.objects.filter(source="").exists()
    assert ServiceProduct.history.count() == 13  # the baseline history rows


def test_taikang_online():
    """ "1.客户经二级或二级以上公立医院诊断罹患保险合同所定义的重大疾病。" "三、服务有效期保单生效起1年内有效。"
    "5.电话远程问诊:…(1次/年)。" "…95522-3进行重疾绿通服务申请"."""
    p = product("taikang-online")
    assert (p.insurer.name, p.hotline, p.activation, p.term) == (
        "泰康在线财产保险股份有限公司",
        "95522-3",
        "policy_start",
        "one_year",
    )
    assert (p.min_hospital_grade, p.public_hospital_required, p.vendor) == (2, True, None)
    assert p.services.count() == 7
    phone = svc("taikang-online", "电话远程问诊")
    assert (phone.kind, phone.uses_per, phone.uses_limit, phone.waiting) == (
        "phone_doctor",
        "service_year",
        1,
        "",
    )


def test_cancer_31_cities():
    """ "服务可覆盖…31个城市157家医疗机构。" "客户确认就诊专家后,在5个工作日内完成客户门诊安排。" "(取消时效:距离就诊日两个工作日前)"
    "客户提供住院单后,在10个工作日内完成客户入院安排。" "续期服务则无等待期限定。"."""
    p = product("cancer-31-cities")
    assert (p.network_cities, p.network_institutions, p.hotline, p.insurer) == (31, 157, "95511-7", None)
    assert (p.illness_list, p.no_waiting_in_renewal_years) == ("cancer", True)
    outpatient = svc("cancer-31-cities", "专家门诊预约")
    assert steps(outpatient) == [("outpatient_arranged", "expert_chosen", 5, "working_days")]
    assert (outpatient.cancellation, outpatient.cancellation_notice, outpatient.cancellation_notice_unit) == (
        "until_before_visit",
        2,
        "working_days",
    )
    admission = svc("cancer-31-cities", "住院协调预约服务")
    assert steps(admission) == [("admission_arranged", "admission_slip", 10, "working_days")]
    assert admission.cancellation == "not_after_confirmation"
    assert svc("cancer-31-cities", "国内书面第二诊疗意见").waiting == "same_as_policy"


def test_changsheng_fuyoujia():
    """ "可直接拨打好人生全国健康专线400-620-1800" "电话医生服务不设等待期;…设有等待期为90天" "重疾绿通顺延次数以10次为限。"
    "20:00-8:00仅处理紧急状况。" Its service table (附件一) is not in the seed: the uses stay not stated."""
    p = product("changsheng-fuyoujia")
    assert (p.vendor.name, p.hotline, p.activation, p.max_extensions) == (
        "好人生",
        "400-620-1800",
        "after_cooling_off",
        10,
    )
    assert "20:00-8:00仅处理紧急状况" in p.service_hours
    assert (svc("changsheng-fuyoujia", "电话医生").waiting, p.no_show_counts_as_used) == ("none", True)
    outpatient = svc("changsheng-fuyoujia", "专家门诊协调(重疾版)")
    assert (outpatient.waiting, outpatient.waiting_days, outpatient.uses_limit, outpatient.uses_per) == (
        "days",
        90,
        None,
        "",
    )


def test_changsheng_youbei():
    """ "远盟康健全国服务热线400-818-5050(7×24小时中英双语服务)" "二次诊断(1次/年)、住院安排(1次/年)、手术安排(1次/年)、
    全程就医陪同服务设有等待期为180天(等待期同保险合同主险)。"."""
    p = product("changsheng-youbei")
    assert (p.vendor.name, p.vendor.hotline, p.extends_on_renewal, p.waiting_from) == (
        "远盟康健",
        "400-818-5050",
        True,
        "policy_start",
    )
    surgery = svc("changsheng-youbei", "手术安排")
    assert (surgery.uses_limit, surgery.waiting_days) == (1, 180)
    escort = svc("changsheng-youbei", "全程就医陪同服务")
    assert (escort.kind, escort.waiting_days, escort.uses_limit) == ("escort", 180, None)


def test_anxin_cancer_admission():
    """ "被保险人发出预约需求及材料齐全后,3个工作日内反馈…2个工作日内给予回复预约结果,被保险人于14个工作日内…就诊。"
    "若预约启动的短信发送后再申请取消,视为该服务已使用。" "六、服务次数保单有效期内一次。" Seven documents a–g."""
    admission = svc("anxin-cancer-admission", "癌症国内住院绿色通道服务")
    assert admission.product.hotline == "95303"
    assert (admission.uses_per, admission.uses_limit, admission.clock_start) == (
        "policy_term",
        1,
        "complete_documents",
    )
    assert steps(admission) == [
        ("feasibility", "clock_start", 3, "working_days"),
        ("booking_result", "previous_step", 2, "working_days"),
        ("visit", "previous_step", 14, "working_days"),
    ]
    assert admission.cancellation == "not_after_start_message"
    assert admission.documents.count() == 7
    assert admission.documents.first().name == "被保险人的身份证正反面"


def test_pingan_critical_illness_bound_and_unbound():
    """ "本服务与重疾保险绑定…2、3、4、5项服务首年的观察期与保险产品一致…续保则无观察期限定。本服务若未与重疾保险绑定,则重大疾病以
    保监会规定的重大疾病标准为准,其中2、3、4、5项服务的观察期默认为90天" "致电400-700-5996,服务机构将在14个工作日内完成"."""
    bound, unbound = product("pingan-ci-bound"), product("pingan-ci-unbound")
    assert (bound.vendor.name, bound.hotline, bound.term) == ("浩然正康", "400-700-5996", "policy_term")
    assert (bound.illness_list, unbound.illness_list) == ("insurer", "regulator")
    assert (bound.no_waiting_in_renewal_years, unbound.no_waiting_in_renewal_years) == (True, None)
    assert (bound.min_hospital_grade, bound.public_hospital_required) == (2, True)
    assert svc("pingan-ci-bound", "住院安排").waiting == "same_as_policy"
    unbound_admission = svc("pingan-ci-unbound", "住院安排")
    assert (unbound_admission.waiting, unbound_admission.waiting_days) == ("days", 90)
    assert steps(unbound_admission) == [("whole_arrangement", "clock_start", 14, "working_days")]


def test_ruitai():
    """ "保额达到50万元(含)以上" "服务每年各1次,首次就诊后,可提供康复管理服务每年1-5次" "覆盖全国210个城市1339家医院"
    "服务审核通过后,视为服务权益已使用,不再接收取消服务"."""
    p = product("ruitai")
    assert (p.min_sum_insured, p.hotline, p.network_cities, p.network_institutions) == (
        Decimal("500000.00"),
        "400-810-9339",
        210,
        1339,
    )
    assert svc("ruitai", "康复管理").uses_limit == 5
    assert svc("ruitai", "检查加急").uses_limit == 1
    assert set(p.services.values_list("cancellation", flat=True)) == {"not_after_approval"}


def test_pingan_health_app():
    """ "供应商于48小时内告知客户预约情况:10个工作日内安排住院备注:所有时效以客户首次致电95511-7开始计算"."""
    admission = svc("pingan-health-app", "住院协调预约服务")
    assert admission.clock_start == "first_call"
    assert steps(admission) == [
        ("booking_status", "clock_start", 48, "hours"),
        ("admission_arranged", "clock_start", 10, "working_days"),
    ]
    assert admission.documents.get().name == "纸质或电子住院单"
    assert product("pingan-health-app").services.count() == 1


def test_pingan_29_cities():
    """ "在收到完整资料后的8个工作日提供书面第二诊疗意见报告" "于48小时内告知客户预约情况:7个工作日内安排门诊"
    "29个城市295家医疗机构"."""
    p = product("pingan-29-cities")
    assert (p.network_cities, p.network_institutions, p.insurer.name) == (29, 295, "平安健康保险")
    opinion = svc("pingan-29-cities", "第二诊疗意见服务")
    assert ("opinion_delivered", "complete_records", 8, "working_days") in steps(opinion)
    assert ("review_result", "clock_start", 1, "working_days") in steps(opinion)
    outpatient = svc("pingan-29-cities", "专家门诊预约")
    assert ("outpatient_arranged", "clock_start", 7, "working_days") in steps(outpatient)


def test_xintai():
    """ ""24小时电话医生"服务在您的保单犹豫期过后的10天内生效。其他服务于"24小时电话医生"生效后30天生效。3、服务有效期间:一年。"
    "客服人员收到资料后1个工作日内告知您审核结果" "中国大陆二级以上医院出具"."""
    p = product("xintai")
    assert (p.hotline, p.activation_delay_days, p.waiting_from, p.term) == (
        "95365",
        10,
        "activation",
        "one_year",
    )
    assert (p.min_hospital_grade, p.public_hospital_required, p.extends_on_renewal) == (2, None, None)
    assert svc("xintai", "24小时电话医生").waiting == "none"
    admission = svc("xintai", "住院安排")
    assert (admission.waiting_days, steps(admission)) == (
        30,
        [("review_result", "documents_received", 1, "working_days")],
    )
    assert svc("xintai", "疾病治疗路费报销").kind == "travel_reimbursement"


def test_huanqiu_doctor():
    """ "因服务对象自身原因取消已预约成功的服务时,视为该次服务已被使用" "使用次数全年次" (the number is missing: not stated)."""
    p = product("huanqiu-doctor")
    assert (p.vendor.name, p.activation, p.term, p.hotline) == ("北京环球医生", "", "", "")
    outpatient = svc("huanqiu-doctor", "百强医院专家预约")
    assert (outpatient.cancellation, outpatient.uses_per, outpatient.uses_limit) == (
        "not_after_booking",
        "service_year",
        None,
    )


def test_admission_with_deposit_advance():
    """ "工作时间:周一至周五9:30至18:00" "我司工作人员在1个工作日内联系客户,收取索赔资料" "收取资料后,我司会在3个工作天内确认
    是否直付费用" "在下一个工作日…交纳押金" "客户出院前(至少提早一天)通知我司…于出院日进行出院结算"."""
    p = product("ci-admission-deposit")
    assert (str(p.hours_from), str(p.hours_until), p.weekdays_only) == ("09:30:00", "18:00:00", True)
    assert (p.no_waiting_in_renewal_years, p.min_hospital_grade) == (True, 2)
    deposit = svc("ci-admission-deposit", "重疾住院费用垫付")
    assert steps(deposit) == [
        ("contact", "clock_start", 1, "working_days"),
        ("liability", "documents_received", 3, "working_days"),
        ("deposit_top_up", "top_up_request", 1, "working_days"),
        ("discharge_notice", "before_discharge", 1, "calendar_days"),
        ("discharge_settlement", "discharge", 0, "calendar_days"),
    ]
    admission = svc("ci-admission-deposit", "重大疾病住院绿色通道")
    assert (admission.cancellation, steps(admission)) == (
        "not_after_booking",
        [("review_result", "documents_received", 1, "working_days")],
    )
