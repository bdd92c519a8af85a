"""Every sentence a user reads, in Chinese and English, keyed by stable codes."""
from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .model import Code, Location

FINDINGS: dict[str, tuple[str, str]] = {
    Code.MARKED_CLASSIFIED: (
        "标有国家秘密标志「{evidence}」（{level}），共 {count} 处（{places}）。涉密载体不得公开发布、"
        "不得通过普通邮件或互联网传递，应按涉密载体管理。",
        "Carries a state-secret mark '{evidence}' ({level}) in {count} place(s) ({places}). "
        "Classified material must not be published or sent over ordinary mail or the internet."),
    Code.MARKED_INTERNAL: (
        "标有非公开标志「{evidence}」（{kind}），共 {count} 处（{places}）。工作秘密和内部资料不得"
        "公开发布，对外提供须经审批。",
        "Carries a non-public mark '{evidence}' ({kind}) in {count} place(s) ({places}). Work "
        "secrets and internal material must not be published."),
    Code.DECLARED_LEVEL: (
        "正文中声明密级：「{evidence}」。这不是规范的密级标志，但说明文件可能涉密，请人工确认。",
        "The text declares a level: '{evidence}'. Not a proper mark, but the file may be "
        "classified: check it."),
    Code.NON_PRC_MARK: (
        "发现非大陆密级体系的标志「{evidence}」（如台湾地区的「绝对机密」「极机密」），不对应我国密级，"
        "请人工确认。",
        "Found a mark of another scheme '{evidence}' (e.g. Taiwan's 絕對機密/極機密); it does not "
        "map to PRC levels: check it."),
    Code.INVALID_PERIOD: (
        "保密期限「{text}」不合规：{why}。",
        "Protection period '{text}' is not valid: {why}."),
    Code.MISSING_PERIOD: (
        "密级标志「{evidence}」未标保密期限，按规定视为{level}的最长期限 {default} 年。",
        "Mark '{evidence}' has no protection period; the maximum for {level}, {default} years, "
        "applies."),
    Code.EXPIRED_PERIOD: (
        "按{basis}计算，保密期限已于 {ends} 届满。期限届满不等于可以公开：是否解密、能否公开须由定密"
        "单位确认。",
        "Counted from {basis}, the protection period ended on {ends}. An ended period does not "
        "make a document public: the classifying unit must decide."),
    Code.MISSING_COPY_NUMBER: (
        "涉密公文（{level}）未标份号。GB/T 9704 要求涉密公文标注份号。",
        "Classified official document ({level}) carries no copy number (份号), which GB/T 9704 "
        "requires."),
    Code.UNREADABLE: ("无法读取：{why}。未能检查的文件不能视为无密。",
                   "Could not be read: {why}. A file that was not checked is not clean."),
    Code.UNSUPPORTED_FORMAT: ("暂不支持的文件格式（{fmt}），未能检查内容，不能视为无密。",
                           "Unsupported format ({fmt}); its content was not checked and it is "
                           "not clean."),
    Code.LIMIT_EXCEEDED: ("超出处理限制：{why}。未检查完的内容不能视为无密。",
                       "Over a processing limit: {why}. What was not checked is not clean."),
    Code.LOW_OCR_CONFIDENCE: (
        "第 {page} 页为扫描图像，OCR 识别可信度 {confidence}（低于 {threshold}），识别结果不能证明无密，"
        "请人工查看该页。",
        "Page {page} is a scan read by OCR with confidence {confidence} (below {threshold}); the "
        "reading proves nothing: look at the page."),
    Code.POSSIBLE_MARK: (
        "扫描页顶部疑似密级标志「{evidence}」，但识别不完整（如星号残缺），请人工确认。",
        "Something like a mark '{evidence}' at the top of a scanned page, read incompletely "
        "(e.g. a broken star): check it."),
    Code.INVISIBLE_IN_MARK: (
        "密级标志「{evidence}」中夹有不可见字符（{chars}）。正常录入不会产生这些字符，"
        "它们会使检索和人工查找漏掉该标志，请确认是否有意隐藏。",
        "The mark '{evidence}' contains invisible characters ({chars}). Ordinary typing does not "
        "produce them, and they make searches miss the mark: check whether it was hidden on "
        "purpose."),
    Code.PAGES_SKIPPED: (
        "部分内容未检查：{why}。未检查的内容不能视为无密。",
        "Part of the file was not checked: {why}. What was not checked is not clean."),
    Code.EMPTY_FILE: ("文件为空（0 字节），可能是未复制完整的文件，请确认。",
                   "The file is empty (0 bytes); it may be an incomplete copy: check it."),
    Code.DETECTOR_ERROR: ("检查程序内部错误（{detector}：{error}），该文件未能完整检查。",
                       "Internal error in detector {detector} ({error}); the file was not "
                       "fully checked."),
    Code.UNMARKED_SENSITIVE: (
        "未标密级，但内容属于保密范围（{fields}），得分 {score}（阈值 {threshold}）。依据以下 "
        "{count} 句：{sentences}。请确认是否涉密并按规定定密标志后再处理。",
        "Not marked, but the content falls in the secrecy scope ({fields}): score {score} "
        "(threshold {threshold}). Driven by {count} sentence(s): {sentences}. Check whether it "
        "is classified and mark it before going on."),
    Code.SENSITIVE_TERMS: (
        "未标密级，出现保密范围内的内容迹象（{fields}），得分 {score}（复核阈值 {threshold}）。"
        "依据以下 {count} 句：{sentences}。请人工确认。",
        "Not marked; signs of secrecy-scope content ({fields}): score {score} (review threshold "
        "{threshold}). Driven by {count} sentence(s): {sentences}. Check it."),
    Code.SCOPE_ABOVE_MARK: (
        "标志为{mark_level}，但保密范围提示其中内容可能属于{level}（{fields}）。依据以下 {count} "
        "句：{sentences}。请确认密级是否定得过低。",
        "Marked {mark_level}, but the secrecy scope suggests {level} for its content ({fields}). "
        "Driven by {count} sentence(s): {sentences}. Check whether the level is too low."),
    Code.INCONSISTENT_LEVEL: (
        "密级标志前后不一致：{listing}。{why}按就高原则，文件应统一标注所含内容的最高密级和最长"
        "期限：{expected}。",
        "The marks of this file do not agree: {listing}. {why}By the highest-level "
        "rule the file must carry the highest level and longest period it contains: "
        "{expected}."),
    Code.PUBLIC_NOTE_CONFLICT: (
        "附注「{evidence}」表明此件公开，但文件同时标有{kind}标志 {count} 处（最高：{level}），"
        "自相矛盾。请核实公开属性和密级后更正。",
        "The note '{evidence}' declares the file public, but it also carries {count} {kind} "
        "mark(s) (highest: {level}): it contradicts itself. Check and correct both."),
    Code.MISSING_DISTRIBUTION: (
        "涉密公文（{level}）既无主送机关，也无「此件发至…」「分送…」等分送范围，知悉范围不明，"
        "请核实。",
        "Classified official document ({level}) names neither addressees (主送) nor a "
        "distribution (此件发至…, 分送…): its circle of readers is unclear. Check it."),
    Code.MARK_IN_FIGURE: (
        "图片中有{kind}标志「{evidence}」，但该图片是文中的插图「{caption}」，图注或上下文"
        "说明它是示例、版式或式样（常见于标准和教材）。请人工确认它只是示例，而不是一页涉密文件。",
        "A picture carries a {kind} mark '{evidence}', but it is a figure of the document "
        "('{caption}') whose caption or surrounding text calls it an example, layout or "
        "specimen (as in standards and textbooks). Check that it is only an example, not a "
        "classified page."),
    Code.HIDDEN_CONTENT: (
        "{layer}中有{what}：「{evidence}」。阅读页面时看不到，但它仍在文件里，任何人都能取出。"
        "请先清除（接受或拒绝修订、删除批注和隐藏内容）再处理。{more}",
        "The {layer} holds {what}: '{evidence}'. A reader of the page does not see it, but it "
        "is still in the file and anyone can get it out. Remove it first (accept or reject "
        "changes, delete comments and hidden content).{more}"),
}

# Each finding code in a few words, for lists and charts (the full sentence is FINDINGS).
CODE_TITLES: dict[str, tuple[str, str]] = {
    Code.MARKED_CLASSIFIED: ("标有国家秘密标志", "state-secret mark"),
    Code.MARKED_INTERNAL: ("标有非公开标志", "non-public mark"),
    Code.DECLARED_LEVEL: ("正文声明密级", "level declared in the text"),
    Code.NON_PRC_MARK: ("非大陆密级体系的标志", "mark of another scheme"),
    Code.INVALID_PERIOD: ("保密期限不合规", "invalid protection period"),
    Code.MISSING_PERIOD: ("未标保密期限", "no protection period"),
    Code.EXPIRED_PERIOD: ("保密期限已届满", "protection period ended"),
    Code.MISSING_COPY_NUMBER: ("涉密公文未标份号", "no copy number"),
    Code.UNREADABLE: ("无法读取", "unreadable"),
    Code.UNSUPPORTED_FORMAT: ("不支持的格式", "unsupported format"),
    Code.LIMIT_EXCEEDED: ("超出处理限制", "over a processing limit"),
    Code.LOW_OCR_CONFIDENCE: ("扫描件识别可信度低", "low OCR confidence"),
    Code.POSSIBLE_MARK: ("疑似密级标志", "possible mark"),
    Code.PAGES_SKIPPED: ("部分内容未检查", "part not checked"),
    Code.EMPTY_FILE: ("空文件", "empty file"),
    Code.DETECTOR_ERROR: ("检查程序内部错误", "internal detector error"),
    Code.UNMARKED_SENSITIVE: ("未标密级但内容涉密", "unmarked secret content"),
    Code.SENSITIVE_TERMS: ("涉密内容迹象", "signs of secret content"),
    Code.SCOPE_ABOVE_MARK: ("内容可能高于所标密级", "content above its mark"),
    Code.INCONSISTENT_LEVEL: ("各处标志不一致", "marks disagree"),
    Code.PUBLIC_NOTE_CONFLICT: ("公开说明与标志矛盾", "public note conflicts"),
    Code.MISSING_DISTRIBUTION: ("涉密文件未注明发送范围", "no distribution"),
    Code.HIDDEN_CONTENT: ("隐藏内容", "hidden content"),
    Code.MARK_IN_FIGURE: ("示例插图中的标志", "mark in an example figure"),
    Code.INVISIBLE_IN_MARK: ("标志中夹有不可见字符", "invisible characters in a mark"),
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
    "bookmarks_unreadable": ("PDF 书签无法读取，书签标题未检查",
                             "the PDF's bookmarks could not be read; their titles were not checked"),
    "too_many_bookmarks": ("PDF 书签超过 {limit} 个，其后的书签未检查",
                           "more than {limit} bookmarks in the PDF; the rest were not checked"),
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
    # mail and archives; {option} names the setting in scanner.options.Limits
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
    "bookmark": ("PDF 书签", "PDF bookmark"),
    "subject": ("邮件主题", "mail subject"), "mail-header": ("邮件头", "mail header"),
}

# Hidden layers, named as a reader knows them.
REGIONS.update({
    "tracked-deletion": ("修订删除的文字", "tracked deletion"),
    "tracked-insertion": ("修订插入的文字", "tracked insertion"),
    "comment": ("批注", "comment"), "hidden": ("隐藏文字", "hidden text"),
    "html-comment": ("HTML 注释", "HTML comment"), "invisible": ("不可见文字", "invisible text"),
    "annotation": ("PDF 注释", "PDF annotation"), "form-field": ("表单域", "form field"),
    "alt-text": ("替代文字（alt、title、aria-label、placeholder 属性）",
                 "alt, title, aria-label or placeholder attribute"),
    "attribute": ("网页元素属性中的文字", "text in an element attribute"),
    "script": ("网页脚本或样式表中的文字", "text in a page script or style sheet"),
    "package-part": ("文件包中未显示部件里的文字", "text in a part of the file package not shown"),
    "formula": ("公式、数据验证列表或名称中的文字", "text in a formula, validation list or defined name"),
    "field-code": ("域代码中的文字", "text in a field code"),
    "tiny-text": ("极小字号的文字", "text too small to read"),
    "white-text": ("与背景同色的文字", "text the colour of its background"),
    "off-page": ("页面范围外的文字", "text outside the page"),
    "meta": ("网页 meta 信息", "HTML meta data"), "xmp": ("XMP 元数据", "XMP metadata"),
    "hidden-sheet": ("隐藏的工作表", "hidden sheet"), "hidden-slide": ("隐藏的幻灯片", "hidden slide"),
    "speaker-notes": ("演讲者备注", "speaker notes"),
    "hidden-joined": ("部分文字被隐藏的一行", "line with hidden parts"),
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


def mark_text(text: str, normal: str | None, lang: str, redacted: bool = False) -> str:
    """A mark as found, with what it was read as when that differs (an OCR misread, a
    variant character): 机密★5年（识别为「机密云5年」）. Never the raw misread alone, and
    nothing beside a redacted text (what it was read as would give the text away)."""
    if not normal or not text or redacted:
        return text
    text = show_invisible(text)
    return f"{normal}（识别为「{text}」）" if lang != "en" else f"{normal} (read as '{text}')"


def show_invisible(text: str) -> str:
    """Invisible characters made visible: 机[U+200B]密."""
    from .detectors.fold import INVISIBLE_RE
    return INVISIBLE_RE.sub(lambda m: f"[U+{ord(m.group()):04X}]", text)


def render(code: str, args: Mapping[str, Any], evidence: str, lang: str,
           redacted: bool = False) -> str:
    """The sentence of a finding. redacted: evidence is a keyed hash (--redact), so the
    message shows levels without the marks' periods and never what a mark was read as."""
    values = dict(args)
    values["evidence"] = mark_text(evidence, values.pop("normal", None), lang, redacted)
    if code == Code.INVISIBLE_IN_MARK:
        values["chars"] = "、".join(values["chars"]) if lang != "en" else ", ".join(values["chars"])
    if "file_type" in values:
        values["file_type"] = _pick(FILE_TYPES.get(values["file_type"], FILE_TYPES["other"]),
                                    lang)
    if "reason" in values and code in (Code.UNREADABLE, Code.LIMIT_EXCEEDED, Code.PAGES_SKIPPED):
        values["why"] = _pick(REASONS.get(values["reason"], ("{reason}", "{reason}")),
                              lang).format_map(_Default(values))
    if code == Code.INVALID_PERIOD:
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
    if code in (Code.INCONSISTENT_LEVEL, Code.HIDDEN_CONTENT):
        _layer_values(code, values, lang, redacted and bool(evidence))
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


def _layer_values(code: str, values: dict, lang: str, hide: bool) -> None:
    """INCONSISTENT_LEVEL: the listing of places and the reasons (hide: levels only, for
    --redact); HIDDEN_CONTENT: the layer and what it holds."""
    zh = lang != "en"
    if code == Code.INCONSISTENT_LEVEL:
        items = []
        for place, said, page, part in values.get("listing") or []:
            said = said.split("★")[0] if hide else said
            where = place_label(place, lang)
            if part:
                where += f" {part}"
            elif page and place in ("further", "attachment"):
                where += word(REPORT_PHRASES, "page_note", lang, page=page)
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


# ---------------------------------------------------------------------------------------------
# Report words: the text report, the sweep's HTML dashboard and the review record
# (scanner/report/). Each table maps a key to (Chinese, English); look a key up with
# word(TABLE, key, lang, **args).
# ---------------------------------------------------------------------------------------------

def word(table: Mapping[str, tuple[str, str]], key: str, lang: str, **args: Any) -> str:
    """The words of key in lang; args fill its {placeholders}."""
    text = _pick(table[key], lang)
    return text.format(**args) if args else text


# Evidence replaced by a keyed hash (--redact): one form in every language, so reports in
# either language show the same hash for the same text.
REDACTED = "[已隐去 {digest}]"

# 公文 elements (Element.name)
ELEMENT_NAMES = {
    "copy_number": ("份号", "copy number"), "urgency": ("紧急程度", "urgency"),
    "issuer_mark": ("发文机关标志", "issuer"), "doc_number": ("发文字号", "document number"),
    "addressee": ("主送", "addressee"), "date": ("成文日期", "date"), "note": ("附注", "note"),
    "cc": ("抄送", "cc"), "printing": ("印发", "printed by"),
    "distribution": ("分送范围", "distribution"),
}
PROFILE_NAMES = {"publish": ("publish（发布前）", "publish"), "email": ("email（邮件）", "email"),
                 "sweep": ("sweep（共享盘）", "sweep")}
SEVERITY_NAMES = {"block": ("阻止", "block"), "review": ("复核", "review"), "info": ("提示", "info")}
REPORT_PHRASES = {
    "ocr_span": ("第 {pages} 页（{why}）", "{pages} ({why})"),   # pages read by OCR, and why
    "page_note": ("（第{page}页）", " (page {page})"),   # after a place further in the file
}

DASHBOARD = {
    "title": ("密级标志检查报告", "Secrecy marking report"),
    "first": ("先处理这些", "Deal with these first"),
    "first_note": ("按文件夹：需处理的文件最多的前 {n} 个", "By folder: the {n} folders with "
                   "most files to act on"),
    "under": ("文件夹均在 {path} 之下", "folders under {path}"),
    "nothing_first": ("没有被阻止或需复核的文件。", "No file is blocked or to be reviewed."),
    "verdicts": ("结论", "Verdicts"), "levels": ("按密级", "By level"),
    "folders": ("按文件夹（需处理的文件最多的前 {n} 个）", "By folder (top {n} by files to act on)"),
    "action": ("需处理的文件", "Files that need action"),
    "filter": ("筛选（路径、问题、证据…）", "filter (path, finding, evidence…)"),
    "shown": ("显示 {n} 个：阻止 {block}，复核 {review}",
              "showing {n}: {block} blocked, {review} to review"),
    "all": ("全部结论", "every verdict"), "none": ("无", "none"),
    "path": ("文件", "file"), "verdict": ("结论", "verdict"), "level": ("密级", "level"),
    "codes": ("问题", "findings"), "marking": ("标志类别", "marking"),
    "folder": ("文件夹", "folder"), "files": ("文件数", "files"),
    "marks": ("标志", "marks"), "findings": ("问题", "findings"),
    "waived": ("已豁免", "waived"), "ends": ("期限届满", "ends"),
    "nothing": ("没有需要处理的文件。", "No file needs action."),
    "count": ("数量", "count"), "n_files": ("文件", "files"),
    "n_ended": ("保密期限已届满", "periods ended"),
    "n_soon": ("90 天内期限届满", "periods ending within 90 days"),
    "nav_top": ("概览", "Overview"), "nav_files": ("需处理的文件", "Files to act on"),
    "nav_expiry": ("期限日历", "Expiry calendar"), "nav_trend": ("趋势", "Trend"),
    "nav_codes": ("问题说明", "Findings explained"),
    "expiry": ("保密期限日历", "Expiry calendar"),
    "expiry_note": ("保密期限届满的文件须由定密单位审核是否解密；期限届满不等于可以公开。",
                    "Files whose protection period ends must be reviewed for declassification "
                    "by the classifying unit; an ended period does not make a file public."),
    "ended": ("已届满", "Ended"), "d30": ("30 天内届满", "Ending within 30 days"),
    "d90": ("31–90 天内届满", "Ending in 31–90 days"),
    "d365": ("91–365 天内届满", "Ending in 91–365 days"),
    "later": ("一年以后届满", "Ending after a year"),
    "mark": ("标志", "mark"), "period": ("期限", "period"), "end_date": ("届满日期", "ends on"),
    "days": ("剩余天数", "days left"), "ago": ("已过 {n} 天", "{n} days ago"),
    "default_period": ("未标（按最长期限）", "not given (the maximum applies)"),
    "no_expiry": ("一年内没有保密期限届满的文件，也没有已届满的。",
                  "No protection period ends within a year, and none has ended."),
    "more_rows": ("另有 {n} 个未列出：secmark sweep --db … --expiring 365 列出全部。",
                  "{n} more not listed: secmark sweep --db … --expiring 365 lists them all."),
    "trend": ("历次检查的趋势", "Trend across sweeps"),
    "trend_note": ("本数据库中最近 {n} 次完成的检查：需处理的文件数（阻止、复核）",
                   "The last {n} finished sweeps of this database: files to act on "
                   "(blocked, to review)"),
    "no_trend": ("这是本数据库第一次记录结论数的检查；下次检查后可看到趋势。",
                 "This is the first sweep of this database with counts kept; the trend "
                 "shows from the next one."),
    "run": ("次序", "run"), "started": ("开始时间", "started"),
    "glossary": ("问题代码说明", "The findings explained"),
    "code": ("代码", "code"), "meaning": ("含义", "meaning"),
    "files_with": ("涉及文件", "files"),
    # the value of the meta line's "redaction" (the method is a name, the key random or user)
    "redaction": ("hmac-sha256, key: {source}", "hmac-sha256, key: {source}"),
}

DASHBOARD_META = {   # keys of the dashboard's meta line
    "secmark": ("secmark 版本", "secmark"), "profile": ("判定规则", "profile"),
    "today": ("检查日期", "date"), "run": ("本次检查序号", "run"),
    "rules": ("规则版本", "rules"), "seen": ("发现文件", "files found"),
    "scanned": ("本次检查", "scanned"), "skipped": ("未变跳过", "unchanged"),
    "failed": ("失败", "failed"), "links_skipped": ("跳过的符号链接", "links skipped"),
    "seconds": ("用时（秒）", "seconds"), "redaction": ("证据隐去", "redaction"),
    "days": ("列出天数", "days ahead"),
}

RECORD = {
    "title": ("保密审查记录", "Secrecy review record"),
    "file": ("文件名", "File"), "sha256": ("SHA-256", "SHA-256"), "size": ("大小", "Size"),
    "pages": ("页数", "Pages"), "format": ("格式", "Format"),
    "checked": ("检查时间", "Checked at"), "tool": ("检查工具", "Checked with"),
    "profile": ("判定规则", "Rules of judgement"),
    "verdict": ("检查结论", "Verdict"), "level": ("密级", "Level"),
    "marks": ("发现的标志", "Marks found"),
    "findings": ("发现的问题", "Findings"), "none": ("无", "none"),
    "no_findings": ("未发现问题。", "No findings."),
    "no_marks": ("未发现密级标志或非公开标志。", "No state-secret or non-public mark found."),
    "where": ("位置", "where"), "severity": ("处理", "action"),
    "review": ("审查意见（由审查人填写）", "Review (filled in by the reviewer)"),
    "reviewer": ("审查人", "Reviewer"), "unit": ("部门", "Department"),
    "opinion": ("审查意见", "Opinion"),
    "approve": ("同意发布", "approved for publication"),
    "reject": ("不同意发布", "not approved"),
    "amend": ("修改后发布", "publish after changes"),
    "notes": ("意见说明", "Notes"),
    "signature": ("签名", "Signature"), "date": ("日期", "Date"),
    "footer": ("本记录由 secmark 自动生成检查部分；结论须经审查人确认。第 {i}/{n} 份。",
               "The check part of this record was made by secmark; the reviewer confirms the "
               "verdict. Record {i} of {n}."),
    "pages_unknown": ("—（该格式无分页）", "— (no pages in this format)"),
    "bytes": ("{n} 字节", "{n} bytes"),
    "rules": ("规则版本", "rules"),
    "size_mb": ("{size} MB（{words}）", "{size} MB ({words})"),
    "size_kb": ("{size} KB（{words}）", "{size} KB ({words})"),
    "mark_ends": ("{where}，届满 {ends}", "{where}, ends {ends}"),
    "mark_where": ("（{where}）", "({where})"),
}

RECORD_ADVICE = {   # under the verdict
    "block": ("不得发布：须先处理下列问题。", "Must not be published: deal with the findings first."),
    "review": ("须人工复核下列各项后再决定。", "Review the items below before deciding."),
    "pass": ("未发现密级标志或涉密迹象。", "No marks and no signs of secret content."),
}
# Front ends: the command line (scan, sweep, waive, serve, gate), the review page, the mail gate.
# ---------------------------------------------------------------------------------------------

# One line on stderr after "secmark: 错误：" (scanner.errors.SecmarkError.key)
COMMAND_ERRORS = {
    "bad_date": ("日期格式应为 YYYY-MM-DD：{value}", "dates are written YYYY-MM-DD: {value}"),
    "bad_seconds": ("时限应为正数（秒）：{value}", "a time limit is a positive number of seconds: "
                    "{value}"),
    "bad_jobs": ("--jobs 应为正整数：{value}", "--jobs takes a positive number: {value}"),
    "bad_count": ("{option} 应为不小于 {least} 的整数：{value}",
                  "{option} takes a whole number from {least} up: {value}"),
    "bad_megabytes": ("--max-mb 应为正数（MB）：{value}", "--max-mb takes a positive number: {value}"),
    "bad_port": ("--port 应在 1 到 65535 之间：{value}", "--port takes 1..65535: {value}"),
    "bad_address": ("地址应为 主机:端口：{value}", "host:port expected: {value}"),
    "quarantine_needed": ("--on-review quarantine 需要同时给出 --quarantine 目录",
                          "--on-review quarantine needs --quarantine DIR"),
    "port_in_use": ("端口 {where} 已被占用：请用 {option} 换一个端口，或先停止占用它的程序",
                    "{where} is already in use: choose another {option} or stop what holds it"),
    "cannot_listen": ("无法在 {where} 监听：{why}", "cannot listen on {where}: {why}"),
    "no_such_path": ("路径不存在：{path}", "no such file or folder: {path}"),
    "internal": ("内部错误：{error}（加 -v 查看详情）", "internal error: {error} (use -v for details)"),
    "usage": ("{message}", "{message}"),
    "no_lexicon_dir": ("词库目录不存在：{path}", "no such lexicon folder: {path}"),
    "bad_lexicon": ("词库无法使用：{path}：{why}", "unusable lexicon {path}: {why}"),
    "bad_config": ("配置文件无法使用：{path}：{why}", "unusable config file {path}: {why}"),
    "no_output_dir": ("报告文件所在的文件夹不存在：{path}", "no such folder for the report: {path}"),
    "no_db_dir": ("数据库所在的文件夹不存在：{path}", "no such folder for the database: {path}"),
    "output_is_dir": ("报告文件路径是一个文件夹：{path}", "the report path is a folder: {path}"),
    "bad_redact_key": ("隐去证据用的密钥无法使用：{why}（密钥至少 16 字节，建议 32 字节随机数）",
                       "unusable redaction key: {why} (at least 16 bytes; 32 random bytes "
                       "advised)"),
    "db_inside_swept": ("数据库或报告不能放在被检查的文件夹中：{path}",
                        "the database or report must not be inside a swept folder: {path}"),
    "bad_db": ("数据库无法使用：{path}：{why}", "unusable sweep database {path}: {why}"),
    "bad_waivers": ("豁免文件无法使用：{path}：{why}", "unusable waivers file {path}: {why}"),
    "no_db": ("数据库不存在：{path}（请先运行 secmark sweep）",
              "no such sweep database: {path} (run secmark sweep first)"),
    "not_swept": ("该文件的内容尚未检查过：{path}（请先运行 secmark sweep）",
                  "this content has not been swept yet: {path} (run secmark sweep first)"),
    "no_such_finding": ("该文件没有 {code} 问题{evidence}：{path}",
                        "{path} has no {code} finding{evidence}"),
    "no_reason": ("请用 --reason 写明豁免理由", "give the reason for the waiver with --reason"),
    "db_busy": ("另一个 secmark sweep 正在使用该数据库，请待其结束后再运行：{path}",
                "another secmark sweep is using this database; run again when it ends: {path}"),
    "cluster_not_installed": ("未安装集群组件：pip install \"secmark[cluster]\"",
                              "the cluster extra is not installed: pip install \"secmark[cluster]\""),
    "cluster_unreachable": ("无法连接集群调度器 {address}：{why}",
                            "cannot reach the cluster scheduler {address}: {why}"),
    "cluster_no_workers": ("集群 {address} 没有工作节点", "the cluster {address} has no workers"),
    "cluster_version": ("工作节点 {worker} 的 secmark 版本为 {theirs}，本机为 {ours}，拒绝执行",
                        "worker {worker} runs secmark {theirs}, this client {ours}: refused"),
    "cluster_rules": ("工作节点 {worker} 的规则版本为 {theirs}，本机为 {ours}"
                      "（代码、词库或选项不同），拒绝执行",
                      "worker {worker} has rules {theirs}, this client {ours} (other code, "
                      "lexicons or options): refused"),
    "cluster_root_unreadable": ("工作节点 {worker} 无法读取 {path}（共享盘是否挂载？可用 --path-map）",
                                "worker {worker} cannot read {path} (is the share mounted? see "
                                "--path-map)"),
    "bad_days": ("--expiring 应为天数（非负整数）：{value}",
                 "--expiring takes a number of days: {value}"),
    "no_paths": ("请给出要检查的文件夹（或用 --expiring 列出期限）",
                 "name the folders to sweep (or list periods with --expiring)"),
    "interrupted": ("检查已中断。已完成的结果已存入数据库，用同一条命令再次运行即可接着检查。",
                    "sweep interrupted. Finished results are in the database: run the same "
                    "command again to go on from here."),
    "bad_path_map": ("--path-map 的格式应为 本机前缀=工作节点前缀：{value}",
                     "--path-map takes CLIENT_PREFIX=WORKER_PREFIX: {value}"),
}
# the why of bad_redact_key (scanner.report.redact.RedactKeyError.why)
REDACT_KEY_WHY = {"short": ("太短", "too short")}

# The end of a sweep, one line on stderr
SWEEP_DONE = (
    "secmark: 共 {seen} 个文件，用时 {elapsed:.1f} 秒：检查 {scanned}，未变跳过 {skipped}，"
    "失败 {failed}；报告 {files} 个：阻止 {block}，复核 {review}，通过 {pass}",
    "secmark: swept {seen} files in {elapsed:.1f} s: {scanned} scanned, {skipped} unchanged, "
    "{failed} failed; reported {files}: {block} block, {review} review, {pass} pass")

# The sweep's progress line (on a terminal) and the cluster it runs on
SWEEP_PROGRESS = (
    "已检查 {count}/{total} 个文件  {rate:.1f} 个/秒  剩余 {left}  阻止 {block}  复核 {review}  "
    "通过 {pass}",
    "{count}/{total} files  {rate:.1f}/s  ETA {left}  block {block}  review {review}  pass {pass}")
CLUSTER = {
    "ready": ("secmark: 集群 {address}：{workers} 个工作节点，共 {threads} 个线程",
              "secmark: cluster {address}: {workers} workers, {threads} threads"),
    "dashboard": ("；监控页面 {link}", "; dashboard {link}"),
}

# The review page's error answers: {"error": {"code": key, "message": …}}
PAGE_ERRORS = {
    "too_large": ("上传内容共 {size} 超过上限 {limit}，请分批上传或拆分文件。",
                  "The upload is {size}, over the limit of {limit}: send fewer or smaller files."),
    "too_many_files": ("一次最多检查 {limit} 个文件，请分批上传。",
                       "At most {limit} files at once: send them in batches."),
    "nothing": ("没有收到文件或文本。", "No files and no text were sent."),
    "bad_request": ("请求无法解析：{detail}", "The request could not be read: {detail}"),
    "media_type": ("请以 multipart/form-data（字段 files、text）或 JSON {{\"text\": …}} 提交。",
                   "Send multipart/form-data (fields files, text) or JSON {{\"text\": …}}."),
    "busy": ("检查服务繁忙（{running} 个文件正在检查，{waiting} 个在排队），请稍后再试。",
             "The checker is busy ({running} files being checked, {waiting} waiting): try "
             "again in a moment."),
    "internal": ("检查时出错，未能得出结论，请重试或联系管理员。未能检查的文件不能视为无密。",
                 "The check failed and reached no verdict: try again or ask the administrator. "
                 "A file that was not checked is not clean."),
}

# The mail gate's SMTP replies: one line each, Chinese first, the English for the MTA's log.
GATE_REPLIES = {
    "tempfail": "451 4.3.0 邮件安全检查未能完成，请稍后重试 (secmark: scan failed, try later)",
    "busy": "451 4.3.2 邮件安全网关繁忙，请稍后重试 (secmark: busy, try later)",
    "timed_out": "451 4.3.0 邮件安全检查超时，请稍后重试 (secmark: scan timed out, try later)",
    "upstream_down": "451 4.4.1 上游邮件服务器暂不可用，请稍后重试 (secmark: relay failed)",
    "quarantine_failed": "451 4.3.0 隔离区无法写入，请稍后重试 (secmark: quarantine failed)",
    "shutting_down": "421 4.3.2 邮件安全网关正在停止，请稍后重试 (secmark: shutting down)",
    "relayed": "250 2.0.0 OK (secmark: relayed)",
    "refused": "550 5.7.1 邮件未发出：{reason}",
    "kept": "250 2.0.0 邮件已隔离待审查（{name}）：{reason}",
}
# Where a refusal's finding is: the attachment, the subject or the body (Chinese: the sender's)
GATE_PLACES = {
    "part": "附件「{part}」",
    "subject": "邮件主题",
    "body": "邮件正文",
    "review_only": "检查结果需人工复核",
    "more": "（另有 {others} 项问题）",
}


def said(pair: tuple[str, str], lang: str, **args: Any) -> str:
    """A front end's (zh, en) words in the user's language, filled in."""
    return _pick(pair, lang).format(**args)


def command_error(key: str, lang: str, **args: Any) -> str:
    """The line a SecmarkError prints; an unknown key says so rather than hiding the error."""
    if key not in COMMAND_ERRORS:
        return said(COMMAND_ERRORS["internal"], lang, error=key)
    return said(COMMAND_ERRORS[key], lang, **args)


def page_error(key: str, lang: str, **args: Any) -> str:
    return said(PAGE_ERRORS[key], lang, **args)


# The names the review page gives what has none: pasted text, an upload without a file name.
# One form in every language, like a file's own name.
# Around every help line and error line of the command line
COMMAND_WORDS = {
    "default": ("（默认：{value}）", " (default: {value})"),   # after a help line
    "default_said": ("默认", "default"),      # a help line that names its default itself
    "error": ("错误", "error"),               # secmark: error: …
}

PASTED_NAME = "粘贴文本.txt"
UNNAMED = "未命名"


# ---------------------------------------------------------------------------------------------
# Command-line help: the --help text of every command and option, keyed "command.option"
# ("common.*": the options the commands share, scanner.cli_common). scanner.cli_lang.h(key,
# **args) looks a key up in the language of the command line being built.
# ---------------------------------------------------------------------------------------------

HELP: dict[str, tuple[str, str]] = {
    # secmark
    "secmark.description": ("离线检查文件中的密级标志（密级、保密期限、非公开标志）和涉密内容迹象。",
                            "Offline checker of Chinese secrecy markings (levels, protection "
                            "periods, non-public marks) and secret content."),
    "secmark.epilog": (
        "例如：\n"
        "  secmark scan 稿件.docx                         检查一个文件，中文报告\n"
        "  secmark scan 稿件.docx --format record -o 记录.html   打印用的保密审查记录\n"
        "  secmark sweep /share --db s.sqlite --format html -o s.html   批量检查共享盘\n"
        "  secmark sweep --db s.sqlite --expiring 90      90 天内保密期限届满的文件\n"
        "  secmark 命令 --help                            某个命令的全部选项",
        "Examples:\n"
        "  secmark scan draft.docx --lang en              check one file, English report\n"
        "  secmark scan draft.docx --format record -o r.html  a printable review record\n"
        "  secmark sweep /share --db s.sqlite --format html -o s.html   sweep a share\n"
        "  secmark sweep --db s.sqlite --expiring 90      periods ending within 90 days\n"
        "  secmark COMMAND --help                         every option of a command"),
    "secmark.version": ("显示版本号并退出", "show the version and exit"),
    "secmark.commands": ("命令", "commands"),
    # the options the commands share
    "common.profile": ("判定规则：publish 发布前、email 邮件、sweep 共享盘",
                       "rules of judgement: publish, email or sweep"),
    "common.fail-on": ("结论达到此级别时退出码为 1", "exit with 1 from this verdict up"),
    "common.today": ("计算保密期限用的日期（默认今天；测试用）",
                     "the date periods are counted to (default: today; for tests)"),
    "common.lang": ("报告和提示的语言", "language of reports and messages"),
    "common.ocr": ("图像识别：auto 扫描页全部识别、文档内图片先检测文字再决定识别多少（默认）；"
                   "all 每张图片全部识别；first-page 仅首页；off 不识别",
                   "OCR: auto reads scanned pages in full and pictures inside documents as far "
                   "as their detected text needs (default); all reads every picture in full; "
                   "first-page only; off"),
    "common.ocr-engine": ("识别引擎：paddle 用 PP-OCR 识别页首标志区、Tesseract 识别其余（默认）；"
                          "tesseract 只用 Tesseract",
                          "OCR engine: paddle reads the mark zone with PP-OCR and the rest with "
                          "Tesseract (default); tesseract: Tesseract only"),
    "common.jobs": ("并行数（默认为 CPU 核数，本机 {cores}）",
                    "parallel workers (default: the cores, {cores} here)"),
    "common.timeout": ("每个文件的处理时限（秒）", "time limit per file, in seconds"),
    "common.output": ("报告写入此文件（原子写入；默认输出到屏幕）",
                      "write the report to this file, atomically (default: the terminal)"),
    "common.lexicon": ("本单位保密范围词库目录，可重复（默认只用内置词库）",
                       "a folder of scope lexicons, repeatable (default: the built-in ones)"),
    "common.config": ("TOML 配置文件（[scope] lexicons = [...]；默认无）",
                      "a TOML config file ([scope] lexicons = [...]; default: none)"),
    "common.verbose": ("出错时显示详细信息（调用栈）", "show details (traceback) on errors"),
    "common.redact": ("证据以带密钥的摘要代替原文（默认显示原文）",
                      "replace evidence with a keyed hash (default: the text as found)"),
    "common.redact-key-file": ("摘要密钥文件（隐含 --redact），使不同报告的摘要可比对；也可用环境变量 "
                               "SECMARK_REDACT_KEY（默认每份报告随机密钥）",
                               "key for --redact, so reports can be compared; or "
                               "SECMARK_REDACT_KEY (default: a random key per report)"),
    # secmark scan
    "scan.help": ("检查文件或文件夹，报告每个文件的结论",
                  "check files or folders and report each file's verdict"),
    "scan.description": ("检查文件或文件夹，报告每个文件的结论（阻止、复核、通过）。",
                         "Check files or folders; report each file's verdict."),
    "scan.paths": ("要检查的文件或文件夹", "files or folders to check"),
    "scan.format": ("报告格式：text 供人阅读、json 机读、csv 表格、record 可打印的保密审查记录（HTML）",
                    "report format: text for people, json, csv, record (a printable review "
                    "record, HTML)"),
    # secmark sweep
    "sweep.help": ("批量检查共享文件夹（增量、可续跑），或列出期限将届满的文件",
                   "sweep shared folders (incremental, resumable), or list ending periods"),
    "sweep.description": ("批量检查文件夹，结果存入 SQLite 数据库；再次运行只检查变化的文件，"
                          "中断后用同一条命令续跑。",
                          "Sweep folders into an SQLite database; a second run scans only what "
                          "changed, and an interrupted sweep resumes with the same command."),
    "sweep.paths": ("要检查的文件夹（--expiring 时可省略：列出数据库中全部文件）",
                    "folders to sweep (with --expiring: optional, default every file in the "
                    "database)"),
    "sweep.db": ("SQLite 结果库，用于续跑和增量检查（必填）",
                 "the sweep database, for resuming and incremental runs (required)"),
    "sweep.format": ("报告格式：json、jsonl 每行一个文件、csv 表格、html 可离线打开的仪表板",
                     "report format: json, jsonl (a file per line), csv, html (a dashboard that "
                     "works offline)"),
    "sweep.new-only": ("只报告上次检查以来新出现的问题（默认报告全部）",
                       "only what is new since the last sweep (default: everything)"),
    "sweep.expiring": ("不检查，只从数据库列出 DAYS 天内保密期限届满和已届满的文件",
                       "scan nothing: list from the database the files whose protection period "
                       "ends within DAYS days or has ended"),
    "sweep.waivers": ("TOML 豁免文件（默认只用数据库中的豁免）",
                      "a TOML waivers file (default: the waivers in the database only)"),
    "sweep.follow-links": ("跟随指向文件夹外的符号链接（默认跳过）",
                           "follow symbolic links out of the tree (default: skip them)"),
    "sweep.retry-failed": ("重新检查超时或崩溃的文件（默认不重试）",
                           "scan again files that timed out or crashed (default: no)"),
    "sweep.progress": ("进度行：auto 仅在终端显示", "the progress line: auto shows it on a terminal only"),
    "sweep.cluster": ("在 Dask 集群的工作节点上检查（pip install \"secmark[cluster]\"；默认在本机检查）",
                      "scan on the workers of this Dask scheduler (pip install "
                      "\"secmark[cluster]\"; default: on this machine)"),
    "sweep.path-map": ("工作节点上共享盘的挂载位置不同时使用（默认相同位置）",
                       "where the tree is mounted on the workers (default: the same place)"),
    # secmark waive
    "waive.help": ("接受已复核的问题，以后的报告不再要求处理",
                   "accept a reviewed finding so reports stop asking"),
    "waive.description": ("把某文件（按内容）的某个问题记为已豁免；文件内容改变后豁免失效。",
                          "Waive a finding of a file, keyed on its content; an edit of the file "
                          "ends the waiver."),
    "waive.lang": ("提示的语言", "language of messages"),
    "waive.file": ("已检查过的文件", "a file already swept"),
    "waive.code": ("问题代码，如 SENSITIVE_TERMS", "finding code, e.g. SENSITIVE_TERMS"),
    "waive.db": ("secmark sweep 的数据库（必填）", "the sweep database (required)"),
    "waive.reason": ("豁免理由，记入报告（必填）", "why, shown in reports (required)"),
    "waive.evidence": ("只豁免证据为此文本的问题（默认该代码的全部问题）",
                       "only the finding with this evidence (default: every finding of the code)"),
    # secmark gate
    "gate.help": ("外发邮件安全网关（SMTP），放行、隔离或退回",
                  "SMTP gate for outgoing mail: relay, hold or refuse"),
    "gate.description": ("SMTP 网关：检查每封邮件，无问题的转给上游 MTA，阻止的退回（550）。",
                         "An SMTP gate: each message is checked, clean mail goes to the upstream "
                         "MTA, blocked mail is refused (550)."),
    "gate.timeout": ("每封邮件的检查时限（秒，含排队），超时回 451",
                     "seconds per message, queue included; past it 451"),
    "gate.workers": ("检查进程数，即同时检查的邮件数（默认 {workers}）",
                     "worker processes: messages checked at once (default {workers})"),
    "gate.queue": ("可排队等待的邮件数，超出即回 451（默认 {queue}）",
                   "messages that may wait; beyond them the answer is 451 (default {queue})"),
    "gate.listen": ("监听地址", "where to listen"),
    "gate.relay": ("放行邮件的上游 MTA", "the upstream MTA for relayed mail"),
    "gate.quarantine": ("阻止的邮件存入此目录而不退信（默认退信 550）",
                        "keep blocked mail here instead of refusing it (default: 550)"),
    "gate.on-review": ("需复核的邮件：relay 加头放行、quarantine 隔离、refuse 退信",
                       "mail to review: relay with the header, quarantine, or refuse"),
    # secmark serve
    "serve.help": ("编辑用的网页检查界面，可打印保密审查记录",
                   "the review web page for editors, with a printable review record"),
    "serve.description": ("在本机启动检查网页：上传稿件或粘贴文本，查看结论并打印保密审查记录。",
                          "Start the review page: upload drafts or paste text, see the verdict "
                          "and print a review record."),
    "serve.lang": ("网页的默认语言", "default language of the page"),
    "serve.timeout": ("每次请求的检查时限（秒，含排队）", "seconds per request, queue included"),
    "serve.workers": ("检查进程数，即同时检查的文件数（默认 {workers}）",
                      "worker processes: files checked at once (default {workers})"),
    "serve.queue": ("可排队等待的文件数，超出即回 503（默认 {queue}）",
                    "files that may wait; beyond them the answer is 503 (default {queue})"),
    "serve.host": ("监听地址（默认仅本机 127.0.0.1）",
                   "address to bind (default 127.0.0.1, this machine only)"),
    "serve.port": ("监听端口", "port"),
    "serve.max-mb": ("每次请求的上传上限（MB，默认 {mb}）", "upload limit per request, MB (default {mb})"),
    # secmark doctor
    "doctor.help": ("本机安装能做什么、缺什么", "what this installation can do"),
    "doctor.description": ("检查本机安装：各格式的读取库、OCR 引擎和语言、词库、缓存目录；"
                           "缺少默认所需的组件时退出码为 1，并给出要安装的软件包。",
                           "Check this installation: readers, OCR engines and languages, "
                           "lexicons, cache folder; exit 1 naming the package to install when "
                           "the default needs something."),
    "doctor.lang": ("输出语言（默认 zh）", "language of the screen (default zh)"),
    "doctor.lexicon": ("同时检查本单位词库目录，可重复（默认只查内置词库）",
                       "also check these lexicon folders, repeatable (default: the built-in ones "
                       "only)"),
}


def help_text(key: str, lang: str, **args: Any) -> str:
    """The --help words of key (HELP) in lang; args fill its {placeholders}."""
    return word(HELP, key, lang, **args)


# argparse's own words ("usage:", "options", its error messages) in Chinese, keyed by argparse's
# message ids (Python 3.11–3.13), which are its English; scanner.cli_lang hands them to argparse
# in place of gettext.
ARGPARSE_ZH = {
    "usage: ": "用法：",
    "positional arguments": "位置参数",
    "options": "选项",
    "optional arguments": "选项",
    "show this help message and exit": "显示本帮助并退出",
    "show program's version number and exit": "显示版本号并退出",
    "argument %(argument_name)s: %(message)s": "参数 %(argument_name)s：%(message)s",
    "the following arguments are required: %s": "缺少必需的参数：%s",
    "unrecognized arguments: %s": "无法识别的参数：%s",
    "invalid choice: %(value)r (choose from %(choices)s)": "无效的选择：%(value)r（可选：%(choices)s）",
    "invalid %(type)s value: %(value)r": "无效的 %(type)s 值：%(value)r",
    "expected one argument": "需要一个值",
    "expected at most one argument": "最多一个值",
    "expected at least one argument": "至少需要一个值",
    "expected %s argument": "需要 %s 个值",
    "expected %s arguments": "需要 %s 个值",
    "ambiguous option: %(option)s could match %(matches)s": "选项不明确：%(option)s 可以是 %(matches)s",
    "not allowed with argument %s": "不能与参数 %s 同时使用",
    "one of the arguments %s is required": "参数 %s 中须给出一个",
    "ignored explicit argument %r": "忽略了多余的值 %r",
    "unexpected option string: %s": "意外的选项：%s",
    "%(prog)s: error: %(message)s\n": "%(prog)s：错误：%(message)s\n",
    "unknown parser %(parser_name)r (choices: %(choices)s)":
        "未知的命令 %(parser_name)r（可用：%(choices)s）",
    "default": "默认",
}
