"""Read a web page back from the browser's DOM in document order, as docx_reading.py reads a .docx.

Paragraphs and headings come back as strings, tables as rows of ``Cell`` with
rowspans expanded (the covered places are ``merge="continue"``, like Word's
vertically merged cells). Text is taken from the DOM's text nodes, ``<br>`` as
a line end; footnote marks and text only for screen readers are left out, as a
.docx's paragraph text leaves out its footnote references. CSS plays no part.
"""

from __future__ import annotations

from .docx_reading import Cell

READ_BLOCKS = """
(rootSelector) => {
  const SKIP = ".noteref, .visually-hidden, .concept-mark";
  const text = (node) => {
    let out = "";
    for (const child of node.childNodes) {
      if (child.nodeType === Node.TEXT_NODE) out += child.data;
      else if (child.nodeType === Node.ELEMENT_NODE && !child.matches(SKIP)) {
        out += child.tagName === "BR" ? "\\n" : text(child);
      }
    }
    return out;
  };
  const grid = (table) => {
    const rows = [];
    const spans = [];  // per column: rows still covered by a rowspan from above
    for (const tr of table.rows) {
      const row = [];
      const cells = [...tr.cells];
      let column = 0;
      while (cells.length || (spans[column] || 0) > 0) {
        if ((spans[column] || 0) > 0) {
          spans[column] -= 1;
          row.push({text: "", merge: "continue"});
        } else {
          const cell = cells.shift();
          spans[column] = cell.rowSpan - 1;
          row.push({text: text(cell), merge: cell.rowSpan > 1 ? "restart" : null});
        }
        column += 1;
      }
      rows.push(row);
    }
    return rows;
  };
  const root = document.querySelector(rootSelector);
  if (root.tagName === "TABLE") return [{rows: grid(root)}];
  const blocks = [];
  for (const element of root.querySelectorAll("h1, h2, p, table")) {
    if (element.closest("footer, .footnotes, td, th") || element.matches(".concept-mark")) continue;
    blocks.push(element.tagName === "TABLE" ? {rows: grid(element)} : {text: text(element)});
  }
  return blocks;
}
"""

READ_FOOTNOTES = """
() => [...document.querySelectorAll(".footnotes li")].map((li) => ({
  id: li.id,
  paragraphs: [...li.querySelectorAll("p")].map((p) =>
    [...p.childNodes].filter((n) => !(n.nodeType === Node.ELEMENT_NODE && n.matches(".backref")))
      .map((n) => n.textContent).join("").replace(/ $/, "")),
}))
"""


def page_blocks(page, root: str = "body") -> list[object]:
    """The page's headings and paragraphs (str) and tables (rows of Cell) in document order."""
    blocks = []
    for block in page.evaluate(READ_BLOCKS, root):
        if "rows" in block:
            blocks.append([[Cell(cell["text"], cell["merge"], [], [], 0) for cell in row] for row in block["rows"]])
        else:
            blocks.append(block["text"])
    return blocks


def page_table(page, selector: str) -> list[list[Cell]]:
    """The first table that ``selector`` matches, rowspans expanded (quicker than reading the whole page)."""
    return page_blocks(page, selector)[0]


def page_matrices(page) -> list[list[list[Cell]]]:
    """The SMART matrices of the page (tables whose header starts with Doel), rowspans expanded."""
    return [block for block in page_blocks(page) if isinstance(block, list) and block[0][0].text == "Doel"]


def page_footnotes(page) -> list[list[str]]:
    """Each footnote's paragraphs as text, in the order of the footnotes list."""
    return [note["paragraphs"] for note in page.evaluate(READ_FOOTNOTES)]
