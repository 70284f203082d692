package io.j8s.bench;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A Markdown table of benchmark results, built row by row. It renders with padded columns so that
 * it reads as well in a terminal as in a rendered issue, and it may carry note lines under it.
 *
 * <pre>{@code
 * ResultsTable t = new ResultsTable().left("measurement").right("sqlite").right("etcd");
 * t.row("writes/s", ResultsTable.count(1234), ResultsTable.count(987));
 * t.note("higher is better");
 * t.print(new PrintWriter(System.out));
 * }</pre>
 */
final class ResultsTable {
    private final List<String> headers = new ArrayList<>();
    private final List<Boolean> rightAligned = new ArrayList<>();
    private final List<String[]> rows = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();

    /** Adds a left-aligned column, for labels. */
    ResultsTable left(String header) {
        return column(header, false);
    }

    /** Adds a right-aligned column, for numbers. */
    ResultsTable right(String header) {
        return column(header, true);
    }

    private ResultsTable column(String header, boolean right) {
        if (!rows.isEmpty()) {
            throw new IllegalStateException("add every column before the first row");
        }
        headers.add(header);
        rightAligned.add(right);
        return this;
    }

    /** Adds a row with one cell per column. */
    ResultsTable row(String... cells) {
        if (cells.length != headers.size()) {
            throw new IllegalArgumentException("a row has " + headers.size() + " cells, not "
                    + cells.length);
        }
        rows.add(cells.clone());
        return this;
    }

    /** Adds a line printed under the table, after an empty line. */
    ResultsTable note(String line) {
        notes.add(line);
        return this;
    }

    String render() {
        int[] width = new int[headers.size()];
        for (int c = 0; c < width.length; c++) {
            width[c] = Math.max(3, escape(headers.get(c)).length());
            for (String[] row : rows) {
                width[c] = Math.max(width[c], escape(row[c]).length());
            }
        }
        StringBuilder out = new StringBuilder();
        line(out, headers.toArray(String[]::new), width);
        out.append('|');
        for (int c = 0; c < width.length; c++) {
            out.append(' ');
            if (rightAligned.get(c)) {
                out.append("-".repeat(width[c] - 1)).append(':');
            } else {
                out.append("-".repeat(width[c]));
            }
            out.append(" |");
        }
        out.append('\n');
        for (String[] row : rows) {
            line(out, row, width);
        }
        if (!notes.isEmpty()) {
            out.append('\n');
            for (String note : notes) {
                out.append(note).append('\n');
            }
        }
        return out.toString();
    }

    void print(PrintWriter out) {
        out.print(render());
        out.flush();
    }

    private void line(StringBuilder out, String[] cells, int[] width) {
        out.append('|');
        for (int c = 0; c < cells.length; c++) {
            String cell = escape(cells[c]);
            String pad = " ".repeat(width[c] - cell.length());
            out.append(' ');
            out.append(rightAligned.get(c) ? pad + cell : cell + pad);
            out.append(" |");
        }
        out.append('\n');
    }

    private static String escape(String cell) {
        return cell == null ? "" : cell.replace("|", "\\|").replace('\n', ' ');
    }

    /** A whole count or rate with thousands separators: {@code 12,345}; "n/a" when not finite. */
    static String count(double value) {
        return Double.isFinite(value) ? String.format(Locale.ROOT, "%,.0f", value) : "n/a";
    }

    /** A value with {@code decimals} decimals: {@code 1.25}; "n/a" when not finite. */
    static String decimal(double value, int decimals) {
        return Double.isFinite(value)
                ? String.format(Locale.ROOT, "%." + decimals + "f", value) : "n/a";
    }

    /** {@code a / b} with two decimals, "n/a" when it is undefined. */
    static String ratio(double a, double b) {
        return decimal(a / b, 2);
    }
}
