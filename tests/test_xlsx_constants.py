"""XLSX: formulas, data validation lists and defined names are read for the text they hold;
a formula that is only a string constant is read as what its cell shows, the rest whole
(a level a formula compares with, or one choice of a list, is not a mark)."""
from __future__ import annotations

import io

import openpyxl
import pytest
from openpyxl.formatting.rule import FormulaRule
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.datavalidation import DataValidation

from scanner.api import scan_bytes
from scanner.options import ScanOptions

MARK = "机密★10年"


def _book(add) -> bytes:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws["A1"] = "收文登记表"
    add(wb, ws)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _formula(wb, ws):
    ws["B1"] = f'="{MARK}"'


def _name(wb, ws):
    wb.defined_names["level"] = DefinedName("level", attr_text=f'"{MARK}"')


def _compare(wb, ws):
    ws["C2"] = "公开"
    ws["D2"] = '=IF(C2="机密","需审批","可发布")'
    ws.conditional_formatting.add("A2:D9", FormulaRule(formula=['$C2="机密"']))


def _choices(wb, ws):
    dv = DataValidation(type="list", formula1='"公开,内部,秘密,机密"')
    ws.add_data_validation(dv)
    dv.add("C2")


@pytest.mark.parametrize("add, marked", [
    (_formula, True), (_name, True), (_compare, False), (_choices, False)],
    ids=["constant-formula", "defined-name", "comparison", "validation-list"])
def test_formula_text(add, marked):
    result = scan_bytes("a.xlsx", _book(add), ScanOptions(ocr="off"))
    formulas = [b.text for b in result.part.blocks() if b.region == "formula"]
    assert formulas, "the formula text is read"
    assert ([m.text for m in result.marks] == [MARK]) is marked
    assert (result.verdict == "block") is marked
