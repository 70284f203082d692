/** The NodePorts filter: a pod's host ports must be free on the node (protocol, host IP, port). */
package io.j8s.scheduler.plugins.nodeports;
