import { createServer, type Server, type Socket } from 'node:net';
import type { PGlite } from '@electric-sql/pglite';

/**
 * Serves one PGlite (a single PostgreSQL session) to many client connections over a Unix socket.
 *
 * PGlite has one session, so the server must never let two clients' protocol exchanges interleave. It queues
 * whole units (everything up to Sync, a simple Query, or the startup packet), runs one unit at a time, and while
 * a unit leaves a transaction open only that connection's units run until it ends. (Queuing single messages, as
 * @electric-sql/pglite-socket 0.2 does, lets one client's Bind land on another's Parse: pglite#1046.)
 */
const SSL_REQUEST = 80877103;
const CANCEL_REQUEST = 80877102;
const PROTOCOL_3 = 196608;

interface Unit {
  conn: Connection;
  messages: Uint8Array[];
  /** Ends the transaction a disconnected client left open. */
  rollback?: boolean;
}

interface Connection {
  id: number;
  socket: Socket;
  buffer: Buffer;
  pending: Uint8Array[];
  started: boolean;
  closed: boolean;
}

export class PgliteSocketServer {
  private server: Server | undefined;
  private readonly queue: Unit[] = [];
  private readonly connections = new Set<Connection>();
  private owner: Connection | undefined;
  private running = false;
  private nextId = 1;

  /** `trace` receives one line per connection event and unit (OPENHTM_DB_TRACE_FILE), for diagnosing stalls. */
  constructor(
    private readonly db: PGlite,
    private readonly trace?: (line: string) => void,
  ) {}

  private log(conn: Connection | undefined, event: string): void {
    this.trace?.(
      `${new Date().toISOString()} conn=${conn?.id ?? '-'} owner=${this.owner?.id ?? '-'} queued=${this.queue.length} ${event}`,
    );
  }

  async listen(path: string): Promise<void> {
    this.server = createServer((socket) => this.accept(socket));
    await new Promise<void>((resolve, reject) => {
      this.server?.once('error', reject);
      this.server?.listen(path, () => resolve());
    });
  }

  async close(): Promise<void> {
    for (const c of this.connections) c.socket.destroy();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
    while (this.running) await new Promise((r) => setTimeout(r, 5));
    if (this.db.isInTransaction()) await this.db.exec('ROLLBACK');
  }

  private accept(socket: Socket): void {
    socket.setNoDelay(true);
    const conn: Connection = {
      id: this.nextId++,
      socket,
      buffer: Buffer.alloc(0),
      pending: [],
      started: false,
      closed: false,
    };
    this.connections.add(conn);
    this.log(conn, 'accept');
    socket.on('data', (data: Buffer) => this.receive(conn, data));
    socket.on('error', () => socket.destroy());
    socket.on('close', () => this.drop(conn));
  }

  private receive(conn: Connection, data: Buffer): void {
    conn.buffer = conn.buffer.length ? Buffer.concat([conn.buffer, data]) : data;
    for (;;) {
      const b = conn.buffer;
      if (!conn.started) {
        if (b.length < 8) return;
        const len = b.readInt32BE(0);
        const code = b.readInt32BE(4);
        if (b.length < len) return;
        conn.buffer = b.subarray(len);
        this.log(conn, `startup code=${code}`);
        if (code === SSL_REQUEST) {
          conn.socket.write('N');
          continue;
        }
        if (code === CANCEL_REQUEST) continue;
        if (code !== PROTOCOL_3) {
          conn.socket.destroy();
          return;
        }
        conn.started = true;
        this.enqueue({ conn, messages: [new Uint8Array(b.subarray(0, len))] });
        continue;
      }
      if (b.length < 5) return;
      const len = 1 + b.readInt32BE(1);
      if (b.length < len) return;
      const type = String.fromCharCode(b[0] ?? 0);
      conn.buffer = b.subarray(len);
      if (type === 'X') {
        this.log(conn, 'terminate');
        conn.socket.end();
        return;
      }
      conn.pending.push(new Uint8Array(b.subarray(0, len)));
      // A unit ends where the server answers ReadyForQuery: after Sync or a simple Query.
      if (type === 'S' || type === 'Q') {
        this.enqueue({ conn, messages: conn.pending });
        conn.pending = [];
      }
    }
  }

  private enqueue(unit: Unit): void {
    this.queue.push(unit);
    void this.run();
  }

  /** Runs queued units one at a time; never rejects (an escaped error would take the database down with it). */
  private async run(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      for (;;) {
        const index = this.owner ? this.queue.findIndex((u) => u.conn === this.owner) : 0;
        if (index < 0 || this.queue.length === 0) {
          this.log(this.owner, 'idle');
          return;
        }
        const [unit] = this.queue.splice(index, 1);
        if (unit?.rollback) {
          await this.rollback();
          continue;
        }
        if (!unit || unit.conn.closed) continue;
        const types = unit.messages.map((m) =>
          unit.conn.started && m.length > 0 ? String.fromCharCode(m[0] ?? 0) : '?',
        );
        this.log(unit.conn, `unit ${types.join('')}`);
        try {
          await this.db.runExclusive(async () => {
            for (const message of unit.messages) {
              await this.db.execProtocolRawStream(message, {
                // `chunk` is a view of memory PGlite reuses for the next chunk. A write the socket cannot finish
                // at once keeps a reference to it, so it is copied: without the copy, a large answer to a client
                // that reads slowly arrived corrupted and the client waited forever.
                onRawData: (chunk) => {
                  if (!unit.conn.closed && unit.conn.socket.writable)
                    unit.conn.socket.write(Buffer.from(chunk));
                },
              });
            }
          });
        } catch (err) {
          this.log(unit.conn, `unit failed: ${err instanceof Error ? err.message : String(err)}`);
          // The engine refused the exchange itself (not an SQL error, which is answered in the protocol): the
          // client cannot continue, so it is disconnected rather than left waiting for an answer.
          unit.conn.socket.destroy();
        }
        this.owner = this.db.isInTransaction() && !unit.conn.closed ? unit.conn : undefined;
        this.log(unit.conn, `unit done inTransaction=${this.db.isInTransaction()}`);
        if (!this.owner && this.db.isInTransaction()) await this.rollback();
      }
    } finally {
      this.running = false;
    }
  }

  /** Called only from the run loop, so nothing else is executing; `exec` takes PGlite's own lock. */
  private async rollback(): Promise<void> {
    this.log(undefined, `rollback inTransaction=${this.db.isInTransaction()}`);
    if (!this.db.isInTransaction()) return;
    await this.db.exec('ROLLBACK').catch(() => undefined);
  }

  /**
   * A client that disconnects mid-transaction must not leave the single session inside it. The rollback runs as
   * a unit of its own in the run loop, so it can never overlap another client's exchange.
   */
  private drop(conn: Connection): void {
    this.log(conn, 'close');
    conn.closed = true;
    this.connections.delete(conn);
    for (let i = this.queue.length - 1; i >= 0; i--)
      if (this.queue[i]?.conn === conn) this.queue.splice(i, 1);
    if (this.owner === conn) {
      this.owner = undefined;
      this.queue.unshift({ conn, messages: [], rollback: true });
    }
    void this.run();
  }
}
