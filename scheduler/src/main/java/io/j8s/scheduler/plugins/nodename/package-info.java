/** The NodeName filter: a pod that names its node ({@code spec.nodeName}) fits only there. */
package io.j8s.scheduler.plugins.nodename;
