/**
 * One API watch on the wire: {@link io.j8s.apiserver.watchstream.WatchStreams} runs a registry's
 * watch with back-pressure behind either encoding (JSON lines over a chunked response, or WebSocket
 * frames). Depends on the registry and the endpoints' {@code Reply}, never on http.
 */
package io.j8s.apiserver.watchstream;
