/**
 * Container logs in the CRI log format ({@code <RFC3339Nano> <stream> <P|F> <text>} per line):
 * reading them for the kubelet API (tail, since, follow across a rotation) and rotating them by
 * size. Depends on the runtime contract only.
 */
package io.j8s.kubelet.logs;
