/**
 * The vocabulary every j8s component shares: the build's version today; the resource catalogue,
 * selectors, quantities, Status errors and codecs as the API server lands. Depends on nothing of j8s.
 */
package io.j8s.api;
