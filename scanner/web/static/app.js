// secmark review page. Every piece of document text goes into the page with textContent:
// this file never uses innerHTML, so a document cannot inject markup or script.
"use strict";
(function () {
  const LANG = document.documentElement.lang === "en" ? "en" : "zh";
  const T = {
    zh: {
      title: "密级标志检查", input: "待检查内容",
      subtitle: "发布前检查：拖入稿件或粘贴文本，查看是否可以公开。文件只在本机检查，检查完即丢弃。",
      drop: "把文件拖到这里，或", choose: "选择文件",
      formats: "PDF、Word、文本、网页、图片、邮件、压缩包；可多选",
      paste: "或粘贴文本", paste_here: "在此粘贴稿件正文", scan: "检查", clear: "清空",
      download: "下载 JSON 报告", print_record: "打印保密审查记录", checking: "正在检查，请稍候…", done: "检查完成",
      nothing: "请先选择文件或粘贴文本。",
      too_large: "上传内容共 {size} 超过上限 {limit}，请分批上传或拆分文件。",
      too_many: "一次最多检查 {limit} 个文件，请分批上传。",
      failed: "检查失败：{why}", network: "无法连接检查服务",
      summary: "共 {files} 个文件：阻止 {block}，复核 {review}，通过 {pass}",
      verdict: { block: "阻止", review: "复核", pass: "通过" },
      severity: { block: "阻止", review: "复核", info: "提示" },
      advice: { block: "不得发布：先处理下列问题。", review: "须人工复核下列各项后再决定。",
                pass: "未发现密级标志或涉密迹象，可以进入正常发布流程。" },
      level: "密级：", none: "无", internal: "内部（非国家秘密）",
      marks: "标志：", where: "位置：", page: "第 {page} 页（扫描件，方框为识别到的标志或问题所在行）",
      no_findings: "未发现问题。", remove: "移除", on_page: "（第 {page} 页）",
    },
    en: {
      title: "Secrecy marking check", input: "What to check",
      subtitle: "Before publishing: drop drafts or paste text to see whether they may go out. " +
                "Files are checked on this server only and discarded at once.",
      drop: "Drop files here, or", choose: "choose files",
      formats: "PDF, Word, text, web pages, images, mail, archives; several at once",
      paste: "Or paste text", paste_here: "Paste the draft here", scan: "Check", clear: "Clear",
      download: "Download JSON report", print_record: "Print the review record", checking: "Checking…", done: "Done",
      nothing: "Choose files or paste text first.",
      too_large: "The upload is {size}, over the limit of {limit}: send fewer or smaller files.",
      too_many: "At most {limit} files at once: send them in batches.",
      failed: "The check failed: {why}", network: "cannot reach the checking service",
      summary: "{files} files: {block} blocked, {review} to review, {pass} passed",
      verdict: { block: "BLOCK", review: "REVIEW", pass: "PASS" },
      severity: { block: "block", review: "review", info: "info" },
      advice: { block: "Must not be published: deal with the findings below.",
                review: "Review the items below before deciding.",
                pass: "No marks and no signs of secret content: publish as usual." },
      level: "level: ", none: "none", internal: "internal (not a state secret)",
      marks: "mark: ", where: "where: ", page: "page {page} (scan; boxes show the lines found)",
      no_findings: "No findings.", remove: "remove", on_page: " (page {page})",
    },
  }[LANG];

  const $ = (id) => document.getElementById(id);
  const MAX_BYTES = Number(document.body.dataset.maxBytes) || 0;
  const MAX_FILES = Number(document.body.dataset.maxFiles) || 0;
  let chosen = [];
  let downloadUrl = null;
  let lastReport = null;

  function fmt(template, args) {
    return template.replace(/\{(\w+)\}/g, (m, k) => (k in args ? String(args[k]) : m));
  }

  function el(tag, cls, text) {
    const node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  // A mark as found, with what it was read as (OCR misread, variant character).
  function markText(m) {
    if (!m.normal || !m.text || m.text.startsWith("[已隐去")) return m.text;
    return LANG === "en" ? m.normal + " (read as '" + m.text + "')"
                         : m.normal + "（识别为「" + m.text + "」）";
  }

  function size(n) {
    return n >= 1048576 ? (n / 1048576).toFixed(1) + " MB" : Math.round(n / 1024) + " KB";
  }

  // --- static labels in the chosen language ---
  document.querySelectorAll("[data-i18n]").forEach((node) => {
    const key = node.dataset.i18n;
    if (typeof T[key] === "string") node.textContent = T[key];
  });
  document.querySelectorAll("[data-i18n-placeholder]").forEach((node) => {
    node.placeholder = T[node.dataset.i18nPlaceholder];
  });
  document.title = T.title + " · secmark";

  // --- choosing files ---
  function showChosen() {
    const list = $("chosen");
    list.replaceChildren();
    chosen.forEach((file, i) => {
      const li = el("li", null, file.name);
      li.append(el("span", "size", size(file.size)));
      const rm = el("button", "link", T.remove);
      rm.type = "button";
      rm.addEventListener("click", () => { chosen.splice(i, 1); showChosen(); });
      li.append(" ", rm);
      list.append(li);
    });
  }

  function add(files) {
    for (const f of files) chosen.push(f);
    showChosen();
  }

  const drop = $("drop");
  $("files").addEventListener("change", (e) => { add(e.target.files); e.target.value = ""; });
  ["dragenter", "dragover"].forEach((type) => drop.addEventListener(type, (e) => {
    e.preventDefault(); drop.classList.add("over");
  }));
  ["dragleave", "drop"].forEach((type) => drop.addEventListener(type, (e) => {
    e.preventDefault(); drop.classList.remove("over");
  }));
  drop.addEventListener("drop", (e) => add(e.dataTransfer.files));
  drop.addEventListener("keydown", (e) => {
    if (e.key === "Enter" || e.key === " ") { e.preventDefault(); $("files").click(); }
  });

  $("clear").addEventListener("click", () => {
    chosen = [];
    showChosen();
    $("text").value = "";
    $("results").replaceChildren();
    $("summary").hidden = true;
    lastReport = null;
    $("record").replaceChildren();
    $("record").hidden = true;
    showError(null);
    $("status").textContent = "";
  });

  function showError(message) {
    const box = $("error");
    box.textContent = message || "";
    box.hidden = !message;
  }

  // --- sending ---
  $("scan").addEventListener("click", async () => {
    const text = $("text").value;
    const hasText = text.trim().length > 0;
    showError(null);
    if (!chosen.length && !hasText) { showError(T.nothing); return; }
    if (MAX_FILES && chosen.length + (hasText ? 1 : 0) > MAX_FILES) {
      showError(fmt(T.too_many, { limit: MAX_FILES })); return;
    }
    const total = chosen.reduce((n, f) => n + f.size, 0) + new TextEncoder().encode(text).length;
    if (MAX_BYTES && total > MAX_BYTES) {
      const [a, b] = size(total) === size(MAX_BYTES) ? [total + " B", MAX_BYTES + " B"]
                                                      : [size(total), size(MAX_BYTES)];
      showError(fmt(T.too_large, { size: a, limit: b })); return;
    }
    let init;
    if (chosen.length) {
      const form = new FormData();
      chosen.forEach((f) => form.append("files", f, f.name));
      if (hasText) form.append("text", text);
      init = { method: "POST", body: form };
    } else {
      init = { method: "POST", headers: { "Content-Type": "application/json" },
               body: JSON.stringify({ text: text }) };
    }
    $("scan").disabled = true;
    $("status").textContent = T.checking;
    try {
      const response = await fetch("/api/scan?lang=" + LANG, init);
      let data = null;
      try { data = await response.json(); } catch (e) { data = null; }
      if (!response.ok) {
        const why = data && data.error ? data.error.message : response.status + " " + response.statusText;
        showError([400, 413, 503].includes(response.status) ? why : fmt(T.failed, { why: why }));
        $("status").textContent = "";
        return;
      }
      render(data);
      $("status").textContent = T.done;
    } catch (e) {
      showError(fmt(T.failed, { why: T.network }));
      $("status").textContent = "";
    } finally {
      $("scan").disabled = false;
    }
  });

  // --- results ---
  function render(report) {
    const results = $("results");
    results.replaceChildren();
    report.files.forEach((entry) => results.append(fileCard(entry)));
    $("summary-text").textContent = fmt(T.summary, report.summary);
    $("summary").hidden = false;
    // The download is the report itself: page images stay out of it.
    const copy = JSON.parse(JSON.stringify(report));
    copy.files.forEach((f) => { delete f.views; });
    if (downloadUrl) URL.revokeObjectURL(downloadUrl);
    downloadUrl = URL.createObjectURL(new Blob([JSON.stringify(copy, null, 2) + "\n"],
                                               { type: "application/json" }));
    $("download").href = downloadUrl;
    lastReport = copy;
    $("record").replaceChildren();
    $("record").hidden = true;
  }

  // --- the review record: shown below the results and printed alone (record.css) ---
  $("print-record").addEventListener("click", () => {
    if (!lastReport) return;
    const box = $("record");
    box.replaceChildren(window.secmarkRecord(lastReport, LANG));
    box.hidden = false;
    document.body.classList.add("print-record");
    window.print();
  });
  window.addEventListener("afterprint", () => document.body.classList.remove("print-record"));

  function levelText(entry) {
    if (entry.level) return entry.level;
    return entry.marking === "internal" ? T.internal : T.none;
  }

  function fileCard(entry) {
    const card = el("article", "file v-" + entry.verdict);
    card.dataset.verdict = entry.verdict;
    const head = el("div", "head");
    head.append(el("span", "verdict " + entry.verdict, T.verdict[entry.verdict] || entry.verdict));
    head.append(el("h3", "name", entry.path));
    const meta = el("span", "meta", entry.format + " · " + T.level);
    meta.append(el("span", "level", levelText(entry)));
    head.append(meta);
    card.append(head);
    card.append(el("p", "advice", T.advice[entry.verdict] || ""));

    if (entry.marks && entry.marks.length) {
      const marks = el("ul", "marks");
      entry.marks.forEach((m) => {
        const where = m.location && m.location.page ? fmt(T.on_page, { page: m.location.page }) : "";
        marks.append(el("li", null, T.marks + markText(m) + where));
      });
      card.append(marks);
    }

    if (entry.findings.length) {
      const list = el("ol", "findings");
      entry.findings.forEach((f) => list.append(findingItem(f)));
      card.append(list);
    } else if (!(entry.parts || []).length) {
      card.append(el("p", "nothing", T.no_findings));
    }

    if (entry.views && entry.views.length) {
      const views = el("div", "views");
      entry.views.forEach((v) => views.append(pageView(v)));
      card.append(views);
    }

    if (entry.parts && entry.parts.length) {
      const parts = el("div", "parts");
      entry.parts.forEach((p) => parts.append(fileCard(p)));
      card.append(parts);
    }
    return card;
  }

  function findingItem(f) {
    const li = el("li", "finding " + f.severity);
    li.dataset.code = f.code;
    li.append(el("span", "sev " + f.severity, T.severity[f.severity] || f.severity));
    li.append(el("p", "msg", f.message));
    if (f.where) li.append(el("p", "where", T.where + f.where));
    if (f.context) {
      const pre = el("pre", "context");
      pre.append(document.createTextNode(f.context.before));
      pre.append(el("mark", "hl", f.context.match));
      pre.append(document.createTextNode(f.context.after));
      li.append(pre);
    }
    return li;
  }

  function pageView(v) {
    const fig = el("figure", "view");
    const page = el("div", "page");
    const img = el("img");
    if (typeof v.image === "string" && v.image.startsWith("data:image/")) img.src = v.image;
    img.alt = fmt(T.page, { page: v.page });
    page.append(img);
    (v.boxes || []).forEach((b) => {
      const box = el("div", "box " + b.kind);
      const pad = 0.005;   // a little air between the box and the glyphs
      const x0 = Math.max(0, b.x0 - pad), y0 = Math.max(0, b.y0 - pad);
      const x1 = Math.min(1, b.x1 + pad), y1 = Math.min(1, b.y1 + pad);
      box.style.left = (100 * x0) + "%";
      box.style.top = (100 * y0) + "%";
      box.style.width = (100 * (x1 - x0)) + "%";
      box.style.height = (100 * (y1 - y0)) + "%";
      box.title = b.label;
      if (b.kind === "mark") box.append(el("span", "tag", b.label));
      page.append(box);
    });
    fig.append(page);
    fig.append(el("figcaption", null, fmt(T.page, { page: v.page })));
    return fig;
  }
})();
