/** The ImageLocality score: prefer nodes that already hold the pod's images, weighed by spread. */
package io.j8s.scheduler.plugins.imagelocality;
