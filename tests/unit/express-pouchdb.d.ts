// express-pouchdb ships no types: the test server only needs its factory.
declare module 'express-pouchdb' {
  import type { RequestListener } from 'node:http';
  import type PouchDB from 'pouchdb-core';
  function expressPouchDB(
    pouch: PouchDB.Static,
    options?: { mode?: string; inMemoryConfig?: boolean; logPath?: string },
  ): RequestListener;
  export = expressPouchDB;
}
declare module 'pouchdb-adapter-memory' {
  import type PouchDB from 'pouchdb-core';
  const plugin: PouchDB.Plugin;
  export = plugin;
}
