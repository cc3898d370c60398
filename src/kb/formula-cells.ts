/**
 * Spreadsheet formula injection ("CSV injection"): Excel, WPS and LibreOffice run a cell that
 * starts with `=`, `+`, `-` or `@` (and, after their own trimming, tab or carriage return) as a
 * formula — `=HYPERLINK("http://evil","点我领券")` in an exported answer would become a live link
 * on the operator's machine. Export therefore prefixes such cells with one apostrophe, the
 * character spreadsheets themselves use to say "this is text"; import strips it again.
 *
 * So that the mapping is reversible for EVERY text, a cell that already starts with apostrophes
 * followed by a trigger (`'=…`, `''+…`) gets one more apostrophe too: export maps
 * `'ᵏ T…` to `'ᵏ⁺¹ T…` and import maps `'ᵏ⁺¹ T…` back to `'ᵏ T…` (k ≥ 0, T a trigger). Text
 * that does not match that shape — including `'好的'` or a lone `'` — is never touched. A
 * hand-written file whose cell reads `'=1+1` imports as `=1+1`, which is also what a
 * spreadsheet would show for it.
 */

/** One or more apostrophes, then a character that makes a spreadsheet evaluate the cell. */
const FORMULA_TRIGGER = /^'*[=+\-@\t\r]/;
/** A cell that export neutralised: at least one apostrophe before a trigger. */
const NEUTRALISED = /^'+[=+\-@\t\r]/;
const TEXT_MARK = "'";

/** The cell as written to CSV / XLSX: never a formula to a spreadsheet. */
export function neutraliseFormulaCell(cell: string): string {
  return FORMULA_TRIGGER.test(cell) ? TEXT_MARK + cell : cell;
}

/** The original text of a cell read from CSV / XLSX: exactly the one apostrophe export added is removed. */
export function restoreFormulaCell(cell: string): string {
  return NEUTRALISED.test(cell) ? cell.slice(TEXT_MARK.length) : cell;
}
