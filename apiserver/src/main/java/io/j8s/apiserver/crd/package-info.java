/**
 * CustomResourceDefinitions served by the API server itself, as upstream's
 * apiextensions-apiserver: the controller that accepts names and establishes a definition, the
 * registry strategy, table printer and conversion of its custom resources, the automatic
 * APIServices and the clean-up when a definition is deleted.
 */
package io.j8s.apiserver.crd;
