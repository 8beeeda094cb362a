package org.tlnlp.plot;

import org.junit.jupiter.api.Test;
import org.tlnlp.analysis.TestAccuracy;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TablesTest {

    @Test
    void accuracyColumnsCarryIntervalItemsAndSeeds() {
        int[] gold = {0, 1, 1, 0, 1, 0, 0, 1, 1, 1};
        TestAccuracy one = TestAccuracy.of(gold).add(new int[] {0, 1, 1, 0, 1, 0, 0, 1, 0, 0});
        TestAccuracy two = TestAccuracy.of(gold).add(gold).add(new int[] {1, 1, 1, 0, 1, 0, 0, 1, 1, 0});
        Table t = Table.create("t", StringColumn.create("method", List.of("a", "b", "c")));
        Tables.addAccuracy(t, "acc", Arrays.asList(one, two, null));
        assertEquals(List.of("method", "acc", "acc_95ci", "acc_n", "acc_seeds"), t.columnNames());
        String md = Tables.markdown(t);
        assertTrue(md.contains("| a | 0.8 | [0.490, 0.943] | 10 | 1 seed |"), md);
        assertTrue(md.contains("| b | 0.9 | [0.596, 0.982] | 10 | 0.800–1.000 (2 seeds) |"), md);
        assertTrue(md.contains("| c | — | — | — | — |"), md);
    }

    @Test
    void oneSeedEverywhereLeavesTheSeedColumnOut() {
        Table t = Table.create("t", StringColumn.create("method", List.of("a")));
        Tables.addAccuracy(t, "acc", List.of(TestAccuracy.constant(new int[] {1, 0}, 1)));
        assertEquals(List.of("method", "acc", "acc_95ci", "acc_n"), t.columnNames());
        var e = assertThrows(IllegalArgumentException.class, () -> Tables.addAccuracy(t, "x", List.of()));
        assertTrue(e.getMessage().contains("0 accuracies for 1 rows"), e.getMessage());
    }
}
