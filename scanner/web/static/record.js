// The review record (保密审查记录) built in the page from the JSON report the check returned,
// the same sheets `secmark scan --format record` writes (scanner/report/record.py). Document
// text goes in with textContent only.
"use strict";
window.secmarkRecord = (function () {
  const T = {
    zh: {
      title: "保密审查记录", file: "文件名", sha256: "SHA-256", size: "大小", pages: "页数",
      format: "格式", checked: "检查时间", tool: "检查工具", profile: "判定规则",
      verdict: "检查结论", level: "密级", marks: "发现的标志", findings: "发现的问题",
      no_findings: "未发现问题。", no_marks: "未发现密级标志或非公开标志。", where: "位置",
      review: "审查意见（由审查人填写）", reviewer: "审查人", unit: "部门", opinion: "审查意见",
      approve: "同意发布", reject: "不同意发布", amend: "修改后发布", notes: "意见说明",
      signature: "签名", date: "日期", rules: "规则版本", none: "无",
      footer: "本记录由 secmark 自动生成检查部分；结论须经审查人确认。第 {i}/{n} 份。",
      pages_unknown: "—（该格式无分页）", bytes: "{n} 字节", ends: "，届满 ",
      verdicts: { block: "阻止", review: "复核", pass: "通过" },
      severity: { block: "阻止", review: "复核", info: "提示" },
      advice: { block: "不得发布：须先处理下列问题。", review: "须人工复核下列各项后再决定。",
                pass: "未发现密级标志或涉密迹象。" },
      profiles: { publish: "publish（发布前）", email: "email（邮件）", sweep: "sweep（共享盘）" },
      colon: "：", open: "（", close: "）",
    },
    en: {
      title: "Secrecy review record", file: "File", sha256: "SHA-256", size: "Size",
      pages: "Pages", format: "Format", checked: "Checked at", tool: "Checked with",
      profile: "Rules of judgement", verdict: "Verdict", level: "Level", marks: "Marks found",
      findings: "Findings", no_findings: "No findings.",
      no_marks: "No state-secret or non-public mark found.", where: "where",
      review: "Review (filled in by the reviewer)", reviewer: "Reviewer", unit: "Department",
      opinion: "Opinion", approve: "approved for publication", reject: "not approved",
      amend: "publish after changes", notes: "Notes", signature: "Signature", date: "Date",
      rules: "rules", none: "none",
      footer: "The check part of this record was made by secmark; the reviewer confirms the " +
              "verdict. Record {i} of {n}.",
      pages_unknown: "— (no pages in this format)", bytes: "{n} bytes", ends: ", ends ",
      verdicts: { block: "BLOCK", review: "REVIEW", pass: "PASS" },
      severity: { block: "block", review: "review", info: "info" },
      advice: { block: "Must not be published: deal with the findings first.",
                review: "Review the items below before deciding.",
                pass: "No marks and no signs of secret content." },
      profiles: { publish: "publish", email: "email", sweep: "sweep" },
      colon: ": ", open: "(", close: ")",
    },
  };

  function el(tag, cls, text) {
    const node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  function walk(entry, out) {
    out.push(entry);
    (entry.parts || []).forEach((p) => walk(p, out));
    return out;
  }

  function size(n, t, lang) {
    if (n === null || n === undefined) return "—";
    const words = t.bytes.replace("{n}", n.toLocaleString("en-US"));
    const [o, c] = lang === "en" ? [" (", ")"] : ["（", "）"];
    if (n >= 1048576) return (n / 1048576).toFixed(1) + " MB" + o + words + c;
    if (n >= 1024) return (n / 1024).toFixed(1) + " KB" + o + words + c;
    return words;
  }

  function sheet(entry, report, t, lang, i, n) {
    const s = el("section", "r-sheet");
    s.append(el("h1", null, t.title));
    const table = el("table", "r-facts");
    function row(key, value, cls) {
      const tr = el("tr");
      tr.append(el("th", null, t[key]));
      const td = el("td");
      if (value instanceof Node) td.append(value); else td.append(el("span", cls, value));
      tr.append(td);
      table.append(tr);
    }
    let tool = "secmark " + ((report.tool || {}).version || "");
    if (report.rules) tool += " · " + t.rules + " " + report.rules;
    const verdict = entry.verdict || "block";
    row("file", entry.path, "r-name");
    row("sha256", entry.sha256 || "—", "r-mono");
    row("size", size(entry.size, t, lang));
    row("pages", entry.pages ? String(entry.pages) : t.pages_unknown);
    row("format", entry.format || "—");
    row("checked", report.checked || report.today || "—");
    row("tool", tool);
    row("profile", t.profiles[report.profile] || report.profile || "");
    const v = document.createDocumentFragment();
    v.append(el("span", "r-verdict " + verdict, t.verdicts[verdict] || verdict), " " + t.advice[verdict]);
    row("verdict", v);
    row("level", entry.level || entry.marking_label || t.none);
    s.append(table);

    const marks = el("ol", "r-items"), findings = el("ol", "r-items");
    walk(entry, []).forEach((part) => {
      (part.marks || []).forEach((m) => {
        const li = el("li");
        li.append(el("span", "r-ev", m.text), " " + (m.kind_label || m.kind) + " " + (m.level || "") + " ");
        let where = m.where || "";
        if (m.period && m.period.ends) where += t.ends + m.period.ends;
        li.append(el("span", "r-where", where ? t.open + where + t.close : ""));
        marks.append(li);
      });
      (part.findings || []).forEach((f) => {
        const li = el("li");
        li.append(el("b", null, f.title || f.code), " ",
                  el("span", "r-code", f.code + " · " + (t.severity[f.severity] || "?")));
        li.append(el("div", null, f.message));
        if (f.where) li.append(el("div", "r-where", t.where + t.colon + f.where));
        findings.append(li);
      });
    });
    s.append(el("h2", null, t.marks), marks.children.length ? marks : el("p", null, t.no_marks));
    s.append(el("h2", null, t.findings),
             findings.children.length ? findings : el("p", null, t.no_findings));

    s.append(el("h2", null, t.review));
    const form = el("div", "r-form");
    function line(...keys) {
      const div = el("div", "r-line");
      keys.forEach((k) => div.append(el("span", null, t[k] + t.colon), el("span", "r-blank")));
      return div;
    }
    const ticks = el("div", "r-ticks");
    ticks.append(el("span", null, t.opinion + t.colon));
    ["approve", "reject", "amend"].forEach((k) => {
      const tick = el("span", "r-tick");
      tick.append(el("span", "r-box"), t[k]);
      ticks.append(tick);
    });
    form.append(line("reviewer", "unit"), ticks, line("notes"), el("div", "r-notes"),
                el("div", "r-notes"), line("signature", "date"));
    s.append(form);
    s.append(el("p", "r-foot", t.footer.replace("{i}", i).replace("{n}", n)));
    return s;
  }

  // The record of every file of the report, in a .record element.
  return function record(report, lang) {
    const t = T[lang === "en" ? "en" : "zh"];
    const root = el("div", "record");
    const files = report.files || [];
    files.forEach((entry, i) => root.append(sheet(entry, report, t, lang, i + 1, files.length)));
    return root;
  };
})();
