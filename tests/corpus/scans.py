"""Generated scans: marked and public pages rendered, rotated, blurred, noised and
JPEG-compressed as a copier would, with the level each must give."""
from __future__ import annotations

import random
from dataclasses import dataclass

from samples_render import degrade, render_page

MARKS = [("机密★10年", "机密"), ("秘密★5年", "秘密"), ("绝密★长期", "绝密"), ("机密★20年", "机密"),
         ("秘密★1年", "秘密"), ("绝密★启用前", "绝密"), ("机密★6个月", "机密"), ("秘密", "秘密"),
         ("机密★2028年6月30日", "机密"), ("绝密★会议开始前", "绝密"), ("秘　密★5年", "秘密")]
ISSUERS = ["青海省人民政府文件", "××市人民政府文件", "中共××县委员会文件", "××省教育厅文件"]
BODY = ["现将有关事项通知如下，请认真贯彻执行。", "各单位要高度重视，加强组织领导，确保工作落实。",
        "请于本月底前将落实情况报送办公室。", "会议由常务副市长主持，各部门负责同志参加。",
        "一、提高认识，统一思想。", "二、明确责任，狠抓落实。", "三、加强督查，确保实效。"]
PUBLIC_TOP = [[], ["关于举办保密知识竞赛的通知"], ["第2026-15号"], ["××大学研究生院"]]
PUBLIC_BODY = ["保守国家秘密是每个公民的义务。", "不该说的秘密不说，不该问的秘密不问。",
               "为进一步提高全体干部职工的保密意识，定于下月举办保密知识竞赛。",
               "本次培训邀请专家讲解保密法律法规和典型案例。", "欢迎广大师生积极参加。"]


@dataclass(frozen=True)
class ScanCase:
    name: str
    data: bytes
    level: str | None
    dpi: int
    angle: float


def generate(n_marked: int = 80, n_public: int = 40, seed: int = 2026) -> list[ScanCase]:
    rng = random.Random(seed)
    cases = []
    for i in range(n_marked + n_public):
        marked = i < n_marked
        dpi = rng.choice((150, 200, 300))
        angle = rng.uniform(-2, 2)
        body = rng.sample(BODY if marked else PUBLIC_BODY, 4)
        if marked:
            mark, level = MARKS[i % len(MARKS)]
            align = "right" if i % 5 == 4 else "left"
            top = [f"{rng.randrange(1, 999999):06d}", mark] + (["特急"] if i % 3 == 0 else [])
            page = render_page(top, body, dpi=dpi, align=align, title=rng.choice(ISSUERS))
        else:
            level = None
            page = render_page(rng.choice(PUBLIC_TOP), body, dpi=dpi,
                               title="关于开展保密宣传月活动的通知")
        data = degrade(page, rng, angle=angle, noise=rng.uniform(0, 0.01),
                       blur=rng.choice((0, 0, 0.6, 1.0)), quality=rng.choice((35, 50, 75, 90)))
        cases.append(ScanCase(f"scan_{i:03d}.jpg", data, level, dpi, angle))
    return cases
