package io.j8s.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ResultsTableTest {

    @Test
    void rendersAMarkdownTableWithAlignedColumnsAndNotes() {
        String table = new ResultsTable()
                .left("measurement")
                .right("a")
                .right("b")
                .row("writes/s", ResultsTable.count(12345.4), ResultsTable.count(987))
                .row("p99 ms", ResultsTable.decimal(1.234, 2), ResultsTable.decimal(10, 2))
                .note("higher is better")
                .render();

        assertThat(table).isEqualTo("""
                | measurement |      a |     b |
                | ----------- | -----: | ----: |
                | writes/s    | 12,345 |   987 |
                | p99 ms      |   1.23 | 10.00 |

                higher is better
                """);
    }

    @Test
    void escapesPipesInCells() {
        String table = new ResultsTable().left("x").row("a|b").render();

        assertThat(table).contains("| a\\|b |");
    }

    @Test
    void refusesARowOfTheWrongWidth() {
        ResultsTable t = new ResultsTable().left("x").right("y");

        assertThatThrownBy(() -> t.row("only one")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void undefinedFiguresPrintAsNotAvailable() {
        assertThat(ResultsTable.ratio(1, 0)).isEqualTo("n/a");
        assertThat(ResultsTable.ratio(Double.NaN, 2)).isEqualTo("n/a");
        assertThat(ResultsTable.count(Double.NaN)).isEqualTo("n/a");
        assertThat(ResultsTable.ratio(3, 2)).isEqualTo("1.50");
    }
}
