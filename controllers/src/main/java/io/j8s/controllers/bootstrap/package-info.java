/**
 * Bootstrap tokens' controllers: the token cleaner, which deletes bootstrap token Secrets once
 * they expire, as upstream's {@code tokencleaner}.
 */
package io.j8s.controllers.bootstrap;
