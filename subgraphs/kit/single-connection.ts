/**
 * One PostgreSQL connection of a subgraph's own, outside its pool, for a tiny read every request
 * waits on (the person index's restrictions version): in the pool such a read queues behind
 * whatever the pool is busy with, and every request waiting on it waits with it. Statements on
 * it run one after another, each bounded like the pool's; a connection that failed is dropped
 * and the next statement opens a new one.
 */
import { Client } from 'pg';

const CONNECT_TIMEOUT_MS = 3_000;
const STATEMENT_TIMEOUT_MS = 2_000;

export class SingleConnection {
  private opening: Promise<Client> | undefined;
  private closed = false;

  constructor(private readonly databaseUrl: string) {}

  async query<TRow>(sql: string): Promise<TRow[]> {
    if (this.closed) throw new Error('the connection is closed');
    const opening = (this.opening ??= this.connect());
    let client: Client;
    try {
      client = await opening;
    } catch (error) {
      this.drop(opening);
      throw error;
    }
    try {
      return (await client.query(sql)).rows as TRow[];
    } catch (error) {
      // A statement PostgreSQL refused leaves the connection usable; anything else (a broken
      // socket, the client's own timeout) does not.
      if (!isStatementError(error)) {
        this.drop(opening);
        void client.end().catch(() => undefined);
      }
      throw error;
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    const opening = this.opening;
    this.opening = undefined;
    if (opening) await opening.then((client) => client.end()).catch(() => undefined);
  }

  private connect(): Promise<Client> {
    const client = new Client({
      connectionString: this.databaseUrl,
      connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
      statement_timeout: STATEMENT_TIMEOUT_MS,
      query_timeout: STATEMENT_TIMEOUT_MS + 500,
    });
    const opening = client.connect().then(() => client);
    // The server dropping an idle connection is reported here; without a listener it would end the process.
    client.on('error', () => this.drop(opening));
    return opening;
  }

  private drop(opening: Promise<Client>): void {
    if (this.opening === opening) this.opening = undefined;
  }
}

/**
 * PostgreSQL answered the statement with an error of its own (it has a SQLSTATE code) and kept the
 * session: not a FATAL or PANIC, a connection exception (class 08) or an operator ending the
 * backend (57P01–57P05). A terminated backend's last words arrive as the answer to the statement
 * in flight, and the connection is gone after them; a cancelled statement (57014, a timeout)
 * leaves it usable.
 */
function isStatementError(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const { code, severity } = error as { code?: unknown; severity?: unknown };
  if (typeof code !== 'string' || !/^[0-9A-Z]{5}$/.test(code)) return false;
  return severity !== 'FATAL' && severity !== 'PANIC' && !code.startsWith('08') && !code.startsWith('57P');
}
