/**
 * What upstream's Go encoding writes that a JSON tree leaves out: the zero values of non-pointer
 * struct fields and of fields without {@code omitempty}. Depends on the fabric8 model and the
 * api codec; the registry calls it before validation and storage.
 */
package io.j8s.apiserver.wire;
