/**
 * The entry points: {@code j8s server}, {@code j8s kubectl} ({@code j8s bench} is the bench
 * module's own jar). Parses flags with picocli and wires the components together; holds no logic
 * of its own. The only module that may see every other one.
 */
package io.j8s.cli;
