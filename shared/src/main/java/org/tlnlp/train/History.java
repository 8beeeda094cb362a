package org.tlnlp.train;

import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Every metric logged during training, in order: (step, epoch, name, value). */
public final class History {

    /** One logged value. */
    public record Point(int step, int epoch, String metric, double value) {
    }

    private final List<Point> points = new ArrayList<>();

    public synchronized void log(int step, int epoch, String metric, double value) {
        points.add(new Point(step, epoch, metric, value));
    }

    public synchronized List<Point> points() {
        return Collections.unmodifiableList(new ArrayList<>(points));
    }

    /** The names of the metrics logged, in first-seen order. */
    public synchronized Set<String> metrics() {
        Set<String> names = new LinkedHashSet<>();
        points.forEach(p -> names.add(p.metric()));
        return names;
    }

    /** The points of one metric. */
    public synchronized List<Point> series(String metric) {
        return points.stream().filter(p -> p.metric().equals(metric)).toList();
    }

    /** A metric as a line series {steps, values}, for a figure. */
    public synchronized double[][] xy(String metric) {
        List<Point> p = series(metric);
        return new double[][] {p.stream().mapToDouble(Point::step).toArray(), p.stream().mapToDouble(Point::value).toArray()};
    }

    /** The last value of a metric, or NaN when it was never logged. */
    public synchronized double last(String metric) {
        for (int i = points.size() - 1; i >= 0; i--) {
            if (points.get(i).metric().equals(metric)) {
                return points.get(i).value();
            }
        }
        return Double.NaN;
    }

    /** The history as a table with columns step, epoch, metric, value. */
    public synchronized Table toTable(String title) {
        return Table.create(title,
                IntColumn.create("step", points.stream().mapToInt(Point::step).toArray()),
                IntColumn.create("epoch", points.stream().mapToInt(Point::epoch).toArray()),
                StringColumn.create("metric", points.stream().map(Point::metric).toList()),
                DoubleColumn.create("value", points.stream().mapToDouble(Point::value).toArray()));
    }
}
