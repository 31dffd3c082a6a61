/**
 * PouchDB as the background uses it: its core, the IndexedDB adapter (the replica's storage),
 * the HTTP adapter (the server) and replication, and nothing else (no map/reduce, no find).
 * PouchDB 9 talks to servers with `fetch` (no `XMLHttpRequest`, which a service worker
 * lacks); its one Node built-in, `events`, is the `events` package in the bundle.
 */
import PouchDB from 'pouchdb-core';
import HttpAdapter from 'pouchdb-adapter-http';
import IndexedDbAdapter from 'pouchdb-adapter-indexeddb';
import Replication from 'pouchdb-replication';

PouchDB.plugin(IndexedDbAdapter).plugin(HttpAdapter).plugin(Replication);

/** PouchDB with the plugins above. */
export { PouchDB };

/** A PouchDB database (the replica, or the server's database). */
export type Database = PouchDB.Database;
