/**
 * Informers shared by the controllers (or plugins) of one component: one list+watch per
 * resource type, whoever asks for it. Depends on the fabric8 client only.
 */
package io.j8s.componentbase.informers;
