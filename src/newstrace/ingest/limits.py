"""Size limits: one document over these is reported, never loaded whole."""

# A single article (a .txt or .html file, one JSON/CSV record, one WARC record).
MAX_DOCUMENT_BYTES = 20 * 1024 * 1024
# How much of a file we sniff to tell text from binary.
SNIFF_BYTES = 8192
