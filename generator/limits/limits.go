// Package limits holds the bounds within which every input is read: how
// much a compressed file may inflate to, how far a PDF's object graph is
// walked, how deeply TOML may nest. They live in one place so that the
// authoring guide (docs/authoring.md, 「读取文件的上限」) can list them, and
// a hostile or damaged file costs a bounded amount of time and memory.
package limits

// MaxInflated is how many bytes one compressed file (.xlsx, .docx,
// .pptx, a PDF's streams) may inflate to in all, counted while
// inflating, never taken from the file's own headers. A zip bomb (1 MB that
// inflates to 1 GB) stops at this bound instead of taking the machine's
// memory.
const MaxInflated = 256 << 20

// MaxFile is the largest file published as it is (an attachment, a file
// of static/): the guard reads it whole to check it, and the copy to the
// output holds it whole, several at once on a machine of several cores.
// A larger file is an error: a video or an archive of that size belongs
// on a video platform or a file share, linked from the page.
const MaxFile = 256 << 20

// MaxPDFObjects bounds the object numbers a PDF may declare (its /Size,
// its cross-reference sections): the reader allocates a table entry for
// each, so a lying number would take the machine's memory at once.
const MaxPDFObjects = 1_000_000

// MaxPDFPages bounds the pages of one PDF that are read; a PDF claiming
// more is listed as not scanned.
const MaxPDFPages = 20_000

// MaxPDFDepth bounds how deeply a PDF's page tree nests (and how long a
// page's chain of /Parent links may be). Writers build balanced trees of
// depth 3 to 6; a tree that refers to itself never ends.
const MaxPDFDepth = 32

// MaxPDFNodes bounds how many page-tree nodes of one PDF are visited, so
// a tree whose branches share their children cannot grow exponentially.
const MaxPDFNodes = 4 * MaxPDFPages

// MaxPDFReads bounds how many times the PDF reader may read from the file
// in each step of reading it: opening it, walking its page tree, reading
// one page. The reader rereads an object each time it is looked up, so a
// loop in a damaged file (a /Prev or /Parent chain that comes back to
// itself) shows up as reading without end; this many reads take about a
// second. A simple page takes 11 reads; walking a page tree takes 4 to 6
// a page, so that step may read 8 times MaxPDFPages more.
const MaxPDFReads = 100_000

// MaxEmbedded bounds how deeply files embedded in Office files (a
// workbook in a document, a document in that workbook) are read; each
// level inflates within its outer file's MaxInflated. Office embeds one
// level; more is a file built to be read without end.
const MaxEmbedded = 4

// MaxNesting bounds how deeply arrays and inline tables nest in TOML
// (front matter and config.toml). Parsing nested inline tables costs time
// and memory quadratic in their depth (20,000 levels: over 120 s and
// 11 GB); no real front matter nests more than 3 levels.
const MaxNesting = 32
