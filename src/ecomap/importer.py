"""`ecomap import`: partner lists from a spreadsheet → a commented map.

Kumu's convention (Elements and Connections): one table of participants, one row each, and one
table of flows, one row each, with the map's field names as column headers (Chinese headers
too). An .xlsx workbook holds both as sheets; CSV files hold one table each. Every problem is
reported at its cell, ``path:sheet!B7: error: message``, and the map is checked by the
validator before anything is written.

Just over ~400 lines: reading two table formats, mapping Chinese headers and words to the map's
fields, and writing the commented YAML belong together (one reader, one writer).
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from ecomap.errors import EcomapError
from ecomap.model import DEFAULT_LAYERS
from ecomap.validate import FLOW_KEYS, ID_RE, PARTICIPANT_KEYS

Cell = str | int | float | bool | None

# Header (lower case, spaces trimmed) → field. The map's own names are always accepted.
PARTICIPANT_HEADERS: dict[str, str] = {
    **{k: k for k in ("id", *PARTICIPANT_KEYS)},
    "编号": "id", "标识": "id", "名称": "name", "名字": "name", "参与者": "name",
    "label": "name", "层": "layer", "层级": "layer", "所在层": "layer", "角色": "role",
    "description": "role", "职能": "role", "伙伴类型": "partner_type", "合作类型": "partner_type",
    "内部": "internal", "是否内部": "internal", "地区": "region", "区域": "region",
    "数量": "count", "网址": "url", "链接": "url", "标签": "tags", "备注": "note",
}
FLOW_HEADERS: dict[str, str] = {
    **{k: k for k in FLOW_KEYS},
    "编号": "id", "从": "from", "来源": "from", "起点": "from", "提供方": "from",
    "到": "to", "去向": "to", "终点": "to", "接收方": "to", "类型": "kind", "种类": "kind",
    "type": "kind", "标签": "label", "名称": "label", "内容": "label", "金额": "amount",
    "数量": "volume", "笔数": "volume", "分成": "share", "比例": "share", "类别": "category",
    "收入类别": "category", "路径": "path", "价值路径": "path", "敏感度": "sensitivity",
    "授权": "consent", "用户授权": "consent", "备注": "note",
}
SHEET_NAMES = {
    "participants": ("participants", "elements", "参与者", "参与方", "伙伴"),
    "flows": ("flows", "connections", "价值流", "流", "关系"),
}
KIND_WORDS = {"资金": "money", "资金流": "money", "钱": "money", "数据": "data", "数据流": "data",
              "资产": "asset", "资产流": "asset", "服务": "service", "服务流": "service"}
TRUE_WORDS = {"true", "yes", "y", "1", "是", "对", "有", "√", "✓"}
FALSE_WORDS = {"false", "no", "n", "0", "否", "不", "无", ""}
LAYER_NAMES = {layer.name: layer.id for layer in DEFAULT_LAYERS} | {
    "战略合作层": "strategic", "核心": "core", "用户": "users"}
# What separates the items of a list cell (tags, value paths): Chinese and Latin commas and
# semicolons, and 、.
LIST_SEPARATORS = re.compile(r"[,，、;；]")
_PLAIN = re.compile(r"^[^\W\d_][\w .()（）·・/\-、]*$")


@dataclass
class Table:
    """One sheet or CSV file: where it came from, its header cells and its rows."""

    path: str
    sheet: str  # "" for a CSV file
    headers: list[str]
    rows: list[tuple[int, list[Cell]]]  # (1-based row number, cells)

    def where(self, row: int, col: int) -> str:
        """A cell's address: ``path:sheet!B7`` (workbook) or ``path:7:2`` (CSV)."""
        if self.sheet:
            return f"{self.path}:{self.sheet}!{_column_letter(col)}{row}"
        return f"{self.path}:{row}:{col}"


@dataclass
class Problems:
    lines: list[str] = field(default_factory=list)

    def add(self, where: str, message: str) -> None:
        self.lines.append(f"{where}: error: {message}")


class ImportError_(Exception):  # noqa: N801 — ImportError is Python's own
    """The spreadsheet cannot become a map; the message lists every problem at its cell."""


def _column_letter(col: int) -> str:
    letters = ""
    while col:
        col, rest = divmod(col - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


# ---------------------------------------------------------------- reading

def read_tables(paths: Iterable[Path]) -> dict[str, Table]:
    """The participants and flows tables from one workbook or two CSV files."""
    tables: list[Table] = []
    for path in paths:
        suffix = path.suffix.lower()
        if suffix in (".xlsx", ".xlsm"):
            tables.extend(_workbook_tables(path))
        elif suffix == ".csv":
            tables.append(_csv_table(path))
        else:
            raise ImportError_(f"{path}: error: import reads .xlsx workbooks and .csv files "
                               f"(got {path.suffix or 'no suffix'})")
    found: dict[str, Table] = {}
    for table in tables:
        role = _role(table)
        if role and role not in found:
            found[role] = table
    if "participants" not in found:
        names = ", ".join(SHEET_NAMES["participants"][:3])
        raise ImportError_(f"{', '.join(map(str, paths))}: error: no participants table (a sheet "
                           f"named {names}, or a table with name and layer columns)")
    return found


def _role(table: Table) -> str:
    name = table.sheet.strip().lower() if table.sheet else Path(table.path).stem.lower()
    for role, names in SHEET_NAMES.items():
        if name in names:
            return role
    fields = {FLOW_HEADERS.get(h) for h in table.headers}
    if {"from", "to"} <= fields:
        return "flows"
    if {"name", "layer"} <= {PARTICIPANT_HEADERS.get(h) for h in table.headers}:
        return "participants"
    return ""


def _workbook_tables(path: Path) -> list[Table]:
    import zipfile

    try:
        from openpyxl import load_workbook
    except ImportError:
        raise ImportError_(f"{path}: error: reading .xlsx needs openpyxl: "
                           "pip install 'ecomap[xlsx]' (or save the sheets as CSV)") from None

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except (OSError, zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise ImportError_(f"{path}: error: cannot read the workbook ({exc})") from None
    tables = []
    for sheet in book.worksheets:
        rows = [list(r) for r in sheet.iter_rows(values_only=True)]
        if not rows:
            continue
        headers = [_header(c) for c in rows[0]]
        body = [(i + 2, [_cell(c) for c in r]) for i, r in enumerate(rows[1:]) if any(
            c not in (None, "") for c in r)]
        tables.append(Table(str(path), sheet.title, headers, body))
    book.close()
    return tables


def _csv_table(path: Path) -> Table:
    try:
        text = path.read_bytes().decode("utf-8-sig")  # Excel writes UTF-8 CSV with a BOM
    except UnicodeDecodeError:
        raise ImportError_(f"{path}: error: the CSV file is not UTF-8 (save it as "
                           "'CSV UTF-8')") from None
    rows = list(csv.reader(text.splitlines()))
    if not rows:
        raise ImportError_(f"{path}: error: the CSV file is empty")
    body = [(i + 2, [_cell(c) for c in r]) for i, r in enumerate(rows[1:]) if any(r)]
    return Table(str(path), "", [_header(c) for c in rows[0]], body)


def _header(value: object) -> str:
    return re.sub(r"\s+", " ", str(value or "")).strip().lower()


def _cell(value: object) -> Cell:
    if isinstance(value, str):
        value = value.strip()
        return value or None
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, (int, float, bool)) or value is None:
        return value
    return str(value)  # dates and the like: as text


# ---------------------------------------------------------------- the map

@dataclass
class _Line:
    """A line of the map written, with the table cells of its fields (for error positions)."""

    text: str
    table: Table | None = None
    row: int = 0
    fields: list[tuple[int, int]] = field(default_factory=list)  # (text column, table column)


def build_map(tables: dict[str, Table], focus: str | None, title: str, lang: str) -> str:
    """The map's text, checked by the validator; raises ImportError_ with every problem."""
    problems = Problems()
    people = tables["participants"]
    p_cols = _columns(people, PARTICIPANT_HEADERS, ("name", "layer"), problems)
    flows = tables.get("flows")
    f_cols = _columns(flows, FLOW_HEADERS, ("from", "to", "kind", "label"), problems) \
        if flows else {}
    if problems.lines:
        raise ImportError_("\n".join(problems.lines))

    ids: dict[str, str] = {}  # id or name → id
    layers: dict[str, tuple[str, str]] = {}  # cell text → (layer id, name)
    part_lines: list[_Line] = []
    for row, cells in people.rows:
        values: dict[str, object] = {f: (cells[c - 1] if c - 1 < len(cells) else None)
                                     for f, c in p_cols.items()}
        name = values.get("name")
        pid = values.get("id")
        pid = str(pid) if pid is not None else f"p{len(part_lines) + 1}"
        if name is not None:
            ids.setdefault(str(name), pid)
        ids[pid] = pid
        layer = values.get("layer")
        if layer is not None:
            values["layer"] = _layer_id(str(layer), layers)
        if isinstance(values.get("tags"), str):
            values["tags"] = _items(str(values["tags"]))
        part_lines.append(_mapping_line(f"  {_key(pid)}: ", values, p_cols, people, row,
                                        skip=("id",)))
    flow_lines: list[_Line] = []
    for row, cells in flows.rows if flows else []:
        assert flows is not None
        values = {f: (cells[c - 1] if c - 1 < len(cells) else None) for f, c in f_cols.items()}
        for end in ("from", "to"):
            if values.get(end) is not None:
                values[end] = ids.get(str(values[end]), values[end])
        kind = values.get("kind")
        if isinstance(kind, str):
            values["kind"] = KIND_WORDS.get(kind, kind.lower())
        if isinstance(values.get("path"), str):  # a flow on several value paths
            paths = _items(str(values["path"]))
            values["path"] = paths if len(paths) > 1 else values["path"]
        share = values.get("share")
        if isinstance(share, float) and 0 <= share <= 1:  # an Excel percentage cell
            values["share"] = f"{round(share * 100, 4):g}%"
        flow_lines.append(_mapping_line("  - ", values, f_cols, flows, row))

    chosen = focus or _first_internal(people, p_cols) or (next(iter(ids.values()), "me"))
    chosen = ids.get(chosen, chosen)
    lines = _header_lines(tables, title, lang, chosen, focus is None)
    custom = [v for v in layers.values() if v[0] not in {x.id for x in DEFAULT_LAYERS}]
    if custom:
        lines.append(_Line("layers:  # from the layer column, in order of first use"
                           if lang == "en" else "layers:  # 来自“层”列，按首次出现的顺序"))
        lines.extend(_Line(f"  - {{id: {lid}, name: {_scalar(name)}}}")
                     for lid, name in dict.fromkeys(layers.values()))
    lines.append(_Line(""))
    lines.append(_Line(f"participants:  # {_origin(people, lang)}"))
    lines.extend(part_lines)
    if flows is not None:
        lines.append(_Line(""))
        lines.append(_Line(f"flows:  # {_origin(flows, lang)}"))
        lines.extend(flow_lines)
    text = "\n".join(line.text for line in lines) + "\n"
    _validate(text, lines, problems)
    return text


def _columns(table: Table, names: dict[str, str], required: tuple[str, ...],
             problems: Problems) -> dict[str, int]:
    columns: dict[str, int] = {}
    for index, header in enumerate(table.headers, start=1):
        if not header:
            continue
        name = names.get(header)
        if name is None:
            problems.add(table.where(1, index), f"unknown column {header!r} (columns are the "
                         f"map's field names: {', '.join(dict.fromkeys(names.values()))})")
        elif name in columns:
            problems.add(table.where(1, index), f"a second column for {name!r}")
        else:
            columns[name] = index
    for name in required:
        if name not in columns:
            problems.add(table.where(1, 1), f"the table needs a {name!r} column")
    return columns


def _items(text: str) -> list[str]:
    return [item.strip() for item in LIST_SEPARATORS.split(text) if item.strip()]


def _layer_id(text: str, layers: dict[str, tuple[str, str]]) -> str:
    if text not in layers:
        default = {x.id: x.name for x in DEFAULT_LAYERS}
        if text in default:
            layers[text] = (text, default[text])
        elif text in LAYER_NAMES:
            layers[text] = (LAYER_NAMES[text], text)
        elif ID_RE.match(text):
            layers[text] = (text, text)
        else:
            layers[text] = (f"layer_{len(layers) + 1}", text)
    return layers[text][0]


def _first_internal(table: Table, columns: dict[str, int]) -> str | None:
    for _, cells in table.rows:
        flag = cells[columns["internal"] - 1] if "internal" in columns and \
            columns["internal"] - 1 < len(cells) else None
        if _boolean(flag) is True:
            return str(cells[columns["id"] - 1]) if "id" in columns else \
                str(cells[columns["name"] - 1])
    return None


def _boolean(value: Cell) -> Cell:
    if isinstance(value, bool) or value is None:
        return value
    word = str(value).strip().lower()
    return True if word in TRUE_WORDS else False if word in FALSE_WORDS else value


def _mapping_line(prefix: str, values: dict[str, object], columns: dict[str, int], table: Table,
                  row: int, skip: tuple[str, ...] = ()) -> _Line:
    text = prefix + "{"
    fields: list[tuple[int, int]] = []
    for name, value in values.items():
        if name in skip or value is None:
            continue
        if name in ("internal", "consent") and isinstance(value, (str, int, float)):
            value = _boolean(value)
        if text[-1] != "{":
            text += ", "
        text += f"{name}: "
        fields.append((len(text) + 1, columns[name]))
        text += _scalar(value)
    return _Line(text + f"}}  # row {row}", table, row, fields)


def _scalar(value: object) -> str:
    """A value as YAML text: plain when it reads back the same, else a JSON string."""
    import json

    from ecomap.source import resolve_plain

    if isinstance(value, list):
        return "[" + ", ".join(_scalar(v) for v in value) + "]"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    text = str(value)
    if _PLAIN.match(text) and resolve_plain(text) == text and ": " not in text:
        return text
    return json.dumps(text, ensure_ascii=False)


def _key(pid: str) -> str:
    return pid if ID_RE.match(pid) else _scalar(pid)


def _origin(table: Table, lang: str) -> str:
    name = Path(table.path).name
    if lang == "en":
        return f"from {name}" + (f", sheet {table.sheet}" if table.sheet else "") + \
            "; one row each"
    return f"来自 {name}" + (f"，工作表 {table.sheet}" if table.sheet else "") + "；每行一项"


def _header_lines(tables: dict[str, Table], title: str, lang: str, focus: str,
                  guessed: bool) -> list[_Line]:
    files = ", ".join(dict.fromkeys(Path(t.path).name for t in tables.values()))
    if lang == "en":
        notes = [f"# Imported by `ecomap import` from {files}. Each line names its row.",
                 "# Next: ecomap check THIS-FILE, then ecomap render THIS-FILE."]
        focus_note = ("the first internal participant (or the first row): change it if "
                      "needed" if guessed else "given with --focus")
    else:
        notes = [f"# 由 `ecomap import` 从 {files} 导入；每行注释标明来源行号。",
                 "# 下一步：ecomap check 本文件，然后 ecomap render 本文件。"]
        focus_note = "第一个内部参与者（或第一行）：如不对请修改" if guessed else "由 --focus 指定"
    return [_Line("# yaml-language-server: $schema=./ecomap.schema.json"),
            *(_Line(n) for n in notes),
            _Line("ecomap: 1"),
            _Line(f"title: {_scalar(title)}"),
            _Line(f"locale: {lang}"),
            _Line(f"focus: {_scalar(focus)}  # {focus_note}")]


def _validate(text: str, lines: list[_Line], problems: Problems) -> None:
    """Run the validator on the text; report each problem at the cell it came from."""
    from ecomap.validate import load_text

    try:
        load_text(text, "<import>")
    except EcomapError as exc:
        for d in exc.diagnostics:
            line = lines[d.span.line - 1] if 0 < d.span.line <= len(lines) else None
            message = str(d).split(": error: ", 1)[-1]
            if line is None or line.table is None:  # the focus or a layer: not from a cell
                problems.add("ecomap import", message)
                continue
            column = 1
            for start, table_col in line.fields:
                if start <= d.span.col:
                    column = table_col
            if not line.fields or d.span.col < line.fields[0][0]:
                column = 1
            problems.add(line.table.where(line.row, column), message)
    if problems.lines:
        raise ImportError_("\n".join(problems.lines))
