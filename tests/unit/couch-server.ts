/**
 * A CouchDB-protocol server for the sync tests: express-pouchdb over PouchDB's in-memory
 * adapter, on 127.0.0.1 and a free port, with faults a test can turn on (an answer of 401 or
 * 500, garbage instead of JSON, or the connection dropped after some requests).
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import expressPouchDB from 'express-pouchdb';
import MemoryAdapter from 'pouchdb-adapter-memory';
import { PouchDB, type Database } from '../../entrypoints/background/sync/pouch';

PouchDB.plugin(MemoryAdapter);

/** What the server does instead of answering, when set. */
export type Fault =
  | { kind: 'status'; status: number }
  | { kind: 'garbage' }
  /** Answer `after` more requests, then drop every connection. */
  | { kind: 'drop'; after: number };

/** A running server. */
export interface CouchServer {
  url: string;
  /** The server's own PouchDB for a database (to look at or seed what it holds). */
  db(name: string): Database;
  fault: Fault | null;
  /** Requests answered so far. */
  requests: number;
  close(): Promise<void>;
}

/** Start a server with an empty in-memory store (each server its own). */
export async function startCouchServer(): Promise<CouchServer> {
  const prefix = `srv${Math.random().toString(36).slice(2)}-`;
  const Memory = PouchDB.defaults({ adapter: 'memory', prefix });
  const app = expressPouchDB(Memory, { mode: 'minimumForPouchDB', inMemoryConfig: true });
  const handle = (req: IncomingMessage, res: ServerResponse) => {
    const fault = server.fault;
    if (fault?.kind === 'status') {
      res.writeHead(fault.status, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: 'fault', reason: 'a test fault' }));
      return;
    }
    if (fault?.kind === 'garbage') {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('<html><script>alert(1)</script>');
      return;
    }
    if (fault?.kind === 'drop') {
      if (fault.after <= 0) {
        req.socket.destroy();
        return;
      }
      fault.after--;
    }
    server.requests++;
    app(req, res);
  };
  const http = createServer(handle);
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const { port } = http.address() as AddressInfo;
  const server: CouchServer = {
    url: `http://127.0.0.1:${port}`,
    db: (name) => new Memory(name),
    fault: null,
    requests: 0,
    close: () =>
      new Promise<void>((resolve) => {
        http.closeAllConnections();
        http.close(() => resolve());
      }),
  };
  return server;
}
