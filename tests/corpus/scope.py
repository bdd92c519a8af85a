"""Labelled corpus for the secrecy-scope detector (marking-rules.md §7), seeded and deterministic.

Three labels:
- ``sensitive``: unmarked drafts whose content the scope lists, for every field;
- ``public``: notices and news, including hard cases (任前公示, past papers with answers,
  police bulletins, launch news, announced visits, published statistics);
- ``talk``: secrecy regulations, training news, law articles and quizzes that name the
  same categories.

    from corpus.scope import generate
    for doc in generate(seed=2026): doc.name, doc.label, doc.field, doc.text
"""
from __future__ import annotations

import random
from dataclasses import dataclass

SURNAMES = ("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程"
            "苏魏吕丁沈姚卢姜崔钟谭陆汪范金石廖贾夏韦方白邹孟熊秦邱江尹薛段雷侯龙史陶贺顾毛郝龚邵")
GIVEN = "建国红军伟芳敏静丽强磊洋艳勇军杰娟涛明超秀霞平刚桂英华文志宏海波宁辉鹏飞晨雪梅玉兰新民春"
PLACES = ("青山市", "临江县", "东湖区", "南岭市", "西河县", "北川区", "清水县", "云台市", "白沙县",
          "长宁区", "松江县", "凤阳市")
UNITS = ("市财政局", "县教育局", "市发展和改革委员会", "区卫生健康委员会", "市自然资源局",
         "县交通运输局", "市审计局", "区民政局", "市生态环境局", "县农业农村局", "市住房和城乡建设局",
         "市商务局")
POSTS = ("局长", "副局长", "主任", "副主任", "党组书记", "副书记", "处长", "副处长", "科长")
ETHNIC = ("汉族", "回族", "满族", "壮族")
EDU = ("大学学历", "研究生学历", "在职研究生学历", "大学本科学历")
COUNTRIES = ("甲国", "乙国", "丙国", "丁国")
FILLER = (
    "请各单位高度重视，认真组织实施。",
    "本项工作由办公室牵头，各科室配合。",
    "会议室已预订，请相关同志准时参加。",
    "如有问题，请及时与综合科联系。",
    "相关材料已按程序报送。",
    "以上内容请结合实际抓好落实。",
    "本年度工作总体平稳有序。",
    "下一步将继续完善相关制度。",
    "附件材料另行报送。",
    "各项工作按计划推进。",
)


@dataclass
class Doc:
    name: str
    label: str        # sensitive | public | talk
    field: str        # scope field of the document (or the one it talks about)
    text: str


class _Gen:
    def __init__(self, rng: random.Random):
        self.r = rng

    def name(self) -> str:
        r = self.r
        return r.choice(SURNAMES) + "".join(r.choice(GIVEN) for _ in range(r.choice((1, 2))))

    def sex(self) -> str:
        return self.r.choice("男女")

    def birth(self) -> str:
        return f"{self.r.randint(1965, 1990)}年{self.r.randint(1, 12)}月"

    def date(self, year: int = 2026) -> str:
        return f"{year}年{self.r.randint(1, 12)}月{self.r.randint(1, 28)}日"

    def day(self) -> str:
        return f"{self.r.randint(11, 12)}月{self.r.randint(1, 28)}日"

    def place(self) -> str:
        return self.r.choice(PLACES)

    def unit(self) -> str:
        return self.r.choice(UNITS)

    def post(self) -> str:
        return self.r.choice(POSTS)

    def filler(self, n: int) -> list[str]:
        return self.r.sample(FILLER, n)

    def ip(self, net: str | None = None) -> str:
        r = self.r
        net = net or f"{r.choice((10, 172, 192))}.{r.randint(0, 254)}.{r.randint(0, 254)}"
        return f"{net}.{r.randint(2, 254)}"

    def pwd(self) -> str:
        r = self.r
        return (r.choice(("Abc", "Qz", "Sec", "Adm", "Net")) + r.choice("@#!$") +
                str(r.randint(1000, 99999)))


# ---- sensitive drafts, one group per field --------------------------------------------------

def org_nominate(g: _Gen) -> str:
    lines = [f"关于{g.place()}第{g.r.choice('十一二三四五')}届人大常委会组成人员拟提名人选的建议名单"]
    for i in range(g.r.randint(2, 4)):
        n = g.name()
        lines.append(f"{'一二三四'[i]}、拟提名{n}同志为{g.place()}人大常委会{g.r.choice(('副主任', '秘书长', '委员'))}人选。")
        lines.append(f"{n}，{g.sex()}，{g.birth()}生，{g.r.choice(ETHNIC)}，{g.r.choice(EDU)}，现任{g.unit()}{g.post()}。")
    return "\n".join(lines + g.filler(1))


def org_appraisal(g: _Gen) -> str:
    n = g.name()
    a, b, c = g.r.randint(20, 40), g.r.randint(1, 8), g.r.randint(0, 3)
    return "\n".join([
        f"关于{n}同志的考察材料",
        f"{n}，{g.sex()}，{g.birth()}生，{g.r.choice(ETHNIC)}，现任{g.unit()}{g.post()}。",
        f"根据工作安排，考察组于{g.date()}对{n}同志进行了考察，个别谈话{g.r.randint(15, 40)}人。",
        f"民主测评中，优秀{a}票，称职{b}票，基本称职{c}票。",
        f"主要不足：{g.r.choice(('工作方法有时不够细致', '抓落实的力度还需加强', '理论学习不够系统'))}。",
        f"考察组组长：{g.name()}",
    ] + g.filler(1))


def org_adjust(g: _Gen) -> str:
    lines = [f"{g.place()}委常委会干部调整意见（讨论稿）", f"经{g.date()}书记专题会研究，提出以下调整意见："]
    for i in range(g.r.randint(2, 4)):
        lines.append(f"{i + 1}. {g.name()}，拟任{g.unit()}{g.post()}，不再担任{g.unit()}{g.post()}职务。")
    return "\n".join(lines + g.filler(2))


def org_reserve(g: _Gen) -> str:
    lines = [f"{g.place()}后备干部名单", "序号  姓名  性别  出生年月  现任职务"]
    for i in range(g.r.randint(3, 6)):
        lines.append(f"{i + 1}  {g.name()}  {g.sex()}  {g.r.randint(1978, 1992)}.{g.r.randint(1, 12):02d}  {g.unit()}{g.post()}")
    return "\n".join(lines)


def org_complaint(g: _Gen) -> str:
    n = g.name()
    return "\n".join([
        f"关于反映{n}同志有关问题的调查核实情况报告",
        f"{g.date()}，{g.unit()}收到匿名信访举报，反映{g.unit()}{g.post()}{n}同志在工程项目中违规插手。",
        f"经初步核实，{n}同志于{g.date(2025)}收受购物卡{g.r.randint(2, 9)}张，价值{g.r.randint(2, 9)}000元。",
        f"下一步，建议由纪检组对{n}同志进行谈话函询。",
    ])


def exam_civil(g: _Gen) -> str:
    lines = [f"2027年{g.place()}公务员录用考试《申论》试题（{g.r.choice('AB')}卷）",
             f"考试时间：2027年1月{g.r.randint(5, 20)}日上午9:00-12:00，满分100分。"]
    topics = ("概括给定资料反映的主要问题", "分析基层治理中存在的困难", "提出推进乡村振兴的对策",
              "以“担当”为题自拟题目写一篇文章", "归纳材料中的经验做法")
    for i, t in enumerate(g.r.sample(topics, g.r.randint(3, 4))):
        lines.append(f"{'一二三四五'[i]}、{t}。（{g.r.choice((10, 15, 20, 30, 40))}分）")
    lines += [g.r.choice(("参考答案：", "【参考答案】", "评分标准：")), "一、（1）基层力量薄弱；（2）资金保障不足。"]
    return "\n".join(lines)


def exam_school(g: _Gen) -> str:
    lines = [f"{g.place()}2027年初中学业水平考试数学试题", "一、选择题（本大题共10小题，每小题3分，共30分）"]
    for i in range(g.r.randint(3, 6)):
        lines.append(f"{i + 1}. 下列各数中，{g.r.choice(('最小', '最大', '是无理数'))}的是（3分）")
        lines.append("A. -2  B. 0  C. 1  D. 3")
    lines.append(g.r.choice(("答案：1.A 2.C 3.B", "参考答案：1.A 2.C 3.B", "标准答案：1.A 2.C 3.B")))
    return "\n".join(lines)


def exam_interview(g: _Gen) -> str:
    lines = [f"{g.unit()}公开选拔副科级领导干部面试试题（第{g.r.randint(1, 4)}组）"]
    for i in range(g.r.randint(2, 3)):
        lines.append(f"{i + 1}. 请结合岗位谈谈你对{g.r.choice(('营商环境', '基层减负', '数字政府'))}的理解。（{g.r.choice((20, 25, 30))}分）")
    lines += ["评分要点：", "观点明确，分析全面，得20-25分；观点基本明确，得15-19分。"]
    return "\n".join(lines)


def sec_iptable(g: _Gen) -> str:
    net = f"10.{g.r.randint(0, 254)}.{g.r.randint(0, 254)}"
    lines = [f"{g.unit()}涉密网络IP地址分配表"]
    for role in g.r.sample(("核心交换机", "数据库服务器", "应用服务器", "安全审计服务器", "文件服务器"), 3):
        lines.append(f"{role}  {g.ip(net)}")
    lines.append(f"管理员账号 admin，口令：{g.pwd()}")
    return "\n".join(lines + g.filler(1))


def sec_keyparts(g: _Gen) -> str:
    return "\n".join([
        f"{g.unit()}要害部位及报警装置布设情况",
        f"机要室位于办公楼{g.r.randint(2, 9)}楼{g.r.randint(201, 920)}室，门禁密码：{g.r.randint(100000, 999999)}。",
        f"报警装置安装在{g.r.randint(2, 9)}号楼西侧，监控位置共{g.r.randint(4, 12)}处，夜间值守{g.r.randint(1, 3)}人。",
    ] + g.filler(1))


def sec_config(g: _Gen) -> str:
    return "\n".join([
        "涉密信息系统安全保密措施配置说明",
        f"服务器区网段为{g.ip()}/24，内网出口地址{g.ip()}。",
        f"防火墙策略：仅开放端口{g.r.choice((443, 8443, 22))}，安全审计服务器地址{g.ip()}。",
        f"系统管理员口令为{g.pwd()}，每季度更换。",
    ])


def def_test(g: _Gen) -> str:
    model = f"{g.r.choice(('HQ', 'JL', 'DF', 'YJ', 'CJ'))}-{g.r.randint(2, 40)}"
    return "\n".join([
        f"{model}型{g.r.choice(('导弹', '雷达', '无人机', '鱼雷'))}定型试验数据汇总",
        f"试验于{g.date()}在{g.place()}靶场进行，最大射程{g.r.randint(150, 3000)}千米，命中精度{g.r.randint(3, 50)}米。",
        f"探测距离{g.r.randint(80, 600)}公里，最大速度{g.r.randint(2, 9)}马赫，各项试验数据已归档。",
    ] + g.filler(1))


def def_progress(g: _Gen) -> str:
    model = f"{g.r.choice(('KZ', 'WZ', 'ZJ', 'FH'))}-{g.r.randint(1, 30)}"
    return "\n".join([
        f"{model}项目研制进度报告",
        f"截至{g.date()}，{model}型号研制完成总体方案评审，关键技术指标如下：",
        f"续航时间{g.r.randint(10, 60)}小时，载荷{g.r.randint(200, 2000)}千克，探测距离{g.r.randint(50, 400)}公里。",
        f"下一步计划于{g.day()}开展靶场试验。",
    ])


def lead_itinerary(g: _Gen) -> str:
    n = g.name()
    return "\n".join([
        f"省委书记{n}同志视察{g.place()}行程安排（第{g.r.randint(1, 4)}稿）",
        f"{g.day()}上午9:00 乘高铁抵达{g.place()}站，{g.r.randint(2, 9)}辆车组成车队。",
        f"10:30 视察{g.r.choice(('经济开发区', '新材料产业园', '港口物流中心'))}；12:00 入住{g.r.choice(('迎宾馆', '国宾馆'))}{g.r.randint(1, 9)}号楼。",
        f"行车路线：{g.r.choice(('滨江路', '人民路', '解放路'))}—{g.r.choice(('环城高速', '建设大道'))}—开发区。",
        f"陪同人员：{g.name()}、{g.name()}。",
    ])


def lead_reception(g: _Gen) -> str:
    n = g.name()
    return "\n".join([
        f"关于做好{n}同志来我市调研接待工作的警卫方案",
        f"{n}同志拟于{g.day()}下午3时抵达，调研日程安排如下：",
        f"15:30 考察{g.unit()}；17:00 座谈；当晚入住{g.r.choice(('迎宾馆', '国宾馆'))}。",
        f"警卫工作由市公安局负责，沿途部署警力{g.r.randint(30, 200)}人。",
    ])


def case_plan(g: _Gen) -> str:
    n = g.name()
    return "\n".join([
        f"“{g.r.randint(1, 12)}·{g.r.randint(1, 28)}”专案侦查方案",
        f"犯罪嫌疑人{n}，男，{g.r.randint(25, 55)}岁，现藏匿于{g.place()}{g.r.choice(('城南', '城北', '新区'))}某小区{g.r.randint(1, 30)}号楼。",
        f"抓捕行动定于{g.day()}凌晨4时开始，布控警力{g.r.randint(20, 120)}人，分{g.r.randint(3, 6)}组。",
        f"技术侦查显示其手机号尾号{g.r.randint(1000, 9999)}，专案组下一步重点查明资金流向。",
    ])


def case_progress(g: _Gen) -> str:
    n = g.name()
    return "\n".join([
        f"专案组关于{n}等人涉嫌{g.r.choice(('非法集资', '走私', '电信诈骗'))}案侦查进展的报告",
        f"经秘密侦查，已掌握涉案人员{g.r.randint(5, 40)}名，涉案金额{g.r.randint(2, 90)}亿元。",
        f"目标人物{n}，近期频繁往返{g.place()}与{g.place()}，拟于{g.day()}实施收网行动。",
    ])


def fa_position(g: _Gen) -> str:
    c = g.r.choice(COUNTRIES)
    return "\n".join([
        f"与{c}经贸协定第{g.r.randint(2, 9)}轮谈判方案",
        f"我方底线：进口关税税率不超过{g.r.randint(3, 15)}%，过渡期不少于{g.r.randint(3, 10)}年。",
        f"如对方坚持，可接受让步方案：配额增加{g.r.randint(5, 30)}万吨。",
        "对外口径：谈判取得积极进展。",
    ])


def fa_visit(g: _Gen) -> str:
    c = g.r.choice(COUNTRIES)
    return "\n".join([
        f"{c}代表团来访安排（暂不对外）",
        f"代表团一行{g.r.randint(6, 30)}人将于{g.day()}抵达，{g.day()}举行会谈。",
        f"会谈要点：我方在{g.r.choice(('能源', '农业', '投资'))}合作上可承诺{g.r.randint(5, 50)}亿元。",
    ])


def stat_gdp(g: _Gen) -> str:
    return "\n".join([
        f"2026年前三季度{g.place()}地区生产总值初步核算结果（正式发布前）",
        f"全市生产总值{g.r.randint(800, 9000)}亿元，同比增长{g.r.randint(10, 80) / 10}%，比上半年回落{g.r.randint(1, 9) / 10}个百分点。",
        f"其中第二产业增长{g.r.randint(10, 90) / 10}%，快报数据尚未公布。",
    ] + g.filler(1))


def stat_incident(g: _Gen) -> str:
    return "\n".join([
        f"{g.date()}{g.place()}{g.r.choice(('化工厂爆炸', '煤矿透水', '桥梁坍塌'))}事故情况",
        f"截至目前，死亡人数{g.r.randint(3, 40)}人，失踪人数{g.r.randint(1, 10)}人，尚未公布。",
        "事故原因初步判断为违规操作，对外口径另行研究。",
    ])


SENSITIVE = {
    "organisation": (org_nominate, org_appraisal, org_adjust, org_reserve, org_complaint),
    "exams": (exam_civil, exam_school, exam_interview),
    "infosec": (sec_iptable, sec_keyparts, sec_config),
    "defence": (def_test, def_progress),
    "leaders": (lead_itinerary, lead_reception),
    "cases": (case_plan, case_progress),
    "foreign": (fa_position, fa_visit),
    "statistics": (stat_gdp, stat_incident),
}


# ---- public notices and news ---------------------------------------------------------------

def pub_gongshi(g: _Gen) -> str:
    lines = [f"{g.place()}委组织部干部任前公示", "根据干部选拔任用有关规定，现将拟任职干部予以公示："]
    for _i in range(g.r.randint(2, 4)):
        lines.append(f"{g.name()}，{g.sex()}，{g.birth()}生，{g.r.choice(ETHNIC)}，现任{g.unit()}{g.post()}，拟任{g.unit()}{g.post()}。")
    lines += [f"公示时间：{g.date()}至{g.date()}。", "监督举报电话：12380。"]
    return "\n".join(lines)


def pub_recruit(g: _Gen) -> str:
    return "\n".join([
        f"{g.place()}2027年事业单位公开招聘工作人员公告",
        f"报名时间：{g.date()}至{g.date()}。笔试时间：2027年1月{g.r.randint(5, 20)}日。",
        "考试科目为《综合基础知识》，满分100分。成绩查询请登录人事考试网。",
    ] + g.filler(1))


def pub_pastpaper(g: _Gen) -> str:
    lines = [f"2025年{g.place()}公务员考试申论真题及答案解析"]
    for i in range(3):
        lines.append(f"{'一二三'[i]}、概括给定资料反映的主要问题。（{g.r.choice((15, 20, 25))}分）")
    lines += ["参考答案：", "一、（1）基层力量薄弱；（2）资金保障不足。"]
    return "\n".join(lines)


def pub_visit_news(g: _Gen) -> str:
    n = g.name()
    return "\n".join([
        f"{n}在{g.place()}调研时强调 推动高质量发展",
        f"本报讯（记者 {g.name()}）{g.date()}，省委书记{n}到{g.place()}调研，先后来到开发区和港口物流中心。",
        f"{n}指出，要坚持稳中求进工作总基调。",
    ])


def pub_police(g: _Gen) -> str:
    return "\n".join([
        "警情通报",
        f"{g.date()}，{g.place()}发生一起故意伤害案件。犯罪嫌疑人{g.name()}（男，{g.r.randint(20, 60)}岁）已被依法刑事拘留。",
        "案件正在进一步侦办中。警方提醒广大市民注意安全。",
    ])


def pub_stats(g: _Gen) -> str:
    return "\n".join([
        f"{g.place()}统计局发布前三季度经济运行情况",
        f"据初步核算，前三季度全市地区生产总值{g.r.randint(800, 9000)}亿元，同比增长{g.r.randint(10, 80) / 10}%。",
        "新闻发布会上，新闻发言人回答了记者提问。",
    ])


def pub_launch(g: _Gen) -> str:
    return "\n".join([
        f"新华社酒泉{g.day()}电 {g.date()}，长征{g.r.randint(2, 8)}号运载火箭成功发射。",
        "卫星顺利进入预定轨道，发射任务取得圆满成功，各项技术指标达到设计要求。",
    ])


def pub_foreign(g: _Gen) -> str:
    c = g.r.choice(COUNTRIES)
    return "\n".join([
        "外交部发言人答记者问",
        f"外交部发言人宣布：应{c}政府邀请，国务委员将于{g.day()}对{c}进行正式访问。",
        "双方将就双边关系和共同关心的问题交换意见。",
    ])


def pub_traffic(g: _Gen) -> str:
    return "\n".join([
        f"关于{g.place()}马拉松比赛期间实施交通管制的通告",
        f"{g.day()}上午7:00至12:00，人民路、滨江路实施交通管制，请途经车辆绕行。",
        "比赛路线：市民广场—滨江路—体育中心。",
    ])


def pub_netweek(g: _Gen) -> str:
    return "\n".join([
        f"{g.place()}举办网络安全宣传周活动",
        "活动现场提醒市民设置复杂密码，密码长度不少于8位，定期更换。",
        f"共发放宣传资料{g.r.randint(500, 5000)}份。",
    ])


def pub_meeting(g: _Gen) -> str:
    return "\n".join([
        f"{g.unit()}召开{g.r.choice(('第三季度工作推进会', '安全生产工作会议', '年度总结会'))}",
        f"{g.date()}，{g.unit()}召开会议，总结前一阶段工作，部署下一阶段任务。",
    ] + g.filler(3))


def pub_tender(g: _Gen) -> str:
    return "\n".join([
        f"{g.unit()}办公设备采购项目招标公告",
        f"项目预算{g.r.randint(10, 500)}万元，投标截止时间为{g.date()}上午9时30分。",
        "开标地点：市公共资源交易中心。",
    ])


PUBLIC = (pub_gongshi, pub_recruit, pub_pastpaper, pub_visit_news, pub_police, pub_stats,
          pub_launch, pub_foreign, pub_traffic, pub_netweek, pub_meeting, pub_tender)


# ---- talk about secrecy ---------------------------------------------------------------------

def talk_scope_rules(g: _Gen) -> str:
    items = g.r.sample([
        "干部考察材料属于国家秘密", "公开选拔干部的试题属于国家秘密",
        "换届人事安排方案在公布前属于机密级国家秘密", "涉密网络的IP地址、口令等安全保密措施属于秘密级事项",
        "国防科研项目的试验数据和技术指标属于国家秘密", "领导同志未公开的视察行程安排属于机密",
        "重大案件的侦查方案、抓捕行动方案属于国家秘密", "对外谈判方案和谈判底线属于国家秘密",
        "统计数据在正式发布前属于工作秘密", "后备干部名单属于秘密级事项",
        "考试试题、参考答案和评分标准在启用前属于绝密级国家秘密",
    ], 5)
    lines = [f"{g.unit()}保密事项范围（公开部分）", "第一条 为了规范本单位定密工作，根据《中华人民共和国保守国家秘密法》，制定本规定。"]
    lines += [f"第{'二三四五六'[i]}条 {t}，应当按规定标注密级。" for i, t in enumerate(items)]
    return "\n".join(lines)


def talk_training(g: _Gen) -> str:
    topics = g.r.sample(("涉密网络管理", "考试试题保密", "领导干部行程保密", "干部考察材料管理",
                         "国防科研试验数据保护", "侦查方案保密", "外事活动保密"), 3)
    return "\n".join([
        f"{g.unit()}开展保密教育培训",
        f"{g.date()}，{g.unit()}举办保密教育专题培训，共有{g.r.randint(40, 300)}名干部参加。",
        f"培训围绕{'、'.join(topics)}等内容进行了讲解，并通报了{g.r.randint(2, 6)}起泄密案例。",
        "参训人员表示，要牢固树立保密意识，严守保密纪律。",
    ])


def talk_law(g: _Gen) -> str:
    return "\n".join([
        "《保守国家秘密法》释义：国家秘密的范围",
        "第十三条规定，下列涉及国家安全和利益的事项，泄露后可能损害国家安全的，应当确定为国家秘密：",
        "（一）国家事务重大决策中的秘密事项；（二）国防建设和武装力量活动中的秘密事项；",
        "（三）外交和外事活动中的秘密事项；（四）追查刑事犯罪中的秘密事项。",
        "例如，侦查方案、抓捕行动部署在案件侦办期间属于国家秘密，任何人不得泄露。",
        "又如，干部考察材料、民主测评结果属于组织人事工作中的秘密事项。",
    ])


def talk_quiz(g: _Gen) -> str:
    lines = [f"{g.unit()}保密知识竞赛试题"]
    qs = ("国家秘密的密级分为（ ）", "涉密计算机不得连接（ ）", "考试试题在启用前属于（ ）",
          "保密期限届满的，自行（ ）", "干部考察材料属于（ ）")
    for i, q in enumerate(g.r.sample(qs, 4)):
        lines.append(f"{i + 1}. {q}。（{g.r.choice((2, 5))}分）")
        lines.append("A. 国家秘密  B. 工作秘密  C. 互联网  D. 解密")
    lines.append("参考答案：1.A 2.C 3.A 4.D")
    return "\n".join(lines)


def talk_exam_rules(g: _Gen) -> str:
    return "\n".join([
        f"{g.place()}教育考试保密工作规定",
        "考试试题、参考答案和评分标准在启用前属于绝密级国家秘密。",
        "命题人员应当签订保密承诺书，严禁携带手机进入命题场所。",
        "试卷运送应当由两人以上押运，不得中途停留。",
    ])


def talk_warning(g: _Gen) -> str:
    return "\n".join([
        "泄密案件警示教育材料",
        f"某单位干部{g.r.choice(('王某', '李某', '张某'))}违规将涉密计算机接入互联网，导致涉密网络口令等信息泄露，受到党内严重警告处分。",
        "该案例警示我们，必须严格落实涉密网络安全保密措施，严禁一机两用。",
    ])


def talk_month(g: _Gen) -> str:
    return "\n".join([
        f"{g.unit()}保密宣传月活动方案",
        f"为增强干部保密意识，{g.date()}至{g.date()}开展保密宣传月活动。",
        "活动内容包括保密法律法规学习、领导干部行程保密提醒、涉密载体管理自查等。",
        "各科室应当高度重视，认真组织学习。",
    ])


def talk_news_case(g: _Gen) -> str:
    return "\n".join([
        "国家安全机关公布一批典型案例",
        "据报道，某研究所工作人员将国防科研项目试验数据私自拷贝，被依法判处有期徒刑。",
        "国家安全机关提醒，技术指标、试验数据等属于国家秘密，切勿通过互联网传递。",
    ])


TALK = (talk_scope_rules, talk_training, talk_law, talk_quiz, talk_exam_rules, talk_warning,
        talk_month, talk_news_case)
TALK_FIELDS = {"talk_scope_rules": "mixed", "talk_training": "mixed", "talk_law": "cases",
               "talk_quiz": "exams", "talk_exam_rules": "exams", "talk_warning": "infosec",
               "talk_month": "leaders", "talk_news_case": "defence"}


DRAFT_NOISE = (
    "请注意保密，不得外传。",
    "各单位应当严格按照要求做好相关工作。",
    "以上意见妥否，请批示。",
    "本稿根据领导意见修改，请审阅。",
)
PUBLIC_NOISE = (
    "{date}，共有{n}人参加相关活动。",
    "截至{date}，已完成{n}项重点任务。",
    "联系人：{name}，电话：0551-6{n}123。",
    "{date}上午9时，相关负责同志出席。",
)


def _vary(g: _Gen, text: str, label: str) -> str:
    """Drafts lose a line and gain normative wording; public text gains concrete detail."""
    lines = text.split("\n")
    r = g.r
    if label == "sensitive":
        if len(lines) > 3 and r.random() < 0.4:
            del lines[r.randrange(1, len(lines))]
        if r.random() < 0.5:
            lines.insert(r.randrange(1, len(lines) + 1), r.choice(DRAFT_NOISE))
    else:
        for _ in range(r.randint(0, 2)):
            lines.insert(r.randrange(1, len(lines) + 1), r.choice(PUBLIC_NOISE).format(
                date=g.date(), n=r.randint(3, 900), name=g.name()))
    lines += g.filler(r.randint(0, 2))
    return "\n".join(lines)


def generate(seed: int = 2026, per_field: int = 21, public: int = 84, talk: int = 84) -> list[Doc]:
    """per_field sensitive drafts for each field, then public and talk documents."""
    rng = random.Random(seed)
    g = _Gen(rng)
    docs: list[Doc] = []
    for field, makers in SENSITIVE.items():
        for i in range(per_field):
            make = makers[i % len(makers)]
            docs.append(Doc(f"sensitive-{field}-{i:02d}-{make.__name__}", "sensitive", field,
                            _vary(g, make(g), "sensitive")))
    for i in range(public):
        make = PUBLIC[i % len(PUBLIC)]
        docs.append(Doc(f"public-{i:02d}-{make.__name__}", "public", "none",
                        _vary(g, make(g), "public")))
    for i in range(talk):
        make = TALK[i % len(TALK)]
        docs.append(Doc(f"talk-{i:02d}-{make.__name__}", "talk", TALK_FIELDS[make.__name__],
                        _vary(g, make(g), "talk")))
    return docs
