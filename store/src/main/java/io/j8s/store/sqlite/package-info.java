/**
 * The embedded SQLite backend of {@link io.j8s.store.Store}. One writer thread commits waiting writes
 * in batches (group commit) and pushes their events into an in-memory window that watches read;
 * readers share a small pool of connections. See {@link io.j8s.store.sqlite.SqliteStore} for the
 * layout of the database.
 */
package io.j8s.store.sqlite;
