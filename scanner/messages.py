"""Every sentence a user reads, in Chinese and English, keyed by stable codes."""
from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .model import Location

FINDINGS = {
    "MARKED_CLASSIFIED": (
        "标有国家秘密标志「{evidence}」（{level}），共 {count} 处（{places}）。涉密载体不得公开发布、"
        "不得通过普通邮件或互联网传递，应按涉密载体管理。",
        "Carries a state-secret mark '{evidence}' ({level}) in {count} place(s) ({places}). "
        "Classified material must not be published or sent over ordinary mail or the internet."),
    "MARKED_INTERNAL": (
        "标有非公开标志「{evidence}」（{kind}），共 {count} 处（{places}）。工作秘密和内部资料不得"
        "公开发布，对外提供须经审批。",
        "Carries a non-public mark '{evidence}' ({kind}) in {count} place(s) ({places}). Work "
        "secrets and internal material must not be published."),
    "DECLARED_LEVEL": (
        "正文中声明密级：「{evidence}」。这不是规范的密级标志，但说明文件可能涉密，请人工确认。",
        "The text declares a level: '{evidence}'. Not a proper mark, but the file may be "
        "classified: check it."),
    "NON_PRC_MARK": (
        "发现非大陆密级体系的标志「{evidence}」（如台湾地区的「绝对机密」「极机密」），不对应我国密级，"
        "请人工确认。",
        "Found a mark of another scheme '{evidence}' (e.g. Taiwan's 絕對機密/極機密); it does not "
        "map to PRC levels: check it."),
    "INVALID_PERIOD": (
        "保密期限「{text}」不合规：{why}。",
        "Protection period '{text}' is not valid: {why}."),
    "MISSING_PERIOD": (
        "密级标志「{evidence}」未标保密期限，按规定视为{level}的最长期限 {default} 年。",
        "Mark '{evidence}' has no protection period; the maximum for {level}, {default} years, "
        "applies."),
    "EXPIRED_PERIOD": (
        "按{basis}计算，保密期限已于 {ends} 届满。期限届满不等于可以公开：是否解密、能否公开须由定密"
        "单位确认。",
        "Counted from {basis}, the protection period ended on {ends}. An ended period does not "
        "make a document public: the classifying unit must decide."),
    "MISSING_COPY_NUMBER": (
        "涉密公文（{level}）未标份号。GB/T 9704 要求涉密公文标注份号。",
        "Classified official document ({level}) carries no copy number (份号), which GB/T 9704 "
        "requires."),
    "UNREADABLE": ("无法读取：{why}。未能检查的文件不能视为无密。",
                   "Could not be read: {why}. A file that was not checked is not clean."),
    "UNSUPPORTED_FORMAT": ("暂不支持的文件格式（{fmt}），未能检查内容，不能视为无密。",
                           "Unsupported format ({fmt}); its content was not checked and it is "
                           "not clean."),
    "LIMIT_EXCEEDED": ("超出处理限制：{why}。未检查完的内容不能视为无密。",
                       "Over a processing limit: {why}. What was not checked is not clean."),
    "LOW_OCR_CONFIDENCE": (
        "第 {page} 页为扫描图像，OCR 识别可信度 {confidence}（低于 {threshold}），识别结果不能证明无密，"
        "请人工查看该页。",
        "Page {page} is a scan read by OCR with confidence {confidence} (below {threshold}); the "
        "reading proves nothing: look at the page."),
    "POSSIBLE_MARK": (
        "扫描页顶部疑似密级标志「{evidence}」，但识别不完整（如星号残缺），请人工确认。",
        "Something like a mark '{evidence}' at the top of a scanned page, read incompletely "
        "(e.g. a broken star): check it."),
    "INVISIBLE_IN_MARK": (
        "密级标志「{evidence}」中夹有不可见字符（{chars}）。正常录入不会产生这些字符，"
        "它们会使检索和人工查找漏掉该标志，请确认是否有意隐藏。",
        "The mark '{evidence}' contains invisible characters ({chars}). Ordinary typing does not "
        "produce them, and they make searches miss the mark: check whether it was hidden on "
        "purpose."),
    "PAGES_SKIPPED": (
        "部分内容未检查：{why}。未检查的内容不能视为无密。",
        "Part of the file was not checked: {why}. What was not checked is not clean."),
    "EMPTY_FILE": ("文件为空（0 字节），可能是未复制完整的文件，请确认。",
                   "The file is empty (0 bytes); it may be an incomplete copy: check it."),
    "DETECTOR_ERROR": ("检查程序内部错误（{detector}：{error}），该文件未能完整检查。",
                       "Internal error in detector {detector} ({error}); the file was not "
                       "fully checked."),
    "UNMARKED_SENSITIVE": (
        "未标密级，但内容属于保密范围（{fields}），得分 {score}（阈值 {threshold}）。依据以下 "
        "{count} 句：{sentences}。请确认是否涉密并按规定定密标志后再处理。",
        "Not marked, but the content falls in the secrecy scope ({fields}): score {score} "
        "(threshold {threshold}). Driven by {count} sentence(s): {sentences}. Check whether it "
        "is classified and mark it before going on."),
    "SENSITIVE_TERMS": (
        "未标密级，出现保密范围内的内容迹象（{fields}），得分 {score}（复核阈值 {threshold}）。"
        "依据以下 {count} 句：{sentences}。请人工确认。",
        "Not marked; signs of secrecy-scope content ({fields}): score {score} (review threshold "
        "{threshold}). Driven by {count} sentence(s): {sentences}. Check it."),
    "SCOPE_ABOVE_MARK": (
        "标志为{mark_level}，但保密范围提示其中内容可能属于{level}（{fields}）。依据以下 {count} "
        "句：{sentences}。请确认密级是否定得过低。",
        "Marked {mark_level}, but the secrecy scope suggests {level} for its content ({fields}). "
        "Driven by {count} sentence(s): {sentences}. Check whether the level is too low."),
    "INCONSISTENT_LEVEL": (
        "密级标志前后不一致：{listing}。{why}按就高原则，文件应统一标注所含内容的最高密级和最长"
        "期限：{expected}。",
        "The marks of this file do not agree: {listing}. {why}By the highest-level "
        "rule the file must carry the highest level and longest period it contains: "
        "{expected}."),
    "PUBLIC_NOTE_CONFLICT": (
        "附注「{evidence}」表明此件公开，但文件同时标有{kind}标志 {count} 处（最高：{level}），"
        "自相矛盾。请核实公开属性和密级后更正。",
        "The note '{evidence}' declares the file public, but it also carries {count} {kind} "
        "mark(s) (highest: {level}): it contradicts itself. Check and correct both."),
    "MISSING_DISTRIBUTION": (
        "涉密公文（{level}）既无主送机关，也无「此件发至…」「分送…」等分送范围，知悉范围不明，"
        "请核实。",
        "Classified official document ({level}) names neither addressees (主送) nor a "
        "distribution (此件发至…, 分送…): its circle of readers is unclear. Check it."),
    "MARK_IN_FIGURE": (
        "图片中有{kind}标志「{evidence}」，但该图片是文中的插图「{caption}」，图注或上下文"
        "说明它是示例、版式或式样（常见于标准和教材）。请人工确认它只是示例，而不是一页涉密文件。",
        "A picture carries a {kind} mark '{evidence}', but it is a figure of the document "
        "('{caption}') whose caption or surrounding text calls it an example, layout or "
        "specimen (as in standards and textbooks). Check that it is only an example, not a "
        "classified page."),
    "HIDDEN_CONTENT": (
        "{layer}中有{what}：「{evidence}」。阅读页面时看不到，但它仍在文件里，任何人都能取出。"
        "请先清除（接受或拒绝修订、删除批注和隐藏内容）再处理。{more}",
        "The {layer} holds {what}: '{evidence}'. A reader of the page does not see it, but it "
        "is still in the file and anyone can get it out. Remove it first (accept or reject "
        "changes, delete comments and hidden content).{more}"),
}

# Each finding code in a few words, for lists and charts (the full sentence is FINDINGS).
CODE_TITLES = {
    "MARKED_CLASSIFIED": ("标有国家秘密标志", "state-secret mark"),
    "MARKED_INTERNAL": ("标有非公开标志", "non-public mark"),
    "DECLARED_LEVEL": ("正文声明密级", "level declared in the text"),
    "NON_PRC_MARK": ("非大陆密级体系的标志", "mark of another scheme"),
    "INVALID_PERIOD": ("保密期限不合规", "invalid protection period"),
    "MISSING_PERIOD": ("未标保密期限", "no protection period"),
    "EXPIRED_PERIOD": ("保密期限已届满", "protection period ended"),
    "MISSING_COPY_NUMBER": ("涉密公文未标份号", "no copy number"),
    "UNREADABLE": ("无法读取", "unreadable"),
    "UNSUPPORTED_FORMAT": ("不支持的格式", "unsupported format"),
    "LIMIT_EXCEEDED": ("超出处理限制", "over a processing limit"),
    "LOW_OCR_CONFIDENCE": ("扫描件识别可信度低", "low OCR confidence"),
    "POSSIBLE_MARK": ("疑似密级标志", "possible mark"),
    "PAGES_SKIPPED": ("部分内容未检查", "part not checked"),
    "EMPTY_FILE": ("空文件", "empty file"),
    "DETECTOR_ERROR": ("检查程序内部错误", "internal detector error"),
    "UNMARKED_SENSITIVE": ("未标密级但内容涉密", "unmarked secret content"),
    "SENSITIVE_TERMS": ("涉密内容迹象", "signs of secret content"),
    "SCOPE_ABOVE_MARK": ("内容可能高于所标密级", "content above its mark"),
    "INCONSISTENT_LEVEL": ("各处标志不一致", "marks disagree"),
    "PUBLIC_NOTE_CONFLICT": ("公开说明与标志矛盾", "public note conflicts"),
    "MISSING_DISTRIBUTION": ("涉密文件未注明发送范围", "no distribution"),
    "HIDDEN_CONTENT": ("隐藏内容", "hidden content"),
    "MARK_IN_FIGURE": ("示例插图中的标志", "mark in an example figure"),
    "INVISIBLE_IN_MARK": ("标志中夹有不可见字符", "invisible characters in a mark"),
}


def code_title(code: str, lang: str) -> str:
    return _pick(CODE_TITLES[code], lang) if code in CODE_TITLES else code


def kind_label(kind: str | None, lang: str) -> str:
    """state-secret, internal, not-public, telegram; none (or empty) for unmarked."""
    if not kind or kind == "none":
        return _pick(UI["none"], lang)
    return _pick(KINDS.get(kind, (kind, kind)), lang)


# INCONSISTENT_LEVEL: why the places disagree; where each place is.
LEVEL_REASONS = {
    "disagree": ("文件名、属性、页眉页脚和首页的标志互相矛盾。",
                 "The file name, properties, headers, footers and first page disagree. "),
    "further_higher": ("后文（附件等）的密级或期限高于首页的标志。",
                       "A mark further in (an attachment…) asks for more than the first page's "
                       "mark. "),
    "claim_unsupported": ("文件名或文档属性标有密级，但内容中没有任何标志。",
                          "The file name or properties claim a level the content does not "
                          "carry. "),
    "part_higher": ("所含文件（附件、嵌入内容）的密级或期限高于本文件的标志。",
                    "A part (attachment, embedded file) asks for more than the file's own "
                    "mark. "),
}
PLACES = {
    "filename": ("文件名", "file name"), "subject": ("邮件主题", "mail subject"),
    "properties": ("文档属性", "document properties"), "header": ("页眉", "header"),
    "footer": ("页脚", "footer"), "first-page": ("首页", "first page"),
    "further": ("正文后部", "further in"), "attachment": ("附件", "attachment"),
    "part": ("所含文件", "part"),
}
HIDDEN_WHAT = {
    "mark": ("密级标志（{level}）", "a state-secret mark ({level})"),
    "internal": ("非公开标志（{kind}）", "a non-public mark ({kind})"),
    "scope": ("保密范围内的内容（{fields}）", "secrecy-scope content ({fields})"),
}

REASONS = {
    "encrypted": ("{fmt} 已加密，无法检查", "the {fmt} file is encrypted and cannot be checked"),
    "corrupt": ("{fmt} 文件已损坏或格式不正确（{detail}）", "the {fmt} file is damaged ({detail})"),
    "truncated": ("{fmt} 文件不完整（可能被截断）", "the {fmt} file is truncated"),
    "parser_error": ("解析 {fmt} 时出错（{error}）", "the {fmt} reader failed ({error})"),
    "no_text_layer": ("第 {page} 页没有文字层（可能是扫描件），需要 OCR 识别",
                      "page {page} has no text layer (probably a scan) and needs OCR"),
    "junk_text_layer": ("第 {page} 页的文字层是乱码（字体缺少编码映射），需要 OCR 识别",
                        "the text layer of page {page} is junk (fonts without a Unicode map) "
                        "and needs OCR"),
    "drawn_text_layer": ("第 {page} 页的文字以图形（轮廓）绘制，几乎没有文字层，需要 OCR 识别",
                         "page {page} draws its words as outlines, with almost no text layer, "
                         "and needs OCR"),
    "bad_encoding": ("文字编码无法确定，部分字符无法识别", "the text encoding could not be "
                     "determined; some characters are unreadable"),
    "too_large": ("文件大小 {size} 字节超过上限 {limit} 字节", "the file is {size} bytes, over "
                  "the limit of {limit}"),
    "too_many_pages": ("页数超过上限 {limit} 页，其后的页未检查", "more than {limit} pages; the "
                       "rest were not checked"),
    "out_of_memory": ("内存不足", "out of memory"),
    "ocr_first_page_only": ("按 --ocr first-page 只识别了第 1 页，其余 {skipped} 页未识别",
                            "with --ocr first-page only page 1 was read by OCR; {skipped} "
                            "page(s) were not"),
    "images_not_read": ("按 --ocr {mode} 未识别文档中的 {count} 张图片",
                        "with --ocr {mode} the {count} picture(s) in the document were not read"),
    "too_many_images": ("文档中有 {count} 张图片，超过上限 {limit} 张，其余未识别",
                        "{count} pictures, over the limit of {limit}; the rest were not read"),
    "html_too_deep": ("{fmt} 嵌套层数过深，超过 256 层的内容未检查", "the {fmt} is nested too deeply; "
                 "content below 256 levels was not checked"),
    "page_unreadable": ("第 {page} 页无法读取（{detail}）", "page {page} could not be read ({detail})"),
    "forms_unreadable": ("PDF 表单域无法读取，表单中填写的内容未检查（{detail}）",
                         "the PDF's form fields could not be read; what was filled in was not "
                         "checked ({detail})"),
    "corrupt_part": ("{fmt} 文件中的 {part} 已损坏，该部分未检查（{detail}）",
                     "{part} inside the {fmt} file is damaged and was not checked ({detail})"),
    "too_much_text": ("文字 {chars} 字超过上限 {limit} 字，其后的内容未检查",
                      "{chars} characters of text, over the limit of {limit}; the rest was not "
                      "checked"),
    "bad_csv": ("CSV 第 {line} 行无法解析，已按纯文本逐行检查（{detail}）",
                "CSV could not be parsed at line {line}; read as plain lines instead ({detail})"),
    "ocr_unavailable": ("OCR 引擎不可用（{detail}），无法识别扫描图像；请安装 Debian 软件包 {packages}",
                        "the OCR engine is unavailable ({detail}); install the Debian packages "
                        "{packages}"),
    "ocr_timeout": ("第 {page} 页 OCR 超时（{seconds} 秒）", "OCR of page {page} timed out "
                    "({seconds} s)"),
    "ocr_failed": ("第 {page} 页 OCR 失败（{error}）", "OCR of page {page} failed ({error})"),
    "ocr_off": ("按 --ocr off 未做 OCR，{pages} 页扫描图像未检查", "--ocr off: {pages} scanned "
                "page(s) were not read"),
    "picture_unreadable": ("文档中的图片 {name}（{fmt}）无法解码（{detail}），图中内容未检查",
                           "the picture {name} ({fmt}) in the document could not be decoded "
                           "({detail}); what it shows was not checked"),
    "picture_vector_only": ("文档中的图片 {name}（{fmt} 矢量图）中没有可识别的位图或文字，"
                            "图中内容未检查",
                            "the picture {name} ({fmt} vector drawing) holds no bitmap or text "
                            "that can be read; what it shows was not checked"),
    "picture_format_unsupported": ("文档中的图片 {name} 为暂不支持的 {fmt} 格式，图中内容未检查",
                                   "the picture {name} is in a format not read yet ({fmt}); "
                                   "what it shows was not checked"),
    "image_too_large": ("图像像素过多，可能是解压炸弹（{detail}）", "the image has too many pixels "
                        "(a decompression bomb?) ({detail})"),
    "unsupported": ("", ""),
    "empty": ("", ""),
    "not_found": ("文件不存在", "the file does not exist"),
    "permission": ("没有读取权限", "permission denied"),
    "io_error": ("读取出错（{error}）", "read error ({error})"),
    # mail and archives (issue 6); {option} names the setting in scanner.options.Limits
    "too_deep": ("附件和压缩包嵌套超过 {limit} 层（{option}），更深的内容未检查",
                 "nested more than {limit} levels deep ({option}); deeper content was not "
                 "checked"),
    "too_many_members": ("附件和压缩包成员超过 {limit} 个（{option}），其余未检查",
                         "more than {limit} attachments and members ({option}); the rest were "
                         "not checked"),
    "unpacked_too_large": ("解压后总大小超过 {limit} 字节（{option}），其余内容未检查",
                           "more than {limit} bytes unpacked in all ({option}); the rest was not "
                           "checked"),
    "member_too_large": ("解压后超过单个文件上限 {limit} 字节（{option}）",
                         "unpacks to more than {limit} bytes ({option})"),
    "ratio_too_high": ("压缩比超过 {limit}:1（{option}），疑似解压炸弹，未解压",
                       "compression ratio over {limit}:1 ({option}), a likely decompression "
                       "bomb; not unpacked"),
    "mime_ambiguous": ("邮件结构有歧义，不同邮件程序看到的内容可能不同（{detail}），已按各种解读检查",
                       "the mail's MIME structure can be read more than one way ({detail}); "
                       "every reading was checked"),
    "timeout": ("处理超时（超过 {seconds} 秒）", "processing timed out (over {seconds} s)"),
    "worker_crash": ("处理程序崩溃（{detail}）", "the reader crashed ({detail})"),
    "reader_missing": ("读取 {fmt} 文件所需的程序未安装，请安装 {package}",
                       "the reader for {fmt} files is not installed: install {package}"),
    "not_regular_file": ("不是普通文件（{file_type}），未打开", "not a regular file "
                         "({file_type}); not opened"),
    "folder_unreadable": ("文件夹无法列出（{error}），其中的文件未检查",
                          "the folder could not be listed ({error}); its files were not checked"),
}

FILE_TYPES = {
    "fifo": ("命名管道", "a FIFO"), "char_device": ("字符设备", "a character device"),
    "block_device": ("块设备", "a block device"), "socket": ("套接字", "a socket"),
    "folder": ("文件夹", "a folder"), "other": ("特殊文件", "a special file"),
}

PERIOD_WHY = {
    "over_max": ("{level}最长 {max} 年，标注 {years} 年超过法定上限（保守国家秘密法）",
                 "{level} allows at most {max} years; {years} exceeds the law"),
    "months_over_year": ("一年以上的期限应以「年」计，{months} 个月不规范",
                         "periods of a year or more are written in years; {months} months is "
                         "not compliant"),
    "not_arabic": ("期限应使用阿拉伯数字（GB/T 9704）", "GB/T 9704 wants Arabic digits"),
    "malformed": ("无法识别为期限、解密日期或解密条件", "not a period, a date or a condition"),
}

KINDS = {
    "state-secret": ("国家秘密", "state secret"),
    "internal": ("内部/工作秘密", "internal / work secret"),
    "not-public": ("不公开", "not public"),
    "telegram": ("密码电报", "cipher telegram"),
}

REGIONS = {
    "body": ("正文", "body"), "header": ("页眉", "header"), "footer": ("页脚", "footer"),
    "table": ("表格", "table"), "textbox": ("文本框", "text box"),
    "footnote": ("脚注", "footnote"), "endnote": ("尾注", "endnote"), "title": ("标题", "title"),
    "metadata": ("文档属性", "document properties"), "filename": ("文件名", "file name"),
    "subject": ("邮件主题", "mail subject"), "mail-header": ("邮件头", "mail header"),
}

# Hidden layers (issue 5), named as a reader knows them.
REGIONS.update({
    "tracked-deletion": ("修订删除的文字", "tracked deletion"),
    "tracked-insertion": ("修订插入的文字", "tracked insertion"),
    "comment": ("批注", "comment"), "hidden": ("隐藏文字", "hidden text"),
    "html-comment": ("HTML 注释", "HTML comment"), "invisible": ("不可见文字", "invisible text"),
    "annotation": ("PDF 注释", "PDF annotation"), "form-field": ("表单域", "form field"),
    "alt-text": ("替代文字（alt/title 属性）", "alt/title attribute"),
    "tiny-text": ("极小字号的文字", "text too small to read"),
    "white-text": ("与背景同色的文字", "text the colour of its background"),
    "off-page": ("页面范围外的文字", "text outside the page"),
    "meta": ("网页 meta 信息", "HTML meta data"), "xmp": ("XMP 元数据", "XMP metadata"),
    "hidden-sheet": ("隐藏的工作表", "hidden sheet"), "hidden-slide": ("隐藏的幻灯片", "hidden slide"),
    "speaker-notes": ("演讲者备注", "speaker notes"),
})

POSITIONS = {
    "top-left": ("左上", "top left"), "top-right": ("右上", "top right"),
    "top-center": ("上方居中", "top centre"), "elsewhere": ("", ""),
}

BASIS = {"document": ("成文日期", "the document date"), "file": ("文件日期", "the file date")}

VERDICTS = {"block": ("阻止", "BLOCK"), "review": ("复核", "REVIEW"), "pass": ("通过", "PASS")}

UI = {
    "level": ("密级", "level"),
    "none": ("无", "none"),
    "marks": ("标志", "marks"),
    "findings": ("问题", "findings"),
    "summary": ("共 {files} 个文件：阻止 {block}，复核 {review}，通过 {pass}",
                "{files} files: {block} blocked, {review} to review, {pass} passed"),
    "period": ("期限", "period"),
    "ends": ("届满", "ends"),
    "elements": ("公文要素", "document elements"),
    "error": ("错误", "error"),
    "scope": ("保密范围内容", "scope content"),
    "places": ("各处标志", "places and their marks"),
    "redacted_random": ("证据已隐去：HMAC-SHA-256 摘要，密钥为本报告随机生成，不同报告之间不可比对",
                        "evidence redacted: HMAC-SHA-256 with a random key of this report; "
                        "not comparable across reports"),
    "redacted_user": ("证据已隐去：HMAC-SHA-256 摘要，使用用户提供的密钥，同一密钥的报告之间可比对",
                      "evidence redacted: HMAC-SHA-256 with the key the user gave; comparable "
                      "across reports made with that key"),
    "ocr_pages": ("OCR 识别的页", "pages read by OCR"),
    "ocr_scan": ("扫描图像", "scanned"),
    "ocr_junk_text": ("文字层是乱码，按图像识别", "junk text layer, read as a picture"),
    "ocr_drawn_text": ("文字以图形绘制，按图像识别", "words drawn as outlines, read as a picture"),
    # --ocr auto: pictures not read in full (scanner/ocr_plan.py); --ocr all reads them in full
    "ocr_picture_lines": ("图片文字少，只逐行识别检测到的文字（--ocr all 全部识别）",
                          "few words: only the lines the text detector found were read "
                          "(--ocr all reads it in full)"),
    "ocr_picture_zone": ("非整页图片，只识别顶部标志区（--ocr all 全部识别）",
                         "not a page: only its mark zone at the top was read "
                         "(--ocr all reads it in full)"),
    "ocr_picture_no_text": ("未检测到文字，未做文字识别（--ocr all 全部识别）",
                            "the text detector found no text; not read further "
                            "(--ocr all reads it in full)"),
}


def _pick(pair: tuple[str, str], lang: str) -> str:
    return pair[1] if lang == "en" else pair[0]


def ui(key: str, lang: str, **args: Any) -> str:
    return _pick(UI[key], lang).format(**args)


def verdict_label(verdict: str, lang: str) -> str:
    return _pick(VERDICTS[verdict], lang)


def region_label(region: str | None, lang: str) -> str:
    if not region:
        return ""
    return _pick(REGIONS[region], lang) if region in REGIONS else region


def describe_location(loc: Location, lang: str) -> str:
    zh = lang != "en"
    bits = []
    if loc.part:
        bits.append(loc.part)
    if loc.page:
        bits.append(f"第{loc.page}页" if zh else f"page {loc.page}")
    if loc.line:
        bits.append(f"第{loc.line}行" if zh else f"line {loc.line}")
    if loc.region and loc.region != "body":
        bits.append(region_label(loc.region, lang))
    if loc.position and POSITIONS.get(loc.position, ("x", "x"))[0]:
        bits.append(_pick(POSITIONS[loc.position], lang))
    return ("，" if zh else ", ").join(bits)


def mark_text(text: str, normal: str | None, lang: str) -> str:
    """A mark as found, with what it was read as when that differs (an OCR misread, a
    variant character): 机密★5年（识别为「机密云5年」）. Never the raw misread alone."""
    if not normal or not text or text.startswith("[已隐去"):
        return text
    text = show_invisible(text)
    return f"{normal}（识别为「{text}」）" if lang != "en" else f"{normal} (read as '{text}')"


def show_invisible(text: str) -> str:
    """Invisible characters made visible: 机[U+200B]密."""
    from .detectors.fold import INVISIBLE_RE
    return INVISIBLE_RE.sub(lambda m: f"[U+{ord(m.group()):04X}]", text)


def render(code: str, args: Mapping[str, Any], evidence: str, lang: str) -> str:
    values = dict(args)
    values["evidence"] = mark_text(evidence, values.pop("normal", None), lang)
    if code == "INVISIBLE_IN_MARK":
        values["chars"] = "、".join(values["chars"]) if lang != "en" else ", ".join(values["chars"])
    if "file_type" in values:
        values["file_type"] = _pick(FILE_TYPES.get(values["file_type"], FILE_TYPES["other"]),
                                    lang)
    if "reason" in values and code in ("UNREADABLE", "LIMIT_EXCEEDED", "PAGES_SKIPPED"):
        values["why"] = _pick(REASONS.get(values["reason"], ("{reason}", "{reason}")),
                              lang).format_map(_Default(values))
    if code == "INVALID_PERIOD":
        values["why"] = _pick(PERIOD_WHY[values["reason"]], lang).format_map(_Default(values))
    if "places" in values:
        values["places"] = ("、" if lang != "en" else ", ").join(
            region_label(p, lang) for p in values["places"])
    if "kind" in values:
        values["kind"] = _pick(KINDS.get(values["kind"], (values["kind"],) * 2), lang)
    if "basis" in values:
        values["basis"] = _pick(BASIS.get(values["basis"] or "", ("", "")), lang) or "?"
    if "level" in values and lang == "en" and values["level"]:
        values["level"] = {"绝密": "top secret 绝密", "机密": "secret 机密",
                           "秘密": "confidential 秘密"}.get(values["level"], values["level"])
    if "sentence_fields" in values:
        _scope_values(values, evidence, lang)
    if code in ("INCONSISTENT_LEVEL", "HIDDEN_CONTENT"):
        _layer_values(code, values, lang)
    template = FINDINGS.get(code, ("{code}", "{code}"))
    values.setdefault("code", code)
    return _pick(template, lang).format_map(_Default(values))


def _scope_values(values: dict, evidence: str, lang: str) -> None:
    """Secrecy-scope findings: each evidence sentence with its fields; redacted evidence
    (one hash) keeps only the fields."""
    labels = values.get("labels") or {}
    sep = "、" if lang != "en" else ", "

    def name(f: str) -> str:
        return _pick(tuple(labels.get(f) or (f, f)), lang)
    values["fields"] = sep.join(name(f) for f in values.get("fields", []))
    texts = evidence.split(" ‖ ") if evidence else []
    per = values["sentence_fields"]
    if len(texts) == len(per):
        values["sentences"] = ("；" if lang != "en" else "; ").join(
            f"「{t}」（{sep.join(name(f) for f in fs)}）" if lang != "en" else
            f"'{t}' ({sep.join(name(f) for f in fs)})" for t, fs in zip(texts, per))
    else:
        values["sentences"] = evidence
    if lang == "en" and values.get("mark_level") in ("绝密", "机密", "秘密"):
        values["mark_level"] = {"绝密": "top secret 绝密", "机密": "secret 机密",
                                "秘密": "confidential 秘密"}[values["mark_level"]]
    elif lang == "en" and values.get("mark_level") == "内部":
        values["mark_level"] = "internal 内部"


def place_label(place: str, lang: str) -> str:
    return _pick(PLACES.get(place, (place, place)), lang)


def _layer_values(code: str, values: dict, lang: str) -> None:
    """INCONSISTENT_LEVEL: the listing of places and the reasons; HIDDEN_CONTENT: the layer
    and what it holds."""
    zh = lang != "en"
    if code == "INCONSISTENT_LEVEL":
        items = []
        hide = str(values.get("evidence", "")).startswith("[已隐去")   # --redact: levels only
        for place, said, page, part in values.get("listing") or []:
            said = said.split("★")[0] if hide else said
            where = place_label(place, lang)
            if part:
                where += f" {part}"
            elif page and place in ("further", "attachment"):
                where += f"（第{page}页）" if zh else f" (page {page})"
            items.append(f"{where}「{said}」" if zh else f"{where} '{said}'")
        values["listing"] = ("；" if zh else "; ").join(items)
        if hide:
            values["expected"] = str(values.get("expected", "")).split("★")[0]
        values["why"] = "".join(_pick(LEVEL_REASONS[r], lang) for r in values.get("reasons", [])
                                if r in LEVEL_REASONS)
        return
    labels = values.get("labels") or {}
    values["fields"] = ("、" if zh else ", ").join(
        _pick(tuple(labels.get(f) or (f, f)), lang) for f in values.get("fields") or [])
    values["what"] = _pick(HIDDEN_WHAT.get(values.get("what"), ("?", "?")), lang).format_map(
        _Default(values))
    values["layer"] = region_label(values.get("layer"), lang)
    more = values.get("more")
    values["more"] = (f"另有 {more} 处未列出。" if zh else f" {more} more not listed.") if more \
        else ""


class _Default(dict):
    def __missing__(self, key: str) -> str:
        return "?"


# secmark doctor: one line each; {use} is a DOCTOR_USES entry
DOCTOR = {
    "title": ("secmark {version} 本机检查 · Python {python} · {where}",
              "secmark {version} installation check · Python {python} · {where}"),
    "sec_libraries": ("程序库", "Libraries"),
    "sec_ocr": ("OCR 引擎（扫描件和图片）", "OCR engines (scans and pictures)"),
    "sec_fonts": ("页面图像字体", "Fonts for page images"),
    "sec_lexicons": ("保密范围词库：{path}", "Secrecy-scope lexicons: {path}"),
    "sec_cache": ("缓存目录：{path}", "Cache folder: {path}"),
    "lib": ("{name} {version}：{use}", "{name} {version}: {use}"),
    "others": ("其他：{libs}", "others: {libs}"),
    "lib_missing": ("{name} 未安装：{use}无法进行", "{name} is not installed: no {use}"),
    "lib_broken": ("{name} {version} 无法加载（{error}）", "{name} {version} does not load "
                   "({error})"),
    "no_requirements": ("找不到依赖清单（既无 pyproject.toml 也无安装信息），未检查程序库",
                        "no dependency list (no pyproject.toml, no installed metadata): "
                        "libraries not checked"),
    "tesseract": ("Tesseract {version}，语言：{langs}", "Tesseract {version}, languages: {langs}"),
    "tesseract_missing": ("未找到 Tesseract 程序：扫描件和图片无法识别，只能报告为未检查",
                          "Tesseract not found: scans and pictures cannot be read and are "
                          "reported unchecked"),
    "tesseract_lang": ("Tesseract 缺少语言数据 {language}：中文扫描件无法识别，只能报告为未检查",
                       "Tesseract lacks the {language} language data: Chinese scans cannot be read "
                       "and are reported unchecked"),
    "tesseract_osd": ("Tesseract 缺少 osd：横放或倒置的扫描页不能自动转正",
                      "Tesseract lacks osd: sideways or upside-down scans are not turned"),
    "ppocr": ("PP-OCR：rapidocr {version}，{count} 个模型可加载",
              "PP-OCR: rapidocr {version}, {count} models load"),
    "ppocr_absent": ("PP-OCR：rapidocr 未安装（可选）", "PP-OCR: rapidocr not installed (optional)"),
    "ppocr_no_models": ("PP-OCR：rapidocr {version} 未附带模型文件，离线无法使用",
                        "PP-OCR: rapidocr {version} ships no model files; unusable offline"),
    "ppocr_broken": ("PP-OCR：rapidocr {version} 的模型无法加载（{error}）",
                     "PP-OCR: rapidocr {version}'s models do not load ({error})"),
    "fonts": ("不需要：扫描页按原图识别，审阅页上的框由浏览器绘制（本机中文字体 {count} 种）",
              "not needed: scans are read as pictures, the review page's boxes are drawn by the "
              "browser ({count} Chinese font families here)"),
    "fonts_unknown": ("不需要：扫描页按原图识别，审阅页上的框由浏览器绘制",
                      "not needed: scans are read as pictures, the review page's boxes are drawn "
                      "by the browser"),
    "lexicon": ("{name}（{entries} 条）sha256 {sha}", "{name} ({entries} entries) sha256 {sha}"),
    "lexicons_bad": ("词库无法加载：{why}；保密范围检查无法进行",
                     "the lexicons do not load: {why}; no secrecy-scope check"),
    "cache_ok": ("可写", "writable"),
    "cache_dict": ("可写，分词词典已缓存", "writable, jieba's dictionary cached"),
    "cache_unwritable": ("不可写（{error}）：每次运行都要重建分词词典（约 1 秒）",
                         "not writable ({error}): every run rebuilds jieba's dictionary "
                         "(about 1 s)"),
    "check_failed": ("无法检查（{error}）", "could not be checked ({error})"),
    "install_one": ("　→ {what}", " → {what}"),
    "verdict_ok": ("结论：本机可以完成默认（publish）检查。",
                   "Verdict: this installation can run the default (publish) checks."),
    "verdict_missing": ("结论：缺少 {count} 项，默认检查不能完整进行。",
                        "Verdict: {count} missing; the default checks cannot run in full."),
    "install_all": ("请安装：{what}", "Install: {what}"),
    "warnings": ("另有 {count} 项提示（!），不影响检查结论。",
                 "{count} warning(s) (!) do not change what a check finds."),
}
# what each runtime library is for (normalized distribution names); unlisted ones go on one line
DOCTOR_USES = {
    "pypdfium2": ("PDF", "PDF"),
    "lxml": ("DOCX、XLSX、PPTX、ODF、OFD、HTML", "DOCX, XLSX, PPTX, ODF, OFD, HTML"),
    "olefile": ("DOC、WPS、PPT、DPS（旧版 Office）", "DOC, WPS, PPT, DPS (legacy Office)"),
    "xlrd": ("XLS、ET 表格", "XLS, ET spreadsheets"),
    "msoffcrypto-tool": ("识别加密的 Office 文件", "telling encrypted Office files"),
    "charset-normalizer": ("文本编码识别", "text encodings"),
    "extract-msg": ("Outlook 邮件 .msg", "Outlook .msg mail"),
    "py7zr": ("7z 压缩包", "7z archives"),
    "pillow": ("图片", "pictures"),
    "pytesseract": ("调用 Tesseract", "driving Tesseract"),
    "opencv-python-headless": ("扫描图像去噪", "cleaning scans"),
    "jieba": ("中文分词（保密范围检查）", "Chinese word segmentation (scope check)"),
    "fastapi": ("审阅网页 secmark serve", "the review page, secmark serve"),
    "aiosmtpd": ("邮件网关 secmark gate", "the mail gate, secmark gate"),
    "rapidocr": ("PP-OCR", "PP-OCR"),
    "onnxruntime": ("PP-OCR 模型运行", "running PP-OCR models"),
}
