package org.tlnlp.lab;

import java.lang.reflect.Constructor;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A lab's size as a record whose fields are set by name: {@code Settings.of(Gpt2Settings.class, "layers", 4,
 * "width", 128, ...)}. Every field must be named exactly once, so a size cannot leave one out or set one twice,
 * and a misspelt name is an error that lists the record's fields. Numbers are converted to the field's type
 * (an integer field refuses 2.5).
 */
public final class Settings {

    private Settings() {
    }

    /** The record with each field set from the {@code name, value} pairs. */
    public static <R extends Record> R of(Class<R> type, Object... namesAndValues) {
        if (namesAndValues.length % 2 != 0) {
            throw new IllegalArgumentException(type.getSimpleName() + ": give name, value pairs; got an odd number of arguments");
        }
        Map<String, Object> given = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            if (!(namesAndValues[i] instanceof String name)) {
                throw new IllegalArgumentException(type.getSimpleName() + ": argument " + i + " should be a field name, not "
                        + namesAndValues[i]);
            }
            if (given.put(name, namesAndValues[i + 1]) != null) {
                throw new IllegalArgumentException(type.getSimpleName() + ": '" + name + "' is set twice");
            }
        }
        RecordComponent[] fields = type.getRecordComponents();
        List<String> names = Arrays.stream(fields).map(RecordComponent::getName).toList();
        List<String> unknown = new ArrayList<>(given.keySet());
        unknown.removeAll(names);
        List<String> missing = new ArrayList<>(names);
        missing.removeAll(given.keySet());
        if (!unknown.isEmpty() || !missing.isEmpty()) {
            throw new IllegalArgumentException(type.getSimpleName() + ": " + (unknown.isEmpty() ? "" : "no field named "
                    + unknown + "; ") + (missing.isEmpty() ? "" : "not set: " + missing + "; ") + "its fields are " + names);
        }
        Object[] values = new Object[fields.length];
        Class<?>[] types = new Class<?>[fields.length];
        for (int i = 0; i < fields.length; i++) {
            types[i] = fields[i].getType();
            values[i] = convert(type, fields[i].getName(), types[i], given.get(fields[i].getName()));
        }
        try {
            Constructor<R> c = type.getDeclaredConstructor(types);
            c.setAccessible(true);
            return c.newInstance(values);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(type.getSimpleName() + ": " + e, e);
        }
    }

    private static Object convert(Class<?> record, String name, Class<?> to, Object value) {
        if (value instanceof Number n && to.isPrimitive()) {
            double d = n.doubleValue();
            if ((to == int.class || to == long.class) && d != Math.rint(d)) {
                throw new IllegalArgumentException(record.getSimpleName() + ": '" + name + "' is an integer, not " + value);
            }
            if (to == int.class) {
                return n.intValue();
            }
            if (to == long.class) {
                return n.longValue();
            }
            if (to == float.class) {
                return n.floatValue();
            }
            if (to == double.class) {
                return d;
            }
        }
        if (to == boolean.class && value instanceof Boolean) {
            return value;
        }
        if (!to.isPrimitive() && (value == null || to.isInstance(value))) {
            return value;
        }
        throw new IllegalArgumentException(record.getSimpleName() + ": '" + name + "' is a " + to.getSimpleName() + ", not "
                + (value == null ? "null" : value.getClass().getSimpleName() + " " + value));
    }
}
