package org.tlnlp.grading;

import com.tngtech.archunit.core.domain.AccessTarget;
import com.tngtech.archunit.core.domain.JavaAccess;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.core.domain.JavaMethod;
import com.tngtech.archunit.core.importer.ClassFileImporter;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Finds exercises that call the library piece they teach ({@link Exercise#mayNotUse}), in the compiled classes
 * of a lesson's {@code exercises} package (read with ArchUnit): every call, constructor call, field access and
 * method reference of the exercise's method, and of the helpers of its own it calls, is checked.
 */
final class LibraryTwins {

    /** The first forbidden use found in an exercise: what it calls, and where. */
    record Violation(String exercise, String target, String location) {
        String message() {
            return "uses the library's " + target + " " + location + ": this exercise is to be written without it";
        }
    }

    private LibraryTwins() {
    }

    /** Violations by exercise id, in the given package (e.g. {@code org.tlnlp.lesson05.exercises}). */
    static Map<String, Violation> find(String exercisesPackage) {
        JavaClasses classes = new ClassFileImporter().importPackages(exercisesPackage);
        Map<String, Violation> out = new LinkedHashMap<>();
        for (JavaClass c : classes) {
            if (!c.getPackageName().equals(exercisesPackage)) {
                continue;
            }
            for (JavaMethod m : c.getMethods()) {
                if (!m.isAnnotatedWith(Exercise.class)) {
                    continue;
                }
                Exercise e = m.getAnnotationOfType(Exercise.class);
                if (e.mayNotUse().length == 0 && e.mayNotCall().length == 0 || out.containsKey(e.value())) {
                    continue;
                }
                Violation v = firstUse(m, e.value(), Arrays.stream(e.mayNotUse()).map(Class::getName).toList(),
                        List.of(e.mayNotCall()), exercisesPackage);
                if (v != null) {
                    out.put(e.value(), v);
                }
            }
        }
        return out;
    }

    private static Violation firstUse(JavaMethod start, String exercise, List<String> forbidden, List<String> methods,
                                      String pkg) {
        Deque<JavaCodeUnit> todo = new ArrayDeque<>(List.of(start));
        Set<JavaCodeUnit> seen = new HashSet<>();
        while (!todo.isEmpty()) {
            JavaCodeUnit unit = todo.pop();
            if (!seen.add(unit)) {
                continue;
            }
            List<JavaAccess<?>> accesses = new ArrayList<>(unit.getAccessesFromSelf());
            accesses.addAll(unit.getMethodReferencesFromSelf());
            accesses.addAll(unit.getConstructorReferencesFromSelf());
            for (JavaAccess<?> a : accesses) {
                JavaClass owner = a.getTargetOwner();
                String name = owner.getName();
                if (methods.contains(name + "." + a.getTarget().getName())) {
                    return new Violation(exercise, owner.getSimpleName() + "." + a.getTarget().getName(),
                            a.getSourceCodeLocation().toString());
                }
                for (String f : forbidden) {
                    if (name.equals(f) || name.startsWith(f + "$")) {
                        return new Violation(exercise, owner.getSimpleName() + "." + a.getTarget().getName(),
                                a.getSourceCodeLocation().toString());
                    }
                }
                if (owner.getPackageName().equals(pkg)) {
                    AccessTarget target = a.getTarget();
                    if (target instanceof AccessTarget.CodeUnitAccessTarget code) {
                        code.resolveMember().ifPresent(todo::push);
                    }
                }
            }
            // The bodies of lambdas written in this code unit.
            for (JavaMethod m : unit.getOwner().getMethods()) {
                if (m.getName().startsWith("lambda$" + unit.getName() + "$")) {
                    todo.push(m);
                }
            }
        }
        return null;
    }
}
