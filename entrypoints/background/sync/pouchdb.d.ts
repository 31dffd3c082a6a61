/*
 * The part of PouchDB 9 the sync uses, typed here: the packages ship no types, and
 * DefinitelyTyped's declare global `Blob` and `Buffer` interfaces that break Node's types.
 */
declare module 'pouchdb-core' {
  namespace PouchDB {
    interface Doc {
      _id: string;
      _rev?: string;
      _deleted?: boolean;
      _conflicts?: string[];
      [field: string]: unknown;
    }
    interface Info {
      doc_count: number;
      update_seq: number | string;
    }
    interface Change {
      id: string;
      seq: number | string;
      deleted?: boolean;
      doc?: Doc;
    }
    interface ReplicateOptions {
      retry?: boolean;
      batch_size?: number;
      filter?: (doc: Doc) => boolean;
    }
    interface ReplicationResult {
      ok: boolean;
      docs_read: number;
      docs_written: number;
      last_seq: number | string;
    }
    interface Options {
      adapter?: string;
      prefix?: string;
      skip_setup?: boolean;
      auto_compaction?: boolean;
      revs_limit?: number;
      fetch?: (url: string | Request, init?: RequestInit) => Promise<Response>;
    }
    interface Database {
      name: string;
      info(): Promise<Info>;
      get(id: string, opts?: { rev?: string }): Promise<Doc>;
      put(doc: Doc): Promise<{ ok: boolean; id: string; rev: string }>;
      bulkDocs(
        docs: object[],
      ): Promise<({ ok: true; id: string; rev: string } | { error: string })[]>;
      allDocs(opts: { include_docs: true; conflicts?: boolean }): Promise<{
        rows: { id: string; value: { rev: string }; doc?: Doc }[];
      }>;
      changes(opts: { since: number | string; include_docs: true; conflicts?: boolean }): Promise<{
        results: Change[];
        last_seq: number | string;
      }>;
      /** A request to the database's address (`path` relative to it). */
      fetch(path: string, init?: RequestInit): Promise<Response>;
      replicate: {
        from(source: Database, opts?: ReplicateOptions): Promise<ReplicationResult>;
        to(target: Database, opts?: ReplicateOptions): Promise<ReplicationResult>;
      };
      close(): Promise<void>;
      destroy(): Promise<void>;
    }
    type Plugin = (pouch: Static) => void;
    interface Static {
      new (name: string, options?: Options): Database;
      plugin(plugin: Plugin): Static;
      defaults(options: Options): Static;
    }
  }
  const PouchDB: PouchDB.Static;
  export = PouchDB;
}

declare module 'pouchdb-adapter-http' {
  import type PouchDB from 'pouchdb-core';
  const plugin: PouchDB.Plugin;
  export = plugin;
}

declare module 'pouchdb-adapter-indexeddb' {
  import type PouchDB from 'pouchdb-core';
  const plugin: PouchDB.Plugin;
  export = plugin;
}

declare module 'pouchdb-replication' {
  import type PouchDB from 'pouchdb-core';
  const plugin: PouchDB.Plugin;
  export = plugin;
}
