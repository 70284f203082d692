/**
 * Benchmarks ({@code j8s bench SUITE}): each suite measures real j8s parts, prints a Markdown table
 * and ends with one {@code SUITE key=value ...} line for scripts. Every suite accepts {@code --quick}.
 * Depends on the components it measures and on {@code io.j8s.testkit} for real etcd.
 */
package io.j8s.bench;
