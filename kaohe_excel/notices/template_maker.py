"""Builds the Word templates in kaohe_excel/templates/notices/ (run after changing the wording
or the layout: `python -m kaohe_excel.notices.template_maker`; a test checks that the
committed templates are what this script makes).

The layout follows GB/T 9704-2012 as far as a template can: A4, 版心 156 × 225 mm (天头
37 mm, 订口 28 mm), 发文机关标志 in red 小标宋, 发文字号 over a red line, title in 小标宋
二号, body in 仿宋_GB2312 三号 at 28 pt lines, 成文日期 right, page numbers `— 1 —` in 宋体
四号 (odd pages right, even pages left). Fonts are named for East Asian text (w:eastAsia)
and the font table gives each an altName that a stock Windows PC has, so Word never falls
back to a Latin face for the Chinese text.
"""

from __future__ import annotations

import datetime as dt
import io
import sys
from collections.abc import Sequence
from pathlib import Path

from docx import Document
from docx.document import Document as DocumentObject
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor
from docx.table import Table
from lxml import etree

TEMPLATE_DIR = Path(__file__).resolve().parent.parent / "templates" / "notices"

LATIN = "Times New Roman"
# (font named in the document, the stock-Windows face Word substitutes when it is missing)
FANGSONG = ("仿宋_GB2312", "仿宋")
XIAOBIAOSONG = ("方正小标宋简体", "宋体")
HEITI = ("黑体", "SimHei")
SONGTI = ("宋体", "SimSun")
RED = RGBColor(0xFF, 0x00, 0x00)
BODY_PT = 16  # 三号
TITLE_PT = 22  # 二号
LINE_PT = 28  # 22 lines of 28 characters on the 225 mm 版心
CHAR = Pt(BODY_PT)  # one character of body text, for indents
FIT_COLUMNS = "kaohe:fit-columns"  # marks a table whose column widths follow its content


def _fonts(rpr_owner: object, face: tuple[str, str]) -> None:
    """Name `face` for East Asian and Latin text alike on a style or run."""
    rpr = rpr_owner._element.get_or_add_rPr()  # type: ignore[attr-defined]
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for key in list(fonts.attrib):
        del fonts.attrib[key]
    fonts.set(qn("w:ascii"), LATIN)
    fonts.set(qn("w:hAnsi"), LATIN)
    fonts.set(qn("w:cs"), LATIN)
    fonts.set(qn("w:eastAsia"), face[0])
    fonts.set(qn("w:hint"), "eastAsia")


def _style(doc: DocumentObject, name: str, face: tuple[str, str], size: int, *,
           align: int | None = None, bold: bool = False, color: RGBColor | None = None,
           first_indent: int = 0, line: int | None = LINE_PT, before: float = 0,
           after: float = 0, right_indent: int = 0, left_indent: int = 0) -> None:
    styles = doc.styles
    style = styles[name] if name == "Normal" else styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
    if name != "Normal":
        style.base_style = styles["Normal"]
        style.quick_style = True
    style.font.size = Pt(size)
    style.font.bold = bold
    if color is not None:
        style.font.color.rgb = color
    _fonts(style, face)
    fmt = style.paragraph_format
    if align is not None:
        fmt.alignment = align
    fmt.first_line_indent = Pt(size) * first_indent if first_indent else None
    fmt.right_indent = CHAR * right_indent if right_indent else None
    fmt.left_indent = CHAR * left_indent if left_indent else None
    if line:
        fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        fmt.line_spacing = Pt(line)
    else:
        fmt.line_spacing_rule = WD_LINE_SPACING.SINGLE
    fmt.space_before = Pt(before)
    fmt.space_after = Pt(after)
    fmt.widow_control = False


def _font_table(doc: DocumentObject) -> None:
    """Each East Asian face with its Windows altName, charset GB2312 (86)."""
    for part in doc.part.package.iter_parts():
        if str(part.partname) == "/word/fontTable.xml":
            root = etree.fromstring(part.blob)
            for name, alt in (FANGSONG, XIAOBIAOSONG, HEITI, SONGTI):
                font = etree.SubElement(root, qn("w:font"))
                font.set(qn("w:name"), name)
                etree.SubElement(font, qn("w:altName")).set(qn("w:val"), alt)
                etree.SubElement(font, qn("w:charset")).set(qn("w:val"), "86")
                etree.SubElement(font, qn("w:family")).set(
                    qn("w:val"), "modern" if name in ("黑体",) else "roman")
                etree.SubElement(font, qn("w:pitch")).set(qn("w:val"), "variable")
            part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8",
                                        standalone=True)


def _page_number(paragraph: object) -> None:
    """`— PAGE —` as a field, so Word and LibreOffice fill in the number."""
    p = paragraph
    p.add_run("— ")  # type: ignore[attr-defined]
    run = p.add_run()  # type: ignore[attr-defined]
    for kind, text in (("begin", None), (None, " PAGE "), ("separate", None), (None, "1"),
                       ("end", None)):
        if kind:
            el = OxmlElement("w:fldChar")
            el.set(qn("w:fldCharType"), kind)
        elif text == " PAGE ":
            el = OxmlElement("w:instrText")
            el.set(qn("xml:space"), "preserve")
            el.text = text
        else:
            el = OxmlElement("w:t")
            el.text = text
        run._r.append(el)
    p.add_run(" —")  # type: ignore[attr-defined]


def new_document(landscape: bool = False, numbered: bool = True,
                 poster: bool = False) -> DocumentObject:
    doc = Document()
    core = doc.core_properties
    core.author = core.last_modified_by = "kaohe_excel"
    core.created = core.modified = dt.datetime(2026, 1, 1)
    core.revision = 1
    core.title = core.subject = core.keywords = core.comments = ""
    # the stock thumbnail shows Latin text; the stock stylesWithEffects (a Word 2010 copy of
    # styles.xml, no longer written since Word 2013) would lack every style added below, which
    # the Open XML check reports as content Word may find unreadable (tests/test_openxml.py)
    package = doc.part.package
    for rels in [package.rels, *(part.rels for part in package.iter_parts())]:
        for rel in list(rels.values()):
            if rel.reltype.endswith(("/thumbnail", "/stylesWithEffects")):
                del rels[rel.rId]
    _style(doc, "Normal", FANGSONG, BODY_PT)
    _style(doc, "发文机关标志", XIAOBIAOSONG, 36, align=WD_ALIGN_PARAGRAPH.CENTER, color=RED,
           line=None, after=18)
    _style(doc, "发文字号", FANGSONG, BODY_PT, align=WD_ALIGN_PARAGRAPH.CENTER, after=20)
    _style(doc, "公文标题", XIAOBIAOSONG, TITLE_PT, align=WD_ALIGN_PARAGRAPH.CENTER, line=35,
           before=LINE_PT, after=LINE_PT)
    _style(doc, "主送机关", FANGSONG, BODY_PT)
    _style(doc, "公文正文", FANGSONG, BODY_PT, align=WD_ALIGN_PARAGRAPH.JUSTIFY, first_indent=2)
    _style(doc, "一级标题", HEITI, BODY_PT, first_indent=2)
    doc.styles["一级标题"].paragraph_format.keep_with_next = True  # never alone above its table
    _style(doc, "署名", FANGSONG, BODY_PT, align=WD_ALIGN_PARAGRAPH.RIGHT, right_indent=4,
           before=LINE_PT)
    _style(doc, "成文日期", FANGSONG, BODY_PT, align=WD_ALIGN_PARAGRAPH.RIGHT, right_indent=4)
    _style(doc, "附注", FANGSONG, BODY_PT, first_indent=2, before=LINE_PT)
    _style(doc, "表格文字", FANGSONG, 12, align=WD_ALIGN_PARAGRAPH.CENTER, line=None)
    _style(doc, "表格表头", HEITI, 12, align=WD_ALIGN_PARAGRAPH.CENTER, line=None)
    _style(doc, "页码", SONGTI, 14, line=None)
    _style(doc, "光荣榜标题", XIAOBIAOSONG, 54, align=WD_ALIGN_PARAGRAPH.CENTER, color=RED,
           line=None, after=6)
    _style(doc, "光荣榜副题", XIAOBIAOSONG, 22, align=WD_ALIGN_PARAGRAPH.CENTER, line=None,
           after=18)
    _style(doc, "光荣榜栏目", HEITI, 26, align=WD_ALIGN_PARAGRAPH.CENTER, color=RED, line=None,
           before=12, after=8)
    _style(doc, "光荣榜文字", FANGSONG, 18, align=WD_ALIGN_PARAGRAPH.CENTER, line=None,
           before=1, after=1)
    _font_table(doc)
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    if landscape:
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = Mm(297), Mm(210)
    section.top_margin, section.bottom_margin = (Mm(20), Mm(20)) if poster else (Mm(37), Mm(35))
    section.left_margin, section.right_margin = (Mm(20), Mm(20)) if poster else (Mm(28), Mm(26))
    section.footer_distance = Mm(26)
    if numbered:
        doc.settings.odd_and_even_pages_header_footer = True
        odd = section.footer.paragraphs[0]
        odd.style = doc.styles["页码"]
        odd.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        odd.paragraph_format.right_indent = Pt(14)
        _page_number(odd)
        even = section.even_page_footer.paragraphs[0]
        even.style = doc.styles["页码"]
        even.alignment = WD_ALIGN_PARAGRAPH.LEFT
        even.paragraph_format.left_indent = Pt(14)
        _page_number(even)
    return doc


def para(doc: DocumentObject, text: str, style: str = "公文正文") -> None:
    doc.add_paragraph(text, style=style)


def head(doc: DocumentObject, with_number: bool = True) -> None:
    """发文机关标志 and 发文字号 over the red line."""
    para(doc, "{{ issuer_mark }}", "发文机关标志")
    p = doc.add_paragraph("{{ doc_number }}" if with_number else "", style="发文字号")
    border = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("val", "single"), ("sz", "12"), ("space", "8"), ("color", "FF0000")):
        bottom.set(qn(f"w:{key}"), value)
    border.append(bottom)
    p._p.get_or_add_pPr().append(border)


def sign(doc: DocumentObject, contact: bool = True) -> None:
    para(doc, "{{ issuer }}", "署名")
    para(doc, "{{ date_text }}", "成文日期")
    if contact:
        para(doc, "{%p if contact_text %}", "附注")
        para(doc, "（{{ contact_text }}）", "附注")
        para(doc, "{%p endif %}", "附注")


def _cell(table: Table, row: int, col: int, text: str, style: str) -> None:
    cell = table.cell(row, col)
    cell.paragraphs[0].text = text
    cell.paragraphs[0].style = style


def fixed_table(doc: DocumentObject, headers: Sequence[str], loop: str,
                cells: Sequence[str], widths_mm: Sequence[float],
                text_style: str = "表格文字", head_style: str = "表格表头") -> None:
    """A table with a header row and one row per item of `loop` ("r in people")."""
    table = doc.add_table(rows=4, cols=len(headers))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for i, h in enumerate(headers):
        _cell(table, 0, i, h, head_style)
    _cell(table, 1, 0, "{%tr for " + loop + " %}", text_style)
    for i, c in enumerate(cells):
        _cell(table, 2, i, c, text_style)
    _cell(table, 3, 0, "{%tr endfor %}", text_style)
    table.autofit = False
    for column, width in zip(table.columns, widths_mm, strict=True):
        column.width = Mm(width)
    for row in table.rows:
        for cell, width in zip(row.cells, widths_mm, strict=True):
            cell.width = Mm(width)
    _repeat_header(table)


def dynamic_table(doc: DocumentObject, columns: str, rows: str) -> None:
    """Columns chosen by the 公示栏目 setting: a column loop in the header and in each row."""
    table = doc.add_table(rows=4, cols=3)
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for i, text in enumerate(("{%tc for c in " + columns + " %}", "{{ c }}", "{%tc endfor %}")):
        _cell(table, 0, i, text, "表格表头")
    _cell(table, 1, 0, "{%tr for r in " + rows + " %}", "表格文字")
    for i, text in enumerate(("{%tc for v in r %}", "{{ v }}", "{%tc endfor %}")):
        _cell(table, 2, i, text, "表格文字")
    _cell(table, 3, 0, "{%tr endfor %}", "表格文字")
    _repeat_header(table)
    # its columns are known only once filled: render.fit_columns sizes them to the content
    description = OxmlElement("w:tblDescription")
    description.set(qn("w:val"), FIT_COLUMNS)
    table._tbl.tblPr.append(description)


def _repeat_header(table: Table) -> None:
    tr_pr = table.rows[0]._tr.get_or_add_trPr()
    # no w:val: it means "on", as Word writes it; val="true" is ISO 29500's xsd:boolean but
    # Microsoft's schema types tblHeader as on/off only (tests/test_openxml.py)
    tr_pr.append(OxmlElement("w:tblHeader"))


# --- the templates, one per document kind -------------------------------------------------

def month_publicity() -> DocumentObject:
    doc = new_document()
    para(doc, "{{ center }}{{ month_label }}窗口及工作人员绩效考评结果公示", "公文标题")
    para(doc, "根据《窗口及工作人员绩效考评实施办法》，中心对{{ month_label }}各窗口及窗口工作人员"
              "的工作情况进行了考评。本月参评人员{{ rated_people }}人，其中超标{{ above }}人、"
              "达标{{ met }}人、未达标{{ below }}人；参评窗口{{ rated_windows }}个。"
              "现将考评结果在{{ publicity_channel }}予以公示，公示期为{{ publicity_text }}。")
    para(doc, "公示期间，如对考评结果有异议，请{{ objection_channel }}。"
              "公示期满，考评结果报中心考评领导小组审定后公布。")
    para(doc, "一、工作人员考评结果", "一级标题")
    dynamic_table(doc, "people_columns", "people_rows")
    para(doc, "二、窗口考评结果", "一级标题")
    dynamic_table(doc, "window_columns", "window_rows")
    sign(doc)
    return doc


def month_publication() -> DocumentObject:
    doc = new_document()
    para(doc, "{{ center }}{{ month_label }}窗口及工作人员绩效考评结果", "公文标题")
    para(doc, "{{ month_label }}窗口及工作人员绩效考评结果已经公示，并报中心考评领导小组审定，"
              "现予公布。本月参评人员{{ rated_people }}人，其中超标{{ above }}人、达标{{ met }}人、"
              "未达标{{ below }}人；参评窗口{{ rated_windows }}个。")
    para(doc, "一、工作人员考评结果", "一级标题")
    dynamic_table(doc, "people_columns", "people_rows")
    para(doc, "二、窗口考评结果", "一级标题")
    dynamic_table(doc, "window_columns", "window_rows")
    sign(doc)
    return doc


def quarter_commendation() -> DocumentObject:
    doc = new_document()
    head(doc)
    para(doc, "关于表彰{{ quarter_label }}先进个人和红旗窗口的通报", "公文标题")
    para(doc, "中心各窗口：", "主送机关")
    para(doc, "根据《窗口及工作人员绩效考评实施办法》，中心对{{ quarter_label }}各窗口及窗口"
              "工作人员进行了季度评比。经中心考评领导小组审定，{{ award_people_text }}，"
              "{{ award_windows_text }}。现予通报表彰。")
    para(doc, "{%p if award_people %}", "公文正文")
    para(doc, "一、先进个人（{{ award_people|length }}名）", "一级标题")
    fixed_table(doc, ("姓名", "窗口", "季度得分"), "r in award_people",
                ("{{ r.name }}", "{{ r.window }}", "{{ r.score }}"), (40, 80, 36))
    para(doc, "{%p endif %}", "公文正文")
    para(doc, "{%p if award_windows %}", "公文正文")
    para(doc, "二、红旗窗口（{{ award_windows|length }}个）", "一级标题")
    fixed_table(doc, ("窗口", "季度得分"), "r in award_windows",
                ("{{ r.window }}", "{{ r.score }}"), (100, 56))
    para(doc, "{%p endif %}", "公文正文")
    para(doc, "希望受到表彰的先进个人和红旗窗口珍惜荣誉、再接再厉；各窗口和全体工作人员要以先进为榜样，"
              "进一步提升服务质量和办事效率。")
    sign(doc)
    return doc


def honour_roll() -> DocumentObject:
    doc = new_document(numbered=False, poster=True)
    para(doc, "光荣榜", "光荣榜标题")
    para(doc, "{{ center }}{{ quarter_label }}", "光荣榜副题")
    para(doc, "{%p if award_people %}", "光荣榜文字")
    para(doc, "先进个人", "光荣榜栏目")
    fixed_table(doc, ("姓名", "窗口", "季度得分"), "r in award_people",
                ("{{ r.name }}", "{{ r.window }}", "{{ r.score }}"), (45, 95, 30),
                text_style="光荣榜文字", head_style="光荣榜文字")
    para(doc, "{%p endif %}", "光荣榜文字")
    para(doc, "{%p if award_windows %}", "光荣榜文字")
    para(doc, "红旗窗口", "光荣榜栏目")
    fixed_table(doc, ("窗口", "季度得分"), "r in award_windows",
                ("{{ r.window }}", "{{ r.score }}"), (120, 50),
                text_style="光荣榜文字", head_style="光荣榜文字")
    para(doc, "{%p endif %}", "光荣榜文字")
    sign(doc, contact=False)
    return doc


def criticism() -> DocumentObject:
    doc = new_document()
    head(doc)
    para(doc, "关于对{{ person.name }}同志的通报批评", "公文标题")
    para(doc, "中心各窗口：", "主送机关")
    para(doc, "{{ person.window }}工作人员{{ person.name }}同志（派出单位：{{ person.unit }}），"
              "{{ reason }}。根据《窗口及工作人员绩效考评实施办法》有关规定，经中心考评领导小组"
              "研究，决定对{{ person.name }}同志予以通报批评。")
    para(doc, "{%p if months %}", "公文正文")
    para(doc, "{{ person.name }}同志{{ count_period }}月度考评未达标情况如下：", "公文正文")
    fixed_table(doc, ("月份", "得分", "等级"), "r in months",
                ("{{ r.month }}", "{{ r.score }}", "{{ r.grade }}"), (60, 48, 48))
    para(doc, "{%p endif %}", "公文正文")
    para(doc, "希望{{ person.name }}同志认真反思，切实改进工作作风，提高服务质量。"
              "各窗口要引以为戒，严格遵守中心各项管理制度。")
    sign(doc)
    return doc


def return_letter() -> DocumentObject:
    doc = new_document()
    head(doc)
    para(doc, "关于将{{ person.name }}同志退回原单位的函", "公文标题")
    para(doc, "{{ person.unit }}：", "主送机关")
    para(doc, "贵单位派驻我中心{{ person.window }}的{{ person.name }}同志，{{ reason }}。"
              "根据《窗口及工作人员绩效考评实施办法》有关规定，经中心考评领导小组研究，"
              "决定将{{ person.name }}同志退回贵单位，请贵单位另行选派政治素质好、业务能力强的"
              "同志到中心窗口工作。")
    para(doc, "{{ person.name }}同志的有关情况如下：", "公文正文")
    fixed_table(doc, ("期间", "情况"), "r in reasons",
                ("{{ r.period }}", "{{ r.text }}"), (46, 110))
    para(doc, "特此函告。")
    sign(doc)
    return doc


def year_report() -> DocumentObject:
    doc = new_document()
    head(doc)
    para(doc, "关于{{ year }}年度窗口及工作人员绩效考评情况的报告", "公文标题")
    para(doc, "市人民政府：", "主送机关")
    para(doc, "{{ year }}年，中心按照《窗口及工作人员绩效考评实施办法》，对进驻中心的"
              "{{ window_count }}个窗口、{{ staff_count }}名工作人员实行月考评、季评比、年总评。"
              "现将有关情况报告如下。")
    para(doc, "一、考评基本情况", "一级标题")
    para(doc, "全年完成{{ final_months }}个月的月度考评和{{ quarter_count }}个季度的评比。"
              "参加年度考评{{ rated_people }}人，年度平均得分{{ mean_score }}分，其中超标"
              "{{ above }}人、达标{{ met }}人、未达标{{ below }}人。")
    para(doc, "二、评选表彰情况", "一级标题")
    para(doc, "全年评出季度先进个人{{ person_award_total }}人次、红旗窗口"
              "{{ window_award_total }}个次。{{ pool_people|length }}名同志全年至少一个季度"
              "被评为先进个人，列为优秀公务员和先进个人标兵人选；年度红旗窗口"
              "{{ pool_windows|length }}个。{{ pending_text }}")
    para(doc, "{%p if pool_people %}", "公文正文")
    fixed_table(doc, ("姓名", "窗口", "派出单位", "入选次数", "年度得分"), "r in pool_people",
                ("{{ r.name }}", "{{ r.window }}", "{{ r.unit }}", "{{ r.times }}",
                 "{{ r.score }}"), (24, 44, 50, 18, 20))
    para(doc, "{%p endif %}", "公文正文")
    para(doc, "三、问题处理情况", "一级标题")
    para(doc, "全年通报批评{{ criticism_count }}人次，退回原单位{{ return_count }}人次。")
    para(doc, "{%p for f in failures %}", "公文正文")
    para(doc, "{{ f.name }}（{{ f.window }}）：{{ f.basis }}，{{ f.action }}。")
    para(doc, "{%p endfor %}", "公文正文")
    para(doc, "四、结果运用", "一级标题")
    para(doc, "全年考评结果和每位工作人员的年度工作评语已书面反馈{{ unit_count }}个派出单位，"
              "作为其年度考核和评先评优的参考。")
    para(doc, "特此报告。")
    sign(doc)
    return doc


def year_feedback() -> DocumentObject:
    doc = new_document()
    head(doc)
    para(doc, "关于反馈{{ year }}年度窗口工作人员考评结果的函", "公文标题")
    para(doc, "{{ unit }}：", "主送机关")
    para(doc, "根据《窗口及工作人员绩效考评实施办法》，现将贵单位派驻中心的{{ staff|length }}名"
              "工作人员{{ year }}年度考评结果及年度工作评语反馈如下，请作为年度考核和评先评优的参考。")
    para(doc, "一、年度考评结果", "一级标题")
    fixed_table(doc, ("姓名", "窗口", "参评月数", "年度得分", "等级", "先进个人次数"),
                "r in staff",
                ("{{ r.name }}", "{{ r.window }}", "{{ r.months }}", "{{ r.score }}",
                 "{{ r.grade }}", "{{ r.awards }}"), (22, 46, 20, 22, 20, 26))
    para(doc, "二、年度工作评语", "一级标题")
    para(doc, "{%p for r in staff %}", "公文正文")
    para(doc, "{{ r.name }}：{{ r.comment }}")
    para(doc, "{%p endfor %}", "公文正文")
    para(doc, "特此函告。")
    sign(doc)
    return doc


TEMPLATES = {
    "月度考评结果公示.docx": month_publicity,
    "月度考评结果公布.docx": month_publication,
    "季度表彰通报.docx": quarter_commendation,
    "光荣榜.docx": honour_roll,
    "通报批评.docx": criticism,
    "退回原单位函.docx": return_letter,
    "年度考评情况报告.docx": year_report,
    "年度考评结果反馈函.docx": year_feedback,
}


def build(name: str) -> bytes:
    buffer = io.BytesIO()
    TEMPLATES[name]().save(buffer)
    return buffer.getvalue()


def main(argv: Sequence[str] | None = None) -> int:
    folder = Path(argv[0]) if argv else TEMPLATE_DIR
    folder.mkdir(parents=True, exist_ok=True)
    for name in TEMPLATES:
        (folder / name).write_bytes(build(name))
        print(folder / name)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
