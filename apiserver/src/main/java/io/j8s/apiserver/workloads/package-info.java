/**
 * What upstream's pkg/apis/core, apps and batch do to pods and the controllers that template
 * them: defaults, validation with upstream's field paths and messages, and the pod's QoS class.
 * Works on Jackson trees; depends on api only.
 */
package io.j8s.apiserver.workloads;
